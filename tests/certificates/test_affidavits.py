"""Washington clock hours: the evaluation is required, and the educator affirms the hours
earned (and may claim fewer) before the certificate is issued (issue 11)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from pdportal.models import (
    Attendance,
    AttendanceStatus,
    Certificate,
    CreditType,
    HoursAffidavit,
    RegistrationStatus,
)
from pdportal.services import certificates
from pdportal.services.certificates import Ineligible, affidavits, evaluations
from pdportal.services.certificates.affidavits import AffidavitError, AffidavitRefusal
from tests.clock_hours import RATINGS, approve_as_it_ran

P = AttendanceStatus.PRESENT


@pytest.fixture
def clock(past_workshop, make_user, enrol, mark):
    """A finished 6-hour Washington clock-hour workshop an educator attended in full."""
    workshop = past_workshop(credit_type=CreditType.WA_CLOCK_HOURS, requires_evaluation=False)
    educator = make_user(name="Zoë Ward")
    registration = enrol(educator, workshop)
    mark(registration, workshop, [P, P])
    approve_as_it_ran(workshop)
    return {
        "workshop": workshop,
        "educator": educator,
        "registration": registration,
        "admin": make_user(admin_of=workshop.network),
    }


def reason_for(workshop, user):
    row = next(r for r in certificates.eligibility(workshop) if r.user.id == user.id)
    return row.reason.reason if row.reason else None


def test_washington_clock_hours_need_the_evaluation_even_when_the_box_was_not_ticked(clock):
    assert reason_for(clock["workshop"], clock["educator"]) == Ineligible.EVALUATION_MISSING
    assert certificates.issue_for_workshop(clock["workshop"], clock["admin"]).issued == []


def test_after_the_evaluation_the_hours_still_need_affirming(clock):
    evaluations.submit(clock["workshop"], clock["educator"], RATINGS, "")
    assert reason_for(clock["workshop"], clock["educator"]) == Ineligible.AFFIDAVIT_MISSING
    assert certificates.issue_for_workshop(clock["workshop"], clock["admin"]).issued == []


def test_other_credit_needs_no_affidavit(past_workshop, make_user, enrol, mark):
    workshop = past_workshop(credit_type=CreditType.OR_PDUS)
    educator = make_user()
    mark(enrol(educator, workshop), workshop, [P, P])
    assert reason_for(workshop, educator) is None


def test_the_certificate_states_the_hours_affirmed_and_when(clock):
    evaluations.submit(clock["workshop"], clock["educator"], RATINGS, "")
    sworn = affidavits.affirm(clock["workshop"], clock["educator"], Decimal("4.5"))
    [certificate] = certificates.issue_for_workshop(clock["workshop"], clock["admin"]).issued
    assert certificate.credited_hours == Decimal("4.5")
    assert certificate.offered_hours == Decimal("6")
    assert certificate.affirmed_at == sworn.affirmed_at
    assert (sworn.earned_hours, sworn.offered_hours) == (Decimal("6"), Decimal("6"))


@pytest.mark.parametrize(
    ("hours", "reason"),
    [
        ("6.5", AffidavitRefusal.OUT_OF_RANGE),
        ("0", AffidavitRefusal.OUT_OF_RANGE),
        ("-1", AffidavitRefusal.OUT_OF_RANGE),
        ("NaN", AffidavitRefusal.OUT_OF_RANGE),
        ("Infinity", AffidavitRefusal.OUT_OF_RANGE),
        ("1E+999999", AffidavitRefusal.OUT_OF_RANGE),
        ("2.25", AffidavitRefusal.NOT_HALF_HOURS),
    ],
)
def test_more_than_earned_or_odd_numbers_are_refused(clock, db, hours, reason):
    with pytest.raises(AffidavitError) as refused:
        affidavits.affirm(clock["workshop"], clock["educator"], Decimal(hours))
    assert refused.value.reason == reason
    assert db.session.scalar(select(HoursAffidavit)) is None


def test_nobody_affirms_before_the_workshop_ends(make_workshop, make_user, enrol):
    workshop = make_workshop(credit_type=CreditType.WA_CLOCK_HOURS)
    educator = make_user()
    enrol(educator, workshop)
    with pytest.raises(AffidavitError) as refused:
        affidavits.affirm(workshop, educator, Decimal(1))
    assert refused.value.reason == AffidavitRefusal.NOT_ENDED


def test_only_confirmed_registrants_who_earned_hours_affirm(clock, make_user, enrol, db):
    stranger = make_user()
    with pytest.raises(AffidavitError) as refused:
        affidavits.affirm(clock["workshop"], stranger, Decimal(1))
    assert refused.value.reason == AffidavitRefusal.NOT_REGISTERED
    absent = make_user()
    enrol(absent, clock["workshop"])
    with pytest.raises(AffidavitError) as refused:
        affidavits.affirm(clock["workshop"], absent, Decimal(1))
    assert refused.value.reason == AffidavitRefusal.NOTHING_EARNED


def test_once_certified_the_affidavit_is_closed(clock, clock_hours_ready):
    clock_hours_ready(clock["workshop"], clock["educator"])
    certificates.issue_for_workshop(clock["workshop"], clock["admin"])
    with pytest.raises(AffidavitError) as refused:
        affidavits.affirm(clock["workshop"], clock["educator"], Decimal(3))
    assert refused.value.reason == AffidavitRefusal.ALREADY_CERTIFIED


def test_a_new_affidavit_supersedes_the_old_and_both_stay(clock, db):
    first = datetime.now(UTC) - timedelta(hours=1)
    affidavits.affirm(clock["workshop"], clock["educator"], Decimal(6), now=first)
    affidavits.affirm(clock["workshop"], clock["educator"], Decimal(5))
    assert db.session.scalars(select(HoursAffidavit.affirmed_hours)).all() == [
        Decimal(6),
        Decimal(5),
    ]
    assert affidavits.latest(clock["workshop"], clock["educator"].id).affirmed_hours == 5


def test_attendance_corrected_down_after_affirming_credits_the_lower(clock, clock_hours_ready, db):
    clock_hours_ready(clock["workshop"], clock["educator"])
    second = db.session.scalar(
        select(Attendance).where(Attendance.session_id == clock["workshop"].sessions[1].id)
    )
    second.status, second.minutes_attended = AttendanceStatus.LEFT_EARLY, 60
    clock["workshop"].attendance_threshold_pct = 50
    db.session.commit()
    [certificate] = certificates.issue_for_workshop(clock["workshop"], clock["admin"]).issued
    assert certificate.credited_hours == Decimal(4)


@settings(max_examples=60, deadline=None)
@given(minutes=st.integers(0, 2000), cap=st.integers(0, 20))
def test_hours_earned_never_exceed_attendance_or_the_offering(minutes, cap):
    """Half hours attended, rounded down, capped at the offering (0: no cap)."""
    from pdportal.models import Workshop

    earned = affidavits.credited_hours(minutes, Workshop(credit_hours=Decimal(cap)))
    assert earned * 60 <= minutes < (earned + affidavits.STEP) * 60 or earned == cap
    assert cap == 0 or earned <= cap
    assert earned % affidavits.STEP == 0


# --- pages ---------------------------------------------------------------------------


def test_the_educator_affirms_on_their_page(client, auth, clock, db):
    auth.login(clock["educator"])
    url = f"/me/clock-hours/{clock['workshop'].slug}"
    page = client.get(url).get_data(as_text=True)
    assert "I affirm that I earned __ of 6.0 clock hours." in page
    assert 'value="6.0"' in page
    refused = client.post(url, data={"hours": "5"})
    assert refused.status_code == 400
    assert "Tick the box to affirm the hours." in refused.get_data(as_text=True)
    too_many = client.post(url, data={"hours": "7", "affirm": "y"})
    assert too_many.status_code == 400
    assert "never more" in too_many.get_data(as_text=True)
    done = client.post(url, data={"hours": "5", "affirm": "y"}, follow_redirects=True)
    assert "Affirmed: 5.0 of 6.0 clock hours." in done.get_data(as_text=True)
    assert db.session.scalar(select(HoursAffidavit.affirmed_hours)) == Decimal(5)


@pytest.mark.parametrize("hours", ["abc", "NaN", "1e999999", "\x00", "9" * 400])
def test_odd_input_is_a_field_message(client, auth, clock, db, hours):
    auth.login(clock["educator"])
    response = client.post(
        f"/me/clock-hours/{clock['workshop'].slug}", data={"hours": hours, "affirm": "y"}
    )
    assert response.status_code == 400
    assert db.session.scalar(select(HoursAffidavit)) is None


def test_someone_who_cannot_affirm_is_sent_back_with_why(client, auth, clock, make_user):
    auth.login(make_user())
    response = client.get(f"/me/clock-hours/{clock['workshop'].slug}", follow_redirects=True)
    assert "Only confirmed registrants of this workshop can affirm hours" in response.get_data(
        as_text=True
    )


def test_my_certificates_lists_the_hours_to_affirm(client, auth, clock):
    auth.login(clock["educator"])
    page = client.get("/me/certificates").get_data(as_text=True)
    assert "Clock hours to affirm" in page
    assert f"/me/clock-hours/{clock['workshop'].slug}" in page


def test_the_desk_says_the_hours_are_not_yet_affirmed(client, auth, clock):
    evaluations.submit(clock["workshop"], clock["educator"], RATINGS, "")
    auth.login(clock["admin"])
    page = client.get(f"/facilitate/workshops/{clock['workshop'].slug}/certificates")
    assert "clock hours not yet affirmed by the educator" in page.get_data(as_text=True)


# --- mutants a review found alive ----------------------------------------------------


def test_reissue_is_refused_once_the_educator_is_no_longer_registered(clock, clock_hours_ready, db):
    clock_hours_ready(clock["workshop"], clock["educator"])
    [certificate] = certificates.issue_for_workshop(clock["workshop"], clock["admin"]).issued
    clock["registration"].status = RegistrationStatus.CANCELLED
    db.session.commit()
    with pytest.raises(certificates.CertificateError) as refused:
        certificates.reissue(certificate, clock["admin"])
    assert refused.value.reason == certificates.CertificateRefusal.NO_LONGER_ELIGIBLE
    assert refused.value.values["ineligibility"].reason == Ineligible.NOT_REGISTERED
    db.session.refresh(certificate)
    assert certificate.is_valid
    assert db.session.query(Certificate).count() == 1


def test_reissue_of_a_revoked_certificate_still_needs_the_other_rules(
    past_workshop, make_user, enrol, mark, db
):
    workshop = past_workshop(requires_evaluation=True)
    educator = make_user()
    mark(enrol(educator, workshop), workshop, [P, P])
    admin = make_user(admin_of=workshop.network)
    evaluations.submit(workshop, educator, RATINGS, "")
    [certificate] = certificates.issue_for_workshop(workshop, admin).issued
    certificates.revoke(certificate, admin, "Entered in error")
    for row in db.session.scalars(select(Attendance)):
        row.status, row.minutes_attended = AttendanceStatus.ABSENT, 0
    db.session.commit()
    with pytest.raises(certificates.CertificateError) as refused:
        certificates.reissue(certificate, admin)
    assert refused.value.values["ineligibility"].reason == Ineligible.BELOW_THRESHOLD


# --- the offering's approval -----------------------------------------------------------


def test_no_clock_hours_are_issued_for_an_offering_changed_since_its_approval(
    clock, clock_hours_ready, db
):
    clock_hours_ready(clock["workshop"], clock["educator"])
    session = clock["workshop"].sessions[1]
    session.ends_at -= timedelta(minutes=30)  # the schedule differs from what was approved
    db.session.commit()
    blocked = certificates.why_not_issuable(clock["workshop"], datetime.now(UTC))
    assert blocked.reason == certificates.CertificateRefusal.NOT_APPROVED
    assert not blocked.is_final
    with pytest.raises(certificates.CertificateError):
        certificates.issue_for_workshop(clock["workshop"], clock["admin"])
    assert db.session.scalar(select(Certificate)) is None


def test_the_desk_says_the_offering_needs_approving(client, auth, past_workshop, make_user):
    workshop = past_workshop(credit_type=CreditType.WA_CLOCK_HOURS)
    auth.login(make_user(admin_of=workshop.network))
    page = client.get(f"/facilitate/workshops/{workshop.slug}/certificates")
    assert "issued only for an offering approved as it ran" in page.get_data(as_text=True)
