"""Organiser actions on seats: walk-ins, moving someone off the waitlist, capacity,
and cancelling a whole workshop's registrations. Same locking pattern as
`registration.booking` (the package re-exports these)."""

from __future__ import annotations

from sqlalchemy import select

from pdportal.extensions import db
from pdportal.models import (
    ACTIVE_STATUSES,
    PaymentMethod,
    PaymentStatus,
    Registration,
    RegistrationStatus,
    User,
    Workshop,
    WorkshopStatus,
)
from pdportal.models.registration import MAX_CANCEL_REASON
from pdportal.orm import utcnow
from pdportal.services import accounts
from pdportal.services.registration import notices, waitlist
from pdportal.services.registration.outcomes import (
    CapacityChange,
    Outcome,
    Refusal,
    RegistrationError,
    RegistrationResult,
    SystemReason,
)
from pdportal.services.registration.waitlist import active_registration


def add_walk_in(workshop: Workshop, email: str, actor: User) -> RegistrationResult:
    """An organiser seats an existing account by email, only if a seat is free."""
    user = accounts.find_user_by_email(email)
    if user is None:
        raise RegistrationError(Refusal.NO_ACCOUNT, email=email.strip())
    if active_registration(user, workshop) is not None:
        raise RegistrationError(Refusal.WALK_IN_ALREADY_REGISTERED, name=user.name)
    workshop = waitlist.lock_or_refuse(workshop.id)
    now = utcnow()
    if workshop.status not in (WorkshopStatus.PUBLISHED, WorkshopStatus.DRAFT):
        db.session.rollback()
        raise RegistrationError(Refusal.WORKSHOP_NOT_RUNNING)
    taken = waitlist.seat_counts([workshop.id], now)[workshop.id].taken
    if taken >= workshop.capacity:
        db.session.rollback()
        raise RegistrationError(Refusal.FULL_FOR_WALK_IN)
    registration = Registration(
        user_id=user.id,
        workshop_id=workshop.id,
        created_at=now,
        status=RegistrationStatus.CONFIRMED,
        confirmed_at=now,
        amount_cents=workshop.price_cents,
        # Admitted by an organiser: the fee is collected outside the portal, and owed until
        # an admin marks it paid (it is listed with what is outstanding).
        payment_method=PaymentMethod.NONE if workshop.is_free else PaymentMethod.INVOICE,
        payment_status=PaymentStatus.NOT_REQUIRED if workshop.is_free else PaymentStatus.DUE,
    )
    waitlist.insert(registration)
    notices.confirmed(registration, workshop)
    db.session.commit()
    return RegistrationResult(registration, Outcome.CONFIRMED)


def move_into_seat(registration: Registration) -> RegistrationResult:
    """An organiser moves one waitlisted educator into a free seat (ahead of the queue)."""
    loaded = waitlist.load_locked(registration.id)
    if loaded is None or loaded[0].status != RegistrationStatus.WAITLISTED:
        db.session.rollback()
        raise RegistrationError(Refusal.NOT_ON_WAITLIST)
    registration, workshop = loaded
    now = utcnow()
    if waitlist.seat_counts([workshop.id], now)[workshop.id].taken >= workshop.capacity:
        db.session.rollback()
        raise RegistrationError(Refusal.NO_FREE_SEAT)
    waitlist.seat(registration, workshop, now)
    notices.promoted(registration, workshop)
    db.session.commit()
    held = registration.status == RegistrationStatus.HELD
    return RegistrationResult(registration, Outcome.HELD if held else Outcome.CONFIRMED)


def set_capacity(workshop_id: int, capacity: int) -> CapacityChange:
    """Change the number of seats. Raising it promotes the waitlist at once; lowering it
    never cancels anyone (the extra seats simply are not given out again). On a paid
    workshop a card payer given a seat gets a 30-minute hold to pay, not yet a seat."""
    if capacity < 1:
        raise RegistrationError(Refusal.CAPACITY_BELOW_ONE)
    workshop = waitlist.lock_or_refuse(workshop_id)
    now = utcnow()
    workshop.capacity = capacity
    taken = waitlist.seat_counts([workshop.id], now)[workshop.id].taken
    promoted = waitlist.fill_from_waitlist(workshop, now, taken)
    db.session.commit()
    seated = sum(1 for r in promoted if r.status == RegistrationStatus.CONFIRMED)
    return CapacityChange(capacity, taken, seated, len(promoted) - seated)


def cancel_workshop_registrations(workshop: Workshop, actor: User, reason: str) -> int:
    """Cancel every active registration of a workshop and tell each registrant.

    This commits whatever the session holds first (so mark the workshop cancelled
    before calling: no one can register between the two). Returns how many.
    """
    workshop = waitlist.lock_or_refuse(workshop.id)
    now = utcnow()
    registrations = db.session.scalars(
        select(Registration).where(
            Registration.workshop_id == workshop.id,
            Registration.status.in_(ACTIVE_STATUSES),
        )
    ).all()
    for registration in registrations:
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now
        registration.cancelled_by_id = actor.id
        registration.cancel_reason = (reason or SystemReason.WORKSHOP_CANCELLED)[:MAX_CANCEL_REASON]
        notices.workshop_cancelled(registration, workshop, reason)
    db.session.commit()
    return len(registrations)
