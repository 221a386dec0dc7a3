"""Certificates: eligibility, issuing for a workshop in one step, revoking, reissuing.

Invariant 5: a certificate is issued only when attendance meets the workshop's
threshold, and its hours are the hours attended (rounded down to the half hour,
capped at the workshop's credit hours), or fewer when the educator affirmed fewer
(Washington clock hours are issued only once the educator has affirmed them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from pdportal.database import begin_write_locked_transaction
from pdportal.extensions import db
from pdportal.models import (
    Certificate,
    CertificateStatus,
    EvaluationSubmission,
    HoursAffidavit,
    Registration,
    User,
    Workshop,
    WorkshopStatus,
)
from pdportal.orm import utcnow
from pdportal.services import attendance
from pdportal.services.certificates import affidavits, seals
from pdportal.services.certificates.verification import verification_url
from pdportal.services.common.urls import external_url
from pdportal.services.mail.outbox import queue_templated_email
from pdportal.services.workshops import approval


class CertificateRefusal(StrEnum):
    """Why certificates cannot be issued, revoked or reissued; the views say it in words."""

    DRAFT_WORKSHOP = "draft_workshop"  # never: a draft has no certificates
    CANCELLED_WORKSHOP = "cancelled_workshop"  # never: a cancelled workshop has none
    NOT_ENDED = "not_ended"  # not yet: `ends_at`, when the last session ends (None: no dates)
    REVOKE_REASON_MISSING = "revoke_reason_missing"
    NOT_VALID = "not_valid"  # only a valid certificate can be revoked
    ALREADY_REPLACED = "already_replaced"
    NO_LONGER_ELIGIBLE = "no_longer_eligible"  # `ineligibility`: why not, an Ineligibility
    # Washington clock hours whose offering is not approved as it ran (not yet, or changed
    # since): the designee approves it (again) first.
    NOT_APPROVED = "not_approved"


class CertificateError(Exception):
    """The action cannot be taken: the `reason`, and the `values` its message needs."""

    def __init__(self, reason: CertificateRefusal, **values: object) -> None:
        super().__init__(reason)
        self.reason = reason
        self.values = values


class Ineligible(StrEnum):
    """Why a confirmed registrant may not have a certificate."""

    BELOW_THRESHOLD = "below_threshold"
    EVALUATION_MISSING = "evaluation_missing"
    AFFIDAVIT_MISSING = "affidavit_missing"  # Washington clock hours: the hours not affirmed
    REVOKED = "revoked"  # their certificate was revoked, for `revoke_reason`
    NOT_REGISTERED = "not_registered"  # no longer a confirmed registrant


@dataclass(frozen=True)
class Ineligibility:
    """Why not, with the numbers: minutes attended of those scheduled, the threshold."""

    reason: Ineligible
    minutes_attended: int = 0
    scheduled_minutes: int = 0
    threshold_pct: int = 100
    revoke_reason: str = ""


@dataclass(frozen=True)
class Eligibility:
    registration: Registration
    minutes_attended: int
    scheduled_minutes: int
    credited_hours: Decimal
    reason: Ineligibility | None  # None when eligible
    certificate: Certificate | None  # the valid one, if any
    recorded_minutes: int = 0  # as marked; more than minutes_attended if a session was shortened
    affidavit: HoursAffidavit | None = None  # the latest, for clock hours

    @property
    def recorded_over(self) -> int | None:
        """The minutes recorded, when more than count (a session was shortened after marking)."""
        return self.recorded_minutes if self.recorded_minutes > self.minutes_attended else None

    @property
    def is_eligible(self) -> bool:
        return self.reason is None

    @property
    def user(self) -> User:
        return self.registration.user


@dataclass
class IssueReport:
    issued: list[Certificate] = field(default_factory=list)
    already_issued: list[Eligibility] = field(default_factory=list)
    not_eligible: list[Eligibility] = field(default_factory=list)


def meets_threshold(minutes_attended: int, scheduled: int, threshold_pct: int) -> bool:
    """Exact integer comparison: 80% of 360 minutes is met by 288, not by 287."""
    return scheduled > 0 and minutes_attended * 100 >= threshold_pct * scheduled


def ineligibility_reason(
    workshop: Workshop,
    minutes_attended: int,
    scheduled_minutes: int,
    has_evaluated: bool,
    latest: Certificate | None,
    has_affirmed: bool = False,
) -> Ineligibility | None:
    """Why a confirmed registrant may not have a certificate, or None when they may.

    `latest` is their newest certificate for the workshop, if any; `has_affirmed`, whether
    they affirmed the hours they earned (needed for Washington clock hours).
    """
    threshold = workshop.attendance_threshold_pct
    if not meets_threshold(minutes_attended, scheduled_minutes, threshold):
        return Ineligibility(
            Ineligible.BELOW_THRESHOLD,
            minutes_attended=minutes_attended,
            scheduled_minutes=scheduled_minutes,
            threshold_pct=threshold,
        )
    if workshop.needs_evaluation and not has_evaluated:
        return Ineligibility(Ineligible.EVALUATION_MISSING)
    if workshop.is_clock_hours and not has_affirmed:
        return Ineligibility(Ineligible.AFFIDAVIT_MISSING)
    if latest is not None and latest.status == CertificateStatus.REVOKED:
        return Ineligibility(Ineligible.REVOKED, revoke_reason=latest.revoke_reason)
    return None


def eligibility(workshop: Workshop) -> list[Eligibility]:
    """Every confirmed registrant of the workshop, eligible or with the reason why not."""
    scheduled = attendance.scheduled_minutes(workshop)
    totals = attendance.attendance_totals(workshop)
    registrations = attendance.confirmed_registrations(workshop)
    evaluated = set(
        db.session.scalars(
            select(EvaluationSubmission.user_id).where(
                EvaluationSubmission.workshop_id == workshop.id
            )
        )
    )
    certificates = {
        certificate.user_id: certificate
        for certificate in db.session.scalars(
            select(Certificate)
            .where(Certificate.workshop_id == workshop.id)
            .order_by(Certificate.issued_at, Certificate.id)
        )
    }
    affirmed = affidavits.latest_by_user(workshop) if workshop.is_clock_hours else {}
    rows = []
    for registration in registrations:
        attended, recorded = totals.get(registration.id, (0, 0))
        latest = certificates.get(registration.user_id)
        affidavit = affirmed.get(registration.user_id)
        reason = ineligibility_reason(
            workshop,
            attended,
            scheduled,
            registration.user_id in evaluated,
            latest,
            has_affirmed=affidavit is not None,
        )
        hours = affidavits.credited_hours(attended, workshop)
        if affidavit is not None:  # they may have claimed fewer than they earned
            hours = min(hours, affidavit.affirmed_hours)
        rows.append(
            Eligibility(
                registration=registration,
                minutes_attended=attended,
                scheduled_minutes=scheduled,
                credited_hours=hours,
                reason=reason,
                certificate=latest if latest is not None and latest.is_valid else None,
                recorded_minutes=recorded,
                affidavit=affidavit,
            )
        )
    return rows


@dataclass(frozen=True)
class NotIssuable:
    """Why certificates cannot be issued for a workshop.

    `is_final` when they never will be (a draft or cancelled workshop); otherwise the
    workshop simply has not ended yet (`ends_at`, None while it has no dates), and
    eligibility so far is worth showing.
    """

    reason: CertificateRefusal
    is_final: bool
    ends_at: datetime | None = None


def why_not_issuable(workshop: Workshop, now: datetime) -> NotIssuable | None:
    """Why certificates cannot be issued for the workshop (yet, or at all), or None."""
    if workshop.status == WorkshopStatus.DRAFT:
        return NotIssuable(CertificateRefusal.DRAFT_WORKSHOP, True)
    if workshop.status == WorkshopStatus.CANCELLED:
        return NotIssuable(CertificateRefusal.CANCELLED_WORKSHOP, True)
    if workshop.ends_at is None or workshop.ends_at > now:
        return NotIssuable(CertificateRefusal.NOT_ENDED, False, workshop.ends_at)
    if workshop.is_clock_hours and approval.state(workshop) != approval.ApprovalState.APPROVED:
        return NotIssuable(CertificateRefusal.NOT_APPROVED, False, workshop.ends_at)
    return None


def _check_can_issue(workshop: Workshop, now: datetime) -> None:
    if blocked := why_not_issuable(workshop, now):
        raise CertificateError(blocked.reason, ends_at=blocked.ends_at)


def _lock(workshop: Workshop) -> None:
    """Serialise issuing for one workshop (row lock on PostgreSQL, write lock on SQLite)."""
    begin_write_locked_transaction()
    db.session.execute(select(Workshop.id).where(Workshop.id == workshop.id).with_for_update())


def number_prefix(workshop: Workshop) -> str:
    """Initials of the network's name: "Puget Sound STEM Partnership" → "PSSP"."""
    words = re.findall(r"[A-Za-z0-9]+", workshop.network.name)
    return "".join(word[0] for word in words).upper()[:8] or "PD"


def _new_certificate(
    row: Eligibility,
    workshop: Workshop,
    actor: User | None,
    now: datetime,
    signing: seals.Signing | None,
) -> Certificate:
    user = row.user
    network = workshop.network
    live = [s for s in workshop.sessions if not s.is_cancelled]
    certificate = Certificate(
        user_id=user.id,
        workshop_id=workshop.id,
        minutes_attended=row.minutes_attended,
        scheduled_minutes=row.scheduled_minutes,
        credited_hours=row.credited_hours,
        offered_hours=workshop.credit_hours,
        affirmed_at=row.affidavit.affirmed_at if row.affidavit else None,
        educator_name=user.name,
        licence_number=user.licence_number,
        workshop_title=workshop.title,
        credit_type=workshop.credit_type,
        inservice_number=workshop.inservice_number,
        designations=list(workshop.designations or []),
        network_name=network.name,
        backbone_organisation=network.backbone_organisation,
        provider_name=network.provider_name,
        provider_number=network.provider_number,
        provider_designee=network.provider_designee,
        facilitator_names=[f.name for f in workshop.facilitators],
        time_zone=network.time_zone,
        starts_at=min(s.starts_at for s in live),
        ends_at=max(s.ends_at for s in live),
        issued_at=now,
        issued_by_id=actor.id if actor else None,
    )
    db.session.add(certificate)
    db.session.flush()
    certificate.number = f"{number_prefix(workshop)}-{now.year}-{certificate.id:06d}"
    if signing is not None:
        db.session.add(signing.for_certificate(certificate.id))
    queue_templated_email(
        user.email,
        "certificate_issued",
        language=user.preferred_language,
        certificate=certificate,
        verify_url=verification_url(certificate),
        certificates_url=external_url("certificates.my_certificates"),
    )
    return certificate


def issue_for_workshop(
    workshop: Workshop, actor: User | None, now: datetime | None = None
) -> IssueReport:
    """Issue a certificate to every eligible educator who has none; safe to run again."""
    now = now or utcnow()
    _check_can_issue(workshop, now)
    _lock(workshop)
    report = IssueReport()
    signing = seals.signing_for(workshop.network)
    for row in eligibility(workshop):
        if row.certificate is not None:
            report.already_issued.append(row)
        elif row.is_eligible:
            report.issued.append(_new_certificate(row, workshop, actor, now, signing))
        else:
            report.not_eligible.append(row)
    db.session.commit()
    return report


def revoke(certificate: Certificate, actor: User, reason: str) -> None:
    reason = reason.strip()
    if not reason:
        raise CertificateError(CertificateRefusal.REVOKE_REASON_MISSING)
    if not certificate.is_valid:
        raise CertificateError(CertificateRefusal.NOT_VALID)
    certificate.status = CertificateStatus.REVOKED
    certificate.revoked_at = utcnow()
    certificate.revoked_by_id = actor.id
    certificate.revoke_reason = reason[:500]
    queue_templated_email(
        certificate.user.email,
        "certificate_revoked",
        language=certificate.user.preferred_language,
        certificate=certificate,
    )
    db.session.commit()


def reissue(certificate: Certificate, actor: User, now: datetime | None = None) -> Certificate:
    """Replace a certificate after an attendance correction; the old one shows as replaced."""
    now = now or utcnow()
    if certificate.status == CertificateStatus.REPLACED:
        raise CertificateError(CertificateRefusal.ALREADY_REPLACED)
    workshop = certificate.workshop
    _check_can_issue(workshop, now)
    _lock(workshop)
    row = next((r for r in eligibility(workshop) if r.user.id == certificate.user_id), None)
    # A revoked certificate's own revocation is the reason being corrected here.
    reason = row.reason if row else Ineligibility(Ineligible.NOT_REGISTERED)
    if reason is not None and reason.reason != Ineligible.REVOKED:
        db.session.rollback()
        raise CertificateError(CertificateRefusal.NO_LONGER_ELIGIBLE, ineligibility=reason)
    certificate.status = CertificateStatus.REPLACED
    db.session.flush()  # the partial unique index allows one valid certificate at a time
    replacement = _new_certificate(row, workshop, actor, now, seals.signing_for(workshop.network))
    certificate.replaced_by_id = replacement.id
    db.session.commit()
    return replacement


def certificates_of(user: User) -> list[Certificate]:
    """The educator's certificates, newest first, valid ones and the history."""
    return list(
        db.session.scalars(
            select(Certificate)
            .options(joinedload(Certificate.replaced_by))
            .where(Certificate.user_id == user.id)
            .order_by(Certificate.ends_at.desc(), Certificate.id.desc())
        )
    )


def certificates_for_workshop(workshop: Workshop) -> list[Certificate]:
    return list(
        db.session.scalars(
            select(Certificate)
            .where(Certificate.workshop_id == workshop.id)
            .order_by(Certificate.educator_name, Certificate.id)
        )
    )
