"""Eligibility, issuing, revoking and reissuing (invariant 5)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from pdportal.models import (
    Attendance,
    AttendanceStatus,
    Certificate,
    CertificateStatus,
    EvaluationSubmission,
    OutboxMessage,
)
from pdportal.services import certificates
from pdportal.services.certificates import (
    CertificateError,
    CertificateRefusal,
    Ineligibility,
    Ineligible,
)

P = AttendanceStatus.PRESENT
A = AttendanceStatus.ABSENT
E = AttendanceStatus.EXCUSED
LATE = AttendanceStatus.LATE


@pytest.fixture
def admin(make_user):
    return make_user(name="Site Admin", is_site_admin=True)


def issue(workshop, admin):
    return certificates.issue_for_workshop(workshop, admin)


def test_full_attendance_earns_the_workshops_hours(past_workshop, make_user, enrol, mark, admin):
    workshop = past_workshop()
    educator = make_user(name="Nguyễn Thị Ánh")
    mark(enrol(educator, workshop), workshop, [P, P])

    report = issue(workshop, admin)

    [certificate] = report.issued
    assert certificate.credited_hours == Decimal("6.00")
    assert certificate.minutes_attended == 360
    assert certificate.educator_name == "Nguyễn Thị Ánh"
    assert certificate.number.startswith("N")
    assert certificate.number.endswith(f"-{certificate.id:06d}")
    assert certificate.status == CertificateStatus.VALID


def test_attendance_exactly_at_the_threshold_is_eligible(
    past_workshop, make_user, enrol, mark, admin
):
    workshop = past_workshop(attendance_threshold_pct=80)
    at = make_user(name="At Threshold")
    below = make_user(name="Below Threshold")
    # 80% of 360 minutes is 288.
    mark(enrol(at, workshop), workshop, [P, (LATE, 108)])
    mark(enrol(below, workshop), workshop, [P, (LATE, 107)])

    report = issue(workshop, admin)

    assert [c.educator_name for c in report.issued] == ["At Threshold"]
    assert report.issued[0].credited_hours == Decimal("4.5")  # 288 min = 4.8 h → 4.5
    [refused] = report.not_eligible
    assert refused.user.name == "Below Threshold"
    assert refused.reason == Ineligibility(
        Ineligible.BELOW_THRESHOLD, minutes_attended=287, scheduled_minutes=360, threshold_pct=80
    )


def test_excused_absence_does_not_count_as_attendance(past_workshop, make_user, enrol, mark, admin):
    workshop = past_workshop()
    educator = make_user()
    mark(enrol(educator, workshop), workshop, [P, E])

    report = issue(workshop, admin)

    assert report.issued == []
    assert report.not_eligible[0].reason == Ineligibility(
        Ineligible.BELOW_THRESHOLD, minutes_attended=180, scheduled_minutes=360, threshold_pct=100
    )


def test_partial_minutes_round_down_to_the_half_hour(past_workshop, make_user, enrol, mark, admin):
    workshop = past_workshop(attendance_threshold_pct=90)
    educator = make_user()
    mark(enrol(educator, workshop), workshop, [P, (LATE, 179)])

    [certificate] = issue(workshop, admin).issued

    assert certificate.credited_hours == Decimal("5.5")  # 359 minutes
    assert certificate.minutes_attended == 359


def test_hours_are_capped_at_the_workshops_credit_hours(
    past_workshop, make_user, enrol, mark, admin
):
    workshop = past_workshop(credit_hours=Decimal("5"))
    mark(enrol(make_user(), workshop), workshop, [P, P])

    [certificate] = issue(workshop, admin).issued

    assert certificate.credited_hours == Decimal("5")


def test_cancelled_sessions_are_not_scheduled_time(
    past_workshop, make_user, enrol, mark, admin, db
):
    workshop = past_workshop()
    workshop.sessions[1].is_cancelled = True
    db.session.commit()
    mark(enrol(make_user(), workshop), workshop, [P])

    [certificate] = issue(workshop, admin).issued

    assert certificate.credited_hours == Decimal("3")


def test_issuing_twice_does_not_duplicate(past_workshop, make_user, enrol, mark, admin, db):
    workshop = past_workshop()
    mark(enrol(make_user(), workshop), workshop, [P, P])

    first = issue(workshop, admin)
    second = issue(workshop, admin)

    assert len(first.issued) == 1
    assert second.issued == []
    assert len(second.already_issued) == 1
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 1
    emails = db.session.scalars(select(OutboxMessage.subject)).all()
    assert len(emails) == 1 and emails[0].startswith("Your certificate for")


def test_required_evaluation_blocks_the_certificate_until_submitted(
    past_workshop, make_user, enrol, mark, admin, db
):
    workshop = past_workshop(requires_evaluation=True)
    educator = make_user()
    mark(enrol(educator, workshop), workshop, [P, P])

    assert issue(workshop, admin).not_eligible[0].reason == Ineligibility(
        Ineligible.EVALUATION_MISSING
    )

    db.session.add(EvaluationSubmission(workshop_id=workshop.id, user_id=educator.id))
    db.session.commit()
    assert len(issue(workshop, admin).issued) == 1


def test_certificates_wait_until_the_workshop_has_ended(make_workshop, make_user, admin):
    workshop = make_workshop()
    with pytest.raises(CertificateError) as refused:
        issue(workshop, admin)
    assert refused.value.reason == CertificateRefusal.NOT_ENDED
    assert refused.value.values == {"ends_at": workshop.ends_at}


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        ("draft", CertificateRefusal.DRAFT_WORKSHOP),
        ("cancelled", CertificateRefusal.CANCELLED_WORKSHOP),
    ],
)
def test_draft_and_cancelled_workshops_never_have_certificates(
    past_workshop, admin, db, status, reason
):
    workshop = past_workshop()
    workshop.status = status
    db.session.commit()
    blocked = certificates.why_not_issuable(workshop, workshop.ends_at)
    assert (blocked.reason, blocked.is_final) == (reason, True)
    with pytest.raises(CertificateError) as refused:
        issue(workshop, admin)
    assert refused.value.reason == reason


def test_revoke_needs_a_reason_and_is_not_reissued_by_issuing_again(
    past_workshop, make_user, enrol, mark, admin
):
    workshop = past_workshop()
    mark(enrol(make_user(), workshop), workshop, [P, P])
    [certificate] = issue(workshop, admin).issued

    with pytest.raises(CertificateError) as refused:
        certificates.revoke(certificate, admin, "  ")
    assert refused.value.reason == CertificateRefusal.REVOKE_REASON_MISSING
    certificates.revoke(certificate, admin, "Signed in for a colleague")

    assert certificate.status == CertificateStatus.REVOKED
    with pytest.raises(CertificateError) as refused:
        certificates.revoke(certificate, admin, "Twice")
    assert refused.value.reason == CertificateRefusal.NOT_VALID
    again = issue(workshop, admin)
    assert again.issued == []
    assert again.not_eligible[0].reason == Ineligibility(
        Ineligible.REVOKED, revoke_reason="Signed in for a colleague"
    )


def test_reissue_after_attendance_correction_replaces_the_old_one(
    past_workshop, make_user, enrol, mark, admin, db
):
    workshop = past_workshop(attendance_threshold_pct=50)
    registration = enrol(make_user(), workshop)
    mark(registration, workshop, [P, A])
    [old] = issue(workshop, admin).issued
    assert old.credited_hours == Decimal("3")

    second = workshop.sessions[1]
    row = db.session.scalar(select(Attendance).where(Attendance.session_id == second.id))
    row.status, row.minutes_attended = P, 180
    db.session.commit()

    new = certificates.reissue(old, admin)

    assert new.credited_hours == Decimal("6")
    assert old.status == CertificateStatus.REPLACED
    assert old.replaced_by_id == new.id
    assert new.number != old.number
    assert new.verification_code != old.verification_code
    with pytest.raises(CertificateError) as refused:
        certificates.reissue(old, admin)
    assert refused.value.reason == CertificateRefusal.ALREADY_REPLACED


def test_reissue_refuses_someone_no_longer_eligible_and_says_why(
    past_workshop, make_user, enrol, mark, admin, db
):
    workshop = past_workshop(attendance_threshold_pct=50)
    registration = enrol(make_user(), workshop)
    mark(registration, workshop, [P, P])
    [certificate] = issue(workshop, admin).issued
    for row in db.session.scalars(select(Attendance)):
        row.status, row.minutes_attended = A, 0
    db.session.commit()

    with pytest.raises(CertificateError) as refused:
        certificates.reissue(certificate, admin)

    assert refused.value.reason == CertificateRefusal.NO_LONGER_ELIGIBLE
    assert refused.value.values["ineligibility"] == Ineligibility(
        Ineligible.BELOW_THRESHOLD, minutes_attended=0, scheduled_minutes=360, threshold_pct=50
    )
    assert certificate.status == CertificateStatus.VALID


def test_verification_codes_are_unguessable_and_distinct(
    past_workshop, make_user, enrol, mark, admin
):
    workshop = past_workshop()
    for _ in range(3):
        mark(enrol(make_user(), workshop), workshop, [P, P])
    codes = [c.verification_code for c in issue(workshop, admin).issued]
    assert len(set(codes)) == 3
    assert all(len(code) >= 24 for code in codes)
