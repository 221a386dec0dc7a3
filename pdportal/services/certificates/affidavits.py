"""The educator's affidavit for Washington clock hours (OSPI Form 1125): "I affirm that I
earned __ of __ clock hours".

Once the workshop is over, an educator whose attendance earned hours affirms how many
they earned; they may claim fewer (partial attendance the roster did not catch), never
more. The certificate is issued for the hours affirmed. Every affidavit is kept with
its time; a newer one (before the certificate) supersedes the older without removing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from sqlalchemy import select

from pdportal.extensions import db
from pdportal.models import (
    Certificate,
    CertificateStatus,
    HoursAffidavit,
    Registration,
    RegistrationStatus,
    User,
    Workshop,
)
from pdportal.orm import utcnow
from pdportal.services import attendance
from pdportal.services.certificates import evaluations

STEP = Decimal("0.5")  # hours are credited in half hours


class AffidavitRefusal(StrEnum):
    """Why hours cannot be affirmed; the views say it in words."""

    NOT_CLOCK_HOURS = "not_clock_hours"
    NOT_ENDED = "not_ended"
    NOT_REGISTERED = "not_registered"
    NOTHING_EARNED = "nothing_earned"
    ALREADY_CERTIFIED = "already_certified"  # a valid certificate states the hours already
    OUT_OF_RANGE = "out_of_range"  # from STEP to `earned` hours
    NOT_HALF_HOURS = "not_half_hours"


class AffidavitError(Exception):
    def __init__(self, reason: AffidavitRefusal, **values: object) -> None:
        super().__init__(reason)
        self.reason = reason
        self.values = values


@dataclass(frozen=True)
class Claim:
    """What the educator may affirm: the offering's hours and what attendance earned."""

    workshop: Workshop
    offered_hours: Decimal
    earned_hours: Decimal
    affidavit: HoursAffidavit | None  # the latest, if any


def latest(workshop: Workshop, user_id: int) -> HoursAffidavit | None:
    return db.session.scalar(
        select(HoursAffidavit)
        .where(HoursAffidavit.workshop_id == workshop.id, HoursAffidavit.user_id == user_id)
        .order_by(HoursAffidavit.affirmed_at.desc(), HoursAffidavit.id.desc())
        .limit(1)
    )


def latest_by_user(workshop: Workshop) -> dict[int, HoursAffidavit]:
    """The latest affidavit of each educator of the workshop (one query)."""
    rows = db.session.scalars(
        select(HoursAffidavit)
        .where(HoursAffidavit.workshop_id == workshop.id)
        .order_by(HoursAffidavit.affirmed_at, HoursAffidavit.id)
    )
    return {row.user_id: row for row in rows}


def credited_hours(minutes_attended: int, workshop: Workshop) -> Decimal:
    """Hours attended rounded down to the half hour, capped at the workshop's credit hours."""
    hours = Decimal(minutes_attended // 30) / 2
    cap = Decimal(workshop.credit_hours or 0)
    return min(hours, cap) if cap > 0 else hours


def claim(workshop: Workshop, user: User, now: datetime | None = None) -> Claim:
    """What `user` may affirm for `workshop`, or an `AffidavitError` saying why nothing."""
    if not workshop.is_clock_hours:
        raise AffidavitError(AffidavitRefusal.NOT_CLOCK_HOURS)
    if workshop.ends_at is None or workshop.ends_at > (now or utcnow()):
        raise AffidavitError(AffidavitRefusal.NOT_ENDED, ends_at=workshop.ends_at)
    registration = db.session.scalar(
        select(Registration).where(
            Registration.workshop_id == workshop.id,
            Registration.user_id == user.id,
            Registration.status == RegistrationStatus.CONFIRMED,
        )
    )
    if registration is None:
        raise AffidavitError(AffidavitRefusal.NOT_REGISTERED)
    minutes = attendance.minutes_attended(workshop).get(registration.id, 0)
    earned = credited_hours(minutes, workshop)
    if earned <= 0:
        raise AffidavitError(AffidavitRefusal.NOTHING_EARNED)
    has_certificate = db.session.scalar(
        select(Certificate.id).where(
            Certificate.workshop_id == workshop.id,
            Certificate.user_id == user.id,
            Certificate.status == CertificateStatus.VALID,
        )
    )
    if has_certificate is not None:
        raise AffidavitError(AffidavitRefusal.ALREADY_CERTIFIED)
    return Claim(workshop, Decimal(workshop.credit_hours), earned, latest(workshop, user.id))


def affirm(
    workshop: Workshop, user: User, hours: Decimal, now: datetime | None = None
) -> HoursAffidavit:
    """Record "I affirm that I earned `hours` of the offering's hours", and when."""
    now = now or utcnow()
    found = claim(workshop, user, now)
    try:
        in_range = hours.is_finite() and STEP <= hours <= found.earned_hours
    except InvalidOperation:
        in_range = False
    if not in_range:
        raise AffidavitError(AffidavitRefusal.OUT_OF_RANGE, earned=found.earned_hours)
    if hours % STEP:
        raise AffidavitError(AffidavitRefusal.NOT_HALF_HOURS)
    affidavit = HoursAffidavit(
        workshop_id=workshop.id,
        user_id=user.id,
        offered_hours=found.offered_hours,
        earned_hours=found.earned_hours,
        affirmed_hours=hours,
        affirmed_at=now,
    )
    db.session.add(affidavit)
    db.session.commit()
    return affidavit


def pending_for(user: User, now: datetime) -> list[Workshop]:
    """Clock-hour workshops over, attended, with no affidavit and no valid certificate."""
    waiting = []
    for workshop in evaluations.attended_over(user, now):
        if not workshop.is_clock_hours or latest(workshop, user.id) is not None:
            continue
        try:
            claim(workshop, user, now)
        except AffidavitError:
            continue
        waiting.append(workshop)
    return waiting
