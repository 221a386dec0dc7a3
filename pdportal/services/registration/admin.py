"""Organiser actions on seats: walk-ins, moving someone off the waitlist, capacity,
and cancelling a whole workshop's registrations. Same locking pattern as
`services.registration` (which re-exports these under the contract's names)."""

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
from pdportal.services.registration.waitlist import (
    RegistrationError,
    RegistrationResult,
    active_registration,
)
from pdportal.templating import count_of


def add_walk_in(workshop: Workshop, email: str, actor: User) -> RegistrationResult:
    """An organiser seats an existing account by email, only if a seat is free."""
    user = accounts.find_user_by_email(email)
    if user is None:
        raise RegistrationError(
            f"No account uses {email.strip()}. Ask the educator to sign up first, then add them."
        )
    if active_registration(user, workshop) is not None:
        raise RegistrationError(f"{user.name} is already registered or on the waitlist.")
    workshop = waitlist.lock_or_refuse(workshop.id)
    now = utcnow()
    if workshop.status not in (WorkshopStatus.PUBLISHED, WorkshopStatus.DRAFT):
        db.session.rollback()
        raise RegistrationError("This workshop is cancelled or completed.")
    taken = waitlist.seat_counts([workshop.id], now)[workshop.id].taken
    if taken >= workshop.capacity:
        db.session.rollback()
        raise RegistrationError("The workshop is full. Raise the capacity first, then add them.")
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
    return RegistrationResult(
        registration, f"{user.name} is registered and has been emailed.", "success"
    )


def move_into_seat(registration: Registration) -> RegistrationResult:
    """An organiser moves one waitlisted educator into a free seat (ahead of the queue)."""
    loaded = waitlist.load_locked(registration.id)
    if loaded is None or loaded[0].status != RegistrationStatus.WAITLISTED:
        db.session.rollback()
        raise RegistrationError("That educator is not on the waitlist any more.")
    registration, workshop = loaded
    now = utcnow()
    if waitlist.seat_counts([workshop.id], now)[workshop.id].taken >= workshop.capacity:
        db.session.rollback()
        raise RegistrationError("There is no free seat. Raise the capacity first.")
    waitlist.seat(registration, workshop, now)
    notices.promoted(registration, workshop)
    db.session.commit()
    held = registration.status == RegistrationStatus.HELD
    what = "holds a seat until they pay" if held else "has a seat"
    return RegistrationResult(
        registration, f"{registration.user.name} {what} and has been emailed.", "success"
    )


def set_capacity(workshop_id: int, capacity: int) -> RegistrationResult:
    """Change the number of seats. Raising it promotes the waitlist at once; lowering it
    never cancels anyone (the extra seats simply are not given out again)."""
    if capacity < 1:
        raise RegistrationError("Capacity must be at least 1.")
    workshop = waitlist.lock_or_refuse(workshop_id)
    now = utcnow()
    workshop.capacity = capacity
    taken = waitlist.seat_counts([workshop.id], now)[workshop.id].taken
    promoted = waitlist.fill_from_waitlist(workshop, now, taken)
    db.session.commit()
    message = f"Capacity is now {capacity}." + _promotion_note(promoted)
    if taken > capacity:
        message += f" {count_of(taken, 'seat')} already taken; nobody was cancelled."
    return RegistrationResult(None, message, "success")


def _promotion_note(promoted: list[Registration]) -> str:
    """What became of the waitlisted educators given the new seats: on a paid workshop
    a card payer gets a 30-minute hold to pay, not yet a seat."""
    seated = sum(1 for r in promoted if r.status == RegistrationStatus.CONFIRMED)
    held = len(promoted) - seated
    parts = []
    if seated:
        parts.append(
            f"gave {'a seat' if seated == 1 else 'seats'} to {count_of(seated, 'educator')}"
        )
    if held:
        parts.append(
            f"held {'a seat' if held == 1 else 'seats'} for {count_of(held, 'educator')}"
            f" for {waitlist.HOLD_MINUTES} minutes while they pay"
        )
    if not parts:
        return ""
    return f" From the waitlist: {' and '.join(parts)}; they have been emailed."


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
        registration.cancel_reason = (reason or "The workshop was cancelled.")[:MAX_CANCEL_REASON]
        notices.workshop_cancelled(registration, workshop, reason)
    db.session.commit()
    return len(registrations)
