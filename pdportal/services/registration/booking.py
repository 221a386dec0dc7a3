"""Registration: the seat decision, waitlists, cancellation, capacity.

Invariant 1 (never overbook) rests on one pattern: every function that gives or frees
a seat starts with `waitlist.lock_workshop` (BEGIN IMMEDIATE on SQLite, the workshop
row FOR UPDATE on PostgreSQL), counts, decides, writes and commits in that one
transaction. Invariant 3: whatever frees a seat fills it from the waitlist before it
commits. Invariant 2 is the partial unique index; a race that trips it is answered
as "already registered".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy.exc import IntegrityError

from pdportal.database import is_sqlite
from pdportal.extensions import db
from pdportal.models import (
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
from pdportal.services.registration import (
    notices,
    questions,
    seat_statement,
    waitlist,
    window,
)
from pdportal.services.registration.outcomes import (
    Outcome,
    Refusal,
    RegistrationError,
    RegistrationResult,
    SeatCount,
    SeatStatus,
    SystemReason,
)


def seat_counts(workshop_ids: list[int]) -> dict[int, SeatCount]:
    """Seats taken (confirmed + unexpired holds) and waitlist length, in ONE query."""
    return waitlist.seat_counts(list(workshop_ids), utcnow())


def _closed(workshop: Workshop, now: datetime) -> RegistrationError | None:
    """Why educators may not register for the workshop now (with the values the words
    need), or None if they may."""
    reason = window.refusal_now(workshop, now)
    if reason is None:
        return None
    if reason == Refusal.NOT_OPEN_YET:
        return RegistrationError(
            reason, opens_at=workshop.registration_opens_at, time_zone=workshop.network.time_zone
        )
    return RegistrationError(reason)


def check_open(workshop: Workshop, now: datetime) -> None:
    """Refuse (RegistrationError) unless educators may register for the workshop now."""
    refusal = _closed(workshop, now)
    if refusal is not None:
        raise refusal


def refuse_unless_open(workshop: Workshop) -> None:
    """Raise RegistrationError unless educators may register for the workshop now."""
    check_open(workshop, utcnow())


def closed_reason(workshop: Workshop) -> RegistrationError | None:
    """Why educators may not register now (the reason and its values), or None."""
    return _closed(workshop, utcnow())


def hold_is_live(registration: Registration, now: datetime | None = None) -> bool:
    """A seat held for payment whose hold has not expired."""
    return registration.status == RegistrationStatus.HELD and registration.hold_expires_at > (
        now or utcnow()
    )


def status_for(user: User | None, workshop: Workshop) -> SeatStatus:
    """Seats, the viewer's own registration and place in line, and whether registration
    is open: everything the workshop and pay pages show about registering, in one call."""
    now = utcnow()
    counts = waitlist.seat_counts([workshop.id], now)[workshop.id]
    own = None
    if user is not None and getattr(user, "is_authenticated", False):
        own = waitlist.active_registration(user, workshop)
    closed = _closed(workshop, now)
    return SeatStatus(
        capacity=workshop.capacity,
        taken=counts.taken,
        waitlisted=counts.waitlisted,
        registration=own,
        waitlist_position=waitlist.waitlist_position(own) if own is not None else None,
        closed=closed.reason if closed else None,
        opens_at=closed.opens_at if closed else None,
        time_zone=workshop.network.time_zone,
    )


def take_seat(
    user: User,
    workshop: Workshop,
    *,
    payment_method: PaymentMethod = PaymentMethod.NONE,
    payment_status: PaymentStatus = PaymentStatus.NOT_REQUIRED,
    amount_cents: int = 0,
    po_district: str = "",
    po_number: str = "",
    hold: bool = False,
    answers: dict[int, Any] | None = None,
) -> RegistrationResult:
    """The locked seat decision: confirmed, held (hold=True), waitlisted or full.

    `answers` to the workshop's questions (checked by the caller) are kept with the new
    registration in its transaction. Refusals (not open, closed, cancelled, over, already
    registered) raise RegistrationError and change nothing. The common case, a seat
    without answers, is one statement on PostgreSQL and three in one write lock on SQLite
    (`seat_statement`); answers and anything unusual take the general path below.
    """
    check_open(workshop, utcnow())  # a closed workshop needs no lock to say so
    seat = {
        "payment_method": payment_method,
        "payment_status": payment_status,
        "amount_cents": amount_cents,
        "po_district": po_district,
        "po_number": po_number,
    }
    if not answers:
        result = _take_seat_in_one_statement(user, workshop.id, hold, seat)
        if result is not None:
            return result
    held_for = timedelta(minutes=waitlist.HOLD_MINUTES) if hold else None
    if not answers:
        return decide_seat(user, workshop.id, seat, held_for)
    kept = answers
    return decide_seat(
        user, workshop.id, seat, held_for, then=lambda new: questions.save_answers(new, kept)
    )


def _take_seat_in_one_statement(
    user: User, workshop_id: int, hold: bool, seat: dict[str, Any]
) -> RegistrationResult | None:
    """The seat statement's answer (committed as it ran); None when the general path
    must decide (it wrote nothing then)."""
    decide = seat_statement.decide_on_sqlite if is_sqlite(current_app) else seat_statement.decide
    try:
        decision = decide(
            workshop_id,
            user.id,
            user.email,
            hold_minutes=waitlist.HOLD_MINUTES if hold else 0,
            **seat,
        )
    except IntegrityError:  # the partial unique index: a registration the lock did not see
        db.session.rollback()
        raise RegistrationError(Refusal.ALREADY_REGISTERED) from None
    if decision.decision == seat_statement.ALREADY_REGISTERED:
        raise RegistrationError(Refusal.ALREADY_REGISTERED)
    if decision.decision == seat_statement.FULL:
        return RegistrationResult(None, Outcome.FULL)
    if decision.registration_id is None:  # gone, closed, or a promotion owed first
        return None
    status = RegistrationStatus(decision.decision)
    return RegistrationResult.of_new(decision.registration_id, status, decision.waiting + 1)


@dataclass
class Seats:
    """A locked workshop's seats taken and waitlist length, kept current as the
    transaction gives places (`place`)."""

    taken: int
    waiting: int


def open_seats(workshop: Workshop, counts: SeatCount, now: datetime) -> Seats:
    """The seats as a decision under the lock starts: seats freed without a promotion go
    to the waitlist first (invariant 3), so newcomers never pass those waiting."""
    seats = Seats(counts.taken, counts.waitlisted)
    if seats.taken < workshop.capacity and seats.waiting:
        promoted = waitlist.fill_from_waitlist(workshop, now, seats.taken)
        seats.taken += len(promoted)
        seats.waiting -= len(promoted)
    return seats


def place(
    workshop: Workshop,
    seats: Seats,
    registration: Registration,
    now: datetime,
    held_for: timedelta | None = None,
) -> bool:
    """Give a new registration a seat (held for `held_for`, else confirmed) or a place at
    the end of the waitlist, and flush it; False (nothing kept) when full with no waitlist.
    Runs under the workshop lock, after `open_seats`."""
    if seats.taken < workshop.capacity:
        if held_for is not None:
            registration.status = RegistrationStatus.HELD
            registration.hold_expires_at = now + held_for
        else:
            registration.status = RegistrationStatus.CONFIRMED
            registration.confirmed_at = now
        seats.taken += 1
    elif workshop.has_waitlist:
        registration.status = RegistrationStatus.WAITLISTED
        seats.waiting += 1
    else:
        return False
    waitlist.insert(registration)
    return True


def decide_seat(
    user: User,
    workshop_id: int,
    seat: dict[str, Any],
    held_for: timedelta | None,
    then: Callable[[Registration], None] | None = None,
) -> RegistrationResult:
    """The general path: lock, count (promoting first if a seat was freed), decide.
    `then` adds what else the new registration needs (in the same transaction)."""
    user_id, to_email = user.id, user.email
    workshop = waitlist.lock_or_refuse(workshop_id, only_read_so_far=True)
    try:
        now = utcnow()
        counts, already_registered = waitlist.seat_counts_and_own(workshop.id, user_id, now)
        if already_registered:
            raise RegistrationError(Refusal.ALREADY_REGISTERED)
        check_open(workshop, now)
        seats = open_seats(workshop, counts, now)
        registration = Registration(
            user_id=user_id, workshop_id=workshop.id, created_at=now, **seat
        )
        if not place(workshop, seats, registration, now, held_for):
            db.session.rollback()
            return RegistrationResult(None, Outcome.FULL)
    except RegistrationError:
        db.session.rollback()
        raise
    position = seats.waiting
    if registration.status != RegistrationStatus.HELD:  # a hold's email waits for the payment
        notices.seat_decided(registration, to_email, position)
    if then is not None:
        then(registration)
    result = RegistrationResult.of_new(registration.id, registration.status, position)
    db.session.commit()  # (read before it: after it, reading them would load the row again)
    return result


def refuse_free_only(workshop: Workshop) -> None:
    """Paid seats go through payments (which call take_seat)."""
    if not workshop.is_free:
        raise RegistrationError(Refusal.HAS_FEE)


def register(user: User, workshop: Workshop) -> RegistrationResult:
    """Register for a free workshop (paid ones go through payments, which call take_seat)."""
    refuse_free_only(workshop)
    return take_seat(user, workshop)


def register_with_answers(
    user: User, workshop: Workshop, answers: dict[int, Any]
) -> RegistrationResult:
    """A free seat (or waitlist place) with the answers, decided and kept together."""
    refuse_free_only(workshop)
    return take_seat(user, workshop, answers=answers)


def confirm_paid(registration_id: int) -> bool:
    """A verified payment arrived. True if the seat is (now) confirmed; False: refund it.

    A live hold is confirmed. A hold that expired (released or not) is confirmed only
    if a seat is free and nobody is waiting for it. Repeating the call changes nothing.
    """
    loaded = waitlist.load_locked(registration_id)
    if loaded is None:
        db.session.rollback()
        return False
    registration, workshop = loaded
    now = utcnow()
    status = registration.status
    live_hold = status == RegistrationStatus.HELD and registration.hold_expires_at > now
    if status == RegistrationStatus.CONFIRMED or live_hold:
        was_confirmed = status == RegistrationStatus.CONFIRMED
        _mark_paid(registration, now)
        if not was_confirmed:
            notices.confirmed(registration, workshop)
        db.session.commit()
        return True
    expired_hold = status == RegistrationStatus.HELD
    released_hold = (
        status == RegistrationStatus.CANCELLED
        and registration.cancelled_by_id is None
        and workshop.status == WorkshopStatus.PUBLISHED
    )
    if not (expired_hold or released_hold):
        db.session.rollback()
        return False
    counts = waitlist.seat_counts([workshop.id], now)[workshop.id]
    if counts.taken < workshop.capacity and counts.waitlisted == 0:
        registration.status = RegistrationStatus.HELD  # back in the active set
        try:
            db.session.flush()
        except IntegrityError:  # they registered again meanwhile
            db.session.rollback()
            return False
        _mark_paid(registration, now)
        registration.cancelled_at = None
        registration.cancel_reason = ""
        notices.confirmed(registration, workshop)
        db.session.commit()
        return True
    if expired_hold:
        release(registration, workshop, SystemReason.LATE_PAYMENT, now)
    db.session.commit()
    return False


def _mark_paid(registration: Registration, now: datetime) -> None:
    registration.status = RegistrationStatus.CONFIRMED
    registration.confirmed_at = registration.confirmed_at or now
    registration.hold_expires_at = None
    registration.payment_status = PaymentStatus.PAID


def release(
    registration: Registration,
    workshop: Workshop,
    reason: str,
    now: datetime,
    actor: User | None = None,
) -> None:
    """Cancel an active registration and give any freed seat to the waitlist."""
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now
    registration.cancelled_by_id = actor.id if actor else None
    registration.cancel_reason = reason[:MAX_CANCEL_REASON]
    db.session.flush()
    waitlist.fill_from_waitlist(workshop, now)


def release_hold(registration_id: int, reason: str) -> None:
    """HELD → CANCELLED (the educator is told); the seat goes to the waitlist. Idempotent."""
    loaded = waitlist.load_locked(registration_id)
    if loaded is None or loaded[0].status != RegistrationStatus.HELD:
        db.session.rollback()
        return
    registration, workshop = loaded
    release(registration, workshop, reason, utcnow())
    notices.cancelled(registration, workshop, reason, by_educator=False)
    db.session.commit()


def cancel_registration(
    registration: Registration,
    actor: User,
    reason: str,
    *,
    fee_of: Callable[[Registration], object | None] | None = None,
) -> RegistrationResult:
    """Cancel a registration (the educator's own, or by an organiser with a reason).

    The freed seat goes to the oldest waitlisted educator in the same transaction.
    `fee_of` tells, once the registration is cancelled and still under the lock, what
    became of its fee (the payments service knows); the email says it.
    """
    loaded = waitlist.load_locked(registration.id)
    if loaded is None:
        db.session.rollback()
        raise RegistrationError(Refusal.REGISTRATION_GONE)
    registration, workshop = loaded
    now = utcnow()
    if not registration.is_active:
        db.session.rollback()
        return RegistrationResult(registration, Outcome.ALREADY_CANCELLED)
    by_educator = actor.id == registration.user_id
    if by_educator and workshop.starts_at is not None and workshop.starts_at <= now:
        db.session.rollback()
        raise RegistrationError(Refusal.ALREADY_STARTED)
    was_waitlisted = registration.status == RegistrationStatus.WAITLISTED
    reason = reason.strip() or (SystemReason.BY_EDUCATOR if by_educator else "")
    release(registration, workshop, reason, now, actor)
    tell = notices.left_waitlist if was_waitlisted else notices.cancelled
    fee = fee_of(registration) if fee_of is not None else None
    tell(registration, workshop, reason, by_educator=by_educator, fee=fee)
    db.session.commit()
    outcome = Outcome.LEFT_WAITLIST if was_waitlisted else Outcome.CANCELLED
    return RegistrationResult(registration, outcome)
