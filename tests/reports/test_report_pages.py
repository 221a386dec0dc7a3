"""The report pages: who may open them, what a network admin sees, CSV = page, the log."""

from __future__ import annotations

import csv
import io

import pytest

from pdportal.extensions import db
from pdportal.models import RaceEthnicity, ReportAccess
from pdportal.services import directory

ROUTES = [
    "/admin/reports/reach",
    "/admin/reports/reach.csv",
    "/admin/reports/schools-not-reached",
]
SITE_ONLY = ["/admin/reports/log", "/admin/reports/directory"]


@pytest.fixture
def people(make_network, make_user, make_workshop, register_many):
    network = make_network("Puget Sound STEM Network")
    other = make_network("Central Oregon STEM Hub")
    register_many(make_workshop(network=network), 12, race_ethnicity=[RaceEthnicity.ASIAN.value])
    register_many(make_workshop(network=other), 40)
    facilitator = make_user()
    make_workshop(network=network, facilitators=[facilitator])
    return {
        "network": network,
        "other": other,
        "educator": make_user(),
        "facilitator": facilitator,
        "admin": make_user(admin_of=network),
        "site_admin": make_user(is_site_admin=True),
    }


@pytest.mark.parametrize("path", ROUTES + SITE_ONLY)
@pytest.mark.parametrize("role", ["educator", "facilitator"])
def test_educators_and_facilitators_may_not_open_reports(client, auth, people, role, path):
    auth.login(people[role])
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", ROUTES + SITE_ONLY)
def test_anonymous_visitors_are_sent_to_log_in(client, people, path):
    assert client.get(path).status_code == 302


@pytest.mark.parametrize("path", SITE_ONLY)
def test_network_admins_may_not_see_the_log_or_match_schools(client, auth, people, path):
    auth.login(people["admin"])
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", ROUTES + SITE_ONLY)
def test_site_admins_open_every_report(client, auth, people, path):
    auth.login(people["site_admin"])
    assert client.get(path).status_code == 200


def test_a_network_admin_sees_only_their_networks(client, auth, people):
    auth.login(people["admin"])
    page = client.get("/admin/reports/reach").get_data(as_text=True)
    assert "Puget Sound STEM Network" in page and "Central Oregon" not in page
    assert "12 people counted" in page
    other = client.get(f"/admin/reports/reach?network={people['other'].id}")
    assert other.status_code == 200 and "Choose one of the options" in other.get_data(as_text=True)


def test_the_csv_matches_the_page_with_the_same_cells_hidden(client, auth, people):
    auth.login(people["site_admin"])
    args = "?rows=race_ethnicity&measure=registrations&from=2000-01-01&to=2100-01-01"
    page = client.get("/admin/reports/reach" + args).get_data(as_text=True)
    download = client.get("/admin/reports/reach.csv" + args)
    assert download.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(download.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["Race and ethnicity", "Registrations"]
    table = dict(rows[1:])
    assert table["Asian"] == "12" and table["Not answered"] == "40"
    assert table["Total (each person once)"] == "52"
    for label, value in rows[1:]:
        assert f'<th scope="row">{label}</th>' in page.replace("&#39;", "'")
        assert value == "hidden" or value.isdigit()


def test_a_cross_tab_hides_small_cells_on_page_and_in_csv(client, auth, people):
    auth.login(people["site_admin"])
    args = "?rows=network&columns=race_ethnicity&from=2000-01-01&to=2100-01-01"
    rows = list(
        csv.reader(
            io.StringIO(
                client.get("/admin/reports/reach.csv" + args)
                .get_data(as_text=True)
                .lstrip("\ufeff")
            )
        )
    )
    for row in rows[1:]:
        for value in row[1:]:
            assert value == "hidden" or not 0 < int(value.replace(",", "")) < 10


@pytest.mark.parametrize(
    "args",
    [
        "?from=2026-13-45",
        "?from=99999-01-01",
        "?from=1900-01-01",
        "?from=2026-06-01&to=2026-01-01",
        "?rows=nonsense",
        "?rows=county&columns=county",
        "?measure=%00",
        "?network=999999999999999999999",
    ],
)
def test_bad_filters_get_a_message_never_a_500(client, auth, people, args):
    auth.login(people["site_admin"])
    # 200 with the message beside the field (400 for NUL, refused before any view)
    assert client.get("/admin/reports/reach" + args).status_code in (200, 400)
    assert client.get("/admin/reports/reach.csv" + args).status_code == 400


def test_every_view_and_download_is_logged_for_site_admins(client, auth, people):
    auth.login(people["admin"])
    client.get("/admin/reports/reach?rows=gender")
    client.get("/admin/reports/reach.csv?rows=gender")
    entries = db.session.query(ReportAccess).order_by(ReportAccess.id).all()
    assert [(e.user_id, e.report, e.parameters) for e in entries] == [
        (people["admin"].id, "reach", "rows=gender"),
        (people["admin"].id, "reach.csv", "rows=gender"),
    ]
    auth.login(people["site_admin"])
    assert people["admin"].email in client.get("/admin/reports/log").get_data(as_text=True)


def test_flagged_schools_nobody_came_from_are_listed_by_county(
    client, auth, people, project_root, register_many, make_workshop
):
    directory.import_csv((project_root / "pdportal/data/schools_sample.csv").read_text("utf-8"))
    leschi = directory.search("chief leschi")[0]
    register_many(make_workshop(network=people["network"]), 1, school_id=leschi.id)
    auth.login(people["admin"])
    page = client.get("/admin/reports/schools-not-reached").get_data(as_text=True)
    assert "Yakima County" in page and "Yakama Nation Tribal School" in page
    assert "Chief Leschi Schools" not in page
    assert "Hazen High School" not in page  # no flag


def test_a_site_admin_matches_a_typed_school_to_the_directory(
    client, auth, people, project_root, make_user
):
    directory.import_csv((project_root / "pdportal/data/schools_sample.csv").read_text("utf-8"))
    typed = [make_user(school="Tyee Middle School", district="Highline") for _ in range(2)]
    auth.login(people["site_admin"])
    page = client.get("/admin/reports/directory").get_data(as_text=True)
    assert "2 people typed this." in page and "Match to Tyee Middle School" in page
    response = client.post(
        "/admin/reports/directory/match",
        data={
            "typed_school": "Tyee Middle School",
            "typed_district": "Highline",
            "state": "wa",
            "code": "2851",
        },
        follow_redirects=True,
    )
    assert "2 people now have Tyee Middle School as their school." in response.get_data(
        as_text=True
    )
    for user in typed:
        db.session.refresh(user)
        assert user.listed_school.code == "2851"
        assert user.district == "Highline Public Schools"


def test_matching_needs_a_school_in_the_directory(client, auth, people):
    auth.login(people["site_admin"])
    response = client.post(
        "/admin/reports/directory/match",
        data={"typed_school": "X", "typed_district": "", "state": "WA", "code": "0000"},
        follow_redirects=True,
    )
    assert "No school in the directory has that state and code." in response.get_data(as_text=True)
