"""Sponsored seats: confirmed seats that hold a use of a code, by code and school flags,
with the same suppression as every report; page and CSV for the funder."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from pdportal.extensions import db
from pdportal.models import (
    DiscountCode,
    DiscountRedemption,
    PaymentMethod,
    Registration,
    RegistrationStatus,
)
from pdportal.services import directory
from pdportal.services.reports import reach, sponsored
from pdportal.services.reports.sponsored import SponsoredMeasure, SponsoredQuery
from tests.conftest import recorded_statements


@pytest.fixture
def sponsor(make_user):
    """`sponsor(workshop, code, n, status=…, released=False, **profile)`: n educators who
    registered with the code."""

    def make(workshop, code, n, status=RegistrationStatus.CONFIRMED, released=False, **profile):
        for _ in range(n):
            user = make_user(**profile)
            registration = Registration(
                user_id=user.id,
                workshop_id=workshop.id,
                status=status,
                payment_method=PaymentMethod.SPONSORED,
            )
            db.session.add(registration)
            db.session.flush()
            db.session.add(
                DiscountRedemption(
                    discount_code_id=code.id,
                    registration_id=registration.id,
                    released_at=workshop.starts_at if released else None,
                )
            )
        db.session.commit()

    return make


@pytest.fixture
def schools(app, project_root):
    directory.import_csv((project_root / "pdportal/data/schools_sample.csv").read_text("utf-8"))
    return {"tribal": directory.search("chief leschi")[0]}


def code_for(network, code="STEMFUND", **fields):
    fields.setdefault("percent_off", 100)
    discount = DiscountCode(network_id=network.id, code=code, **fields)
    db.session.add(discount)
    db.session.commit()
    return discount


def query(this_year, **fields):
    fields.setdefault("network_ids", None)
    return SponsoredQuery(starts_on=this_year[0], ends_on=this_year[1], **fields)


def test_seats_by_code_and_school_flag(make_workshop, sponsor, schools, this_year):
    workshop = make_workshop(price_cents=15000)
    fund = code_for(workshop.network, description="Tribal education fund")
    half = code_for(workshop.network, "HALF", percent_off=None, amount_off_cents=5000)
    sponsor(workshop, fund, 12, school_id=schools["tribal"].id)
    sponsor(workshop, fund, 11)  # not in the directory
    sponsor(workshop, fund, 4, status=RegistrationStatus.CANCELLED)  # not seats
    sponsor(workshop, fund, 5, released=True)  # a use given back: not a seat
    sponsor(workshop, half, 10)
    table = sponsored.build(query(this_year))
    assert table.row_keys == [str(half.id), str(fund.id)]
    tribal = table.column_keys.index("tribal")
    unlisted = table.column_keys.index(reach.NOT_ANSWERED)
    fund_row = table.row_keys.index(str(fund.id))
    poor = table.column_keys.index("high_poverty")
    assert table.value(fund_row, tribal) == table.value(fund_row, poor) == 12  # both flags
    assert table.value(fund_row, unlisted) == 11
    assert table.value(fund_row, None) == 23  # each person once
    assert table.value(None, unlisted) == 21
    assert table.people == 33
    amounts = sponsored.build(query(this_year, measure=SponsoredMeasure.AMOUNT))
    assert amounts.value(fund_row, tribal) == Decimal(1800)  # 12 × $150
    assert amounts.value(table.row_keys.index(str(half.id)), None) == Decimal(500)  # 10 × $50


def test_a_network_admin_counts_only_their_networks(make_workshop, sponsor, this_year):
    mine, other = make_workshop(), make_workshop()
    sponsor(mine, code_for(mine.network), 10)
    sponsor(other, code_for(other.network), 10)
    table = sponsored.build(query(this_year, network_ids=frozenset({mine.network_id})))
    assert table.people == 10 and len(table.row_keys) == 1


def test_the_report_runs_the_same_queries_whatever_the_data_size(make_workshop, sponsor, this_year):
    workshop = make_workshop()
    code = code_for(workshop.network)

    def statements(people: int) -> int:
        sponsor(workshop, code, people)
        with recorded_statements() as seen:
            sponsored.build(query(this_year))
        return len(seen)

    assert statements(2) == statements(25) <= 2


def test_the_page_and_csv_show_the_same_hidden_cells(
    client, auth, make_workshop, make_user, sponsor, this_year
):
    workshop = make_workshop()
    sponsor(workshop, code_for(workshop.network, description="Boeing scholarship"), 14)
    sponsor(workshop, code_for(workshop.network, "SMALL"), 2)
    auth.login(make_user(admin_of=workshop.network))
    page = client.get("/admin/reports/sponsored").get_data(as_text=True)
    assert "STEMFUND (100% off" in page and "Boeing scholarship" in page
    download = client.get("/admin/reports/sponsored.csv")
    rows = list(csv.reader(io.StringIO(download.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][0] == "Code" and rows[0][-1] == "Total"
    by_code = {row[0].split(" ")[0]: row for row in rows[1:]}
    assert by_code["SMALL"][-1] == "hidden" and by_code["STEMFUND"][-1] == "hidden"
    assert by_code["Total"][-1] == "16"
    assert all(f">{cell}<" in page for cell in by_code["Total"][1:])


@pytest.mark.parametrize(
    "args", ["?measure=bogus", "?from=1500-01-01", "?network=999999", "?to=banana"]
)
def test_bad_filters_say_so(client, auth, make_user, args):
    auth.login(make_user(is_site_admin=True))
    assert client.get("/admin/reports/sponsored" + args).status_code == 200
    assert client.get("/admin/reports/sponsored.csv" + args).status_code == 400
    assert client.get("/admin/reports/impact" + args.replace("measure", "by")).status_code == 200


@pytest.mark.parametrize("path", ["/admin/reports/sponsored", "/admin/reports/impact"])
def test_a_nul_byte_in_a_filter_is_refused_not_an_error(client, auth, make_user, path):
    auth.login(make_user(is_site_admin=True))
    assert client.get(path + "?to=%00&by=%00&measure=%00").status_code == 400
