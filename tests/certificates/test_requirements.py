"""The same hours count toward one requirement only, and the renewal tracker (issue 11)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from pdportal.models import (
    AttendanceStatus,
    Certificate,
    CertificateStatus,
    CreditType,
    Designation,
)
from pdportal.services import certificates
from pdportal.services.certificates import renewal, transcripts
from pdportal.services.certificates.renewal import RenewalRole

ZONE = "America/Los_Angeles"
VALUES = [d.value for d in Designation]


def made(hours: str, designations: list[str], *, counted: str = "", year: int = 2025, **fields):
    ends = datetime(year, 3, 1, 20, tzinfo=UTC)
    return Certificate(
        workshop_title="Course",
        credit_type=fields.pop("credit_type", CreditType.WA_CLOCK_HOURS),
        credited_hours=Decimal(hours),
        designations=designations,
        counted_toward=counted,
        network_name="Network",
        time_zone=ZONE,
        starts_at=ends,
        ends_at=ends,
        status=fields.pop("status", CertificateStatus.VALID),
    )


def test_a_certificate_with_two_designations_counts_once():
    summary = transcripts.totals([made("6", ["stem", "equity"]), made("3", ["stem"])])
    assert summary.total == Decimal(9)
    assert summary.by_designation == {"stem": Decimal(9)}


def test_the_educators_choice_decides_where_it_counts():
    summary = transcripts.totals([made("6", ["stem", "equity"], counted="equity")])
    assert summary.by_designation == {"equity": Decimal(6)}


def test_a_choice_the_certificate_does_not_carry_is_ignored():
    assert transcripts.counted_requirement(made("6", ["stem"], counted="equity")) == "stem"
    assert transcripts.counted_requirement(made("6", [])) == ""


certificate_strategy = st.builds(
    lambda halves, designations, counted, valid: made(
        str(Decimal(halves) / 2),
        designations,
        counted=counted,
        status=CertificateStatus.VALID if valid else CertificateStatus.REVOKED,
    ),
    st.integers(0, 200),
    st.lists(st.sampled_from([*VALUES, "retired"]), unique=True, max_size=6),
    st.sampled_from(["", *VALUES, "nonsense"]),
    st.booleans(),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(certificate_strategy, max_size=12))
def test_totals_by_requirement_never_exceed_the_total(certificates_):
    summary = transcripts.totals(certificates_)
    assert sum(summary.by_designation.values(), Decimal(0)) <= summary.total
    assert all(hours <= summary.total for hours in summary.by_designation.values())
    counted = sum(
        (c.credited_hours for c in certificates_ if c.is_valid and c.designations), Decimal(0)
    )
    assert sum(summary.by_designation.values(), Decimal(0)) == counted


@settings(max_examples=100, deadline=None)
@given(
    st.lists(certificate_strategy, max_size=12),
    st.sampled_from(list(RenewalRole)),
    st.booleans(),
)
def test_renewal_lines_never_count_more_than_the_window_holds(certificates_, role, stem):
    found = renewal.progress(certificates_, role, date(2027, 6, 30), stem_endorsed=stem)
    total, *shares = found.requirements
    assert sum((line.earned or 0 for line in shares if line.name != "stem" or not stem), 0) <= (
        total.earned
    )
    assert all(line.earned is None or line.earned <= total.earned for line in shares)


def test_a_teachers_renewal_needs_100_hours_and_15_equity():
    found = renewal.progress(
        [
            made("40", ["stem", "equity"], counted="equity"),
            made("30", ["stem"]),
            made("10", ["equity"], year=2019),  # before the window
            made("20", ["equity"], credit_type=CreditType.OR_PDUS),  # not WA clock hours
            made("5", ["equity"], status=CertificateStatus.REVOKED),
        ],
        RenewalRole.TEACHER,
        date(2027, 6, 30),
        stem_endorsed=True,
    )
    lines = {line.name: line for line in found.requirements}
    assert found.window_starts == date(2022, 6, 30)
    assert (lines["total"].earned, lines["total"].still_needed) == (Decimal(70), Decimal(30))
    assert lines["equity"].is_met and lines["equity"].required == Decimal(15)
    assert (lines["stem"].earned, lines["stem"].still_needed) == (Decimal(30), Decimal(0))


def test_an_administrators_renewal_lists_equity_leadership_and_government_to_government():
    found = renewal.progress(
        [made("12", ["leadership"])], RenewalRole.ADMINISTRATOR, date(2027, 6, 30)
    )
    lines = {line.name: line for line in found.requirements}
    assert [line.name for line in found.requirements] == [
        "total",
        "equity",
        "leadership",
        "government_to_government",
    ]
    assert lines["leadership"].is_met and lines["equity"].still_needed == Decimal(10)
    assert lines["government_to_government"].earned is None
    assert lines["government_to_government"].required == Decimal(5)


def test_a_leap_day_window_starts_on_28_february():
    assert renewal.window_start(date(2028, 2, 29)) == date(2023, 2, 28)


# --- pages ---------------------------------------------------------------------------


@pytest.fixture
def holder(past_workshop, make_user, enrol, mark, clock_hours_ready, db):
    network_workshop = past_workshop(
        credit_type=CreditType.WA_CLOCK_HOURS, designations=["stem", "leadership"]
    )
    educator = make_user()
    mark(enrol(educator, network_workshop), network_workshop, [AttendanceStatus.PRESENT] * 2)
    clock_hours_ready(network_workshop, educator)
    [certificate] = certificates.issue_for_workshop(network_workshop, None).issued
    return educator, certificate


def test_the_educator_chooses_where_a_certificate_counts(client, auth, holder, db):
    educator, certificate = holder
    auth.login(educator)
    page = client.get("/me/transcript").get_data(as_text=True)
    assert f'id="counts-{certificate.id}"' in page
    response = client.post(
        f"/me/certificates/{certificate.id}/counts-toward",
        data={"designation": "leadership"},
        follow_redirects=True,
    )
    assert "now counts toward Leadership" in response.get_data(as_text=True)
    assert db.session.scalar(select(Certificate.counted_toward)) == "leadership"


@pytest.mark.parametrize("value", ["equity", "nonsense", "", "\x00"])
def test_a_designation_the_certificate_lacks_is_refused(client, auth, holder, db, value):
    educator, certificate = holder
    auth.login(educator)
    client.post(f"/me/certificates/{certificate.id}/counts-toward", data={"designation": value})
    assert db.session.scalar(select(Certificate.counted_toward)) == ""


def test_only_the_educator_chooses(client, auth, holder, make_user, db):
    _, certificate = holder
    auth.login(make_user())
    response = client.post(
        f"/me/certificates/{certificate.id}/counts-toward", data={"designation": "leadership"}
    )
    assert response.status_code == 403
    auth.login(make_user(admin_of=certificate.workshop.network))
    response = client.post(
        f"/me/certificates/{certificate.id}/counts-toward", data={"designation": "leadership"}
    )
    assert response.status_code == 403
    assert db.session.scalar(select(Certificate.counted_toward)) == ""


def test_the_renewal_page_shows_what_is_still_needed(client, auth, holder):
    educator, _ = holder
    auth.login(educator)
    page = client.get("/me/renewal?role=teacher&stem_endorsed=y&expires_on=2030-06-30")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "All clock hours" in text and "94.0" in text  # 6 of 100 earned
    assert "STEM hours" in text


@pytest.mark.parametrize(
    "query", ["role=wizard", "expires_on=99999-01-01", "expires_on=0001-01-01", "expires_on=x"]
)
def test_odd_renewal_questions_are_field_messages(client, auth, holder, query):
    educator, _ = holder
    auth.login(educator)
    response = client.get(f"/me/renewal?{query}")
    assert response.status_code == 400
    assert 'class="error"' in response.get_data(as_text=True)


def test_a_nul_in_the_question_is_refused(client, auth, holder):
    auth.login(holder[0])
    assert client.get("/me/renewal?expires_on=%00").status_code == 400


def test_the_renewal_page_needs_a_login(client):
    assert client.get("/me/renewal").status_code == 302


def test_the_transcript_csv_says_where_each_certificate_counts(client, auth, holder, db):
    educator, certificate = holder
    auth.login(educator)
    client.post(
        f"/me/certificates/{certificate.id}/counts-toward", data={"designation": "leadership"}
    )
    text = client.get("/me/transcript.csv").get_data(as_text=True)
    header, row = text.splitlines()[:2]
    assert header.rstrip().endswith("Counts toward") and row.rstrip().endswith("Leadership")
    assert "Leadership designation" in text and "STEM designation" not in text
