"""Seat primitives: the workshop lock, seat arithmetic, and moving educators from the
waitlist into seats.

`lock_workshop` starts the seat transaction; the rest runs inside it and never commits:
the callers in `registration.booking` and `registration.admin` decide and commit.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, case, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.elements import BindParameter, ColumnElement

from pdportal.database import begin_write_locked_transaction
from pdportal.extensions import db
from pdportal.models import (
    ACTIVE_STATUSES,
    ApprovalStatus,
    PaymentMethod,
    PaymentStatus,
    Registration,
    RegistrationStatus,
    SupervisorApproval,
    User,
    Workshop,
)
from pdportal.services.registration import notices
from pdportal.services.registration.outcomes import Refusal, RegistrationError, SeatCount

HOLD_MINUTES = 30


def active_registration(user: User, workshop: Workshop) -> Registration | None:
    return db.session.scalar(
        select(Registration).where(
            Registration.user_id == user.id,
            Registration.workshop_id == workshop.id,
            Registration.status.in_(ACTIVE_STATUSES),
        )
    )


def takes_seat(now: datetime | BindParameter[datetime]) -> ColumnElement[bool]:
    """Registrations that occupy a seat: confirmed, or held and not yet expired."""
    return or_(
        Registration.status == RegistrationStatus.CONFIRMED,
        and_(
            Registration.status == RegistrationStatus.HELD,
            Registration.hold_expires_at > now,
        ),
    )


# The seat statements are built once: building an expression of this size costs more
# CPU than PostgreSQL spends answering it, and they run on every registration.
_NOW = bindparam("now")
_TAKEN = func.count(case((takes_seat(_NOW), 1)))
_WAITLISTED = func.count(case((Registration.status == RegistrationStatus.WAITLISTED, 1)))
_NOT_CANCELLED = Registration.status != RegistrationStatus.CANCELLED
_SEAT_COUNTS = (
    select(Registration.workshop_id, _TAKEN, _WAITLISTED)
    .where(Registration.workshop_id.in_(bindparam("workshop_ids", expanding=True)), _NOT_CANCELLED)
    .group_by(Registration.workshop_id)
)
_LOCKED_WORKSHOP = (
    select(Workshop)
    .where(Workshop.id == bindparam("workshop_id"))
    .with_for_update()
    .execution_options(populate_existing=True)
)
_SEAT_COUNTS_WITH_OWN = select(
    _TAKEN, _WAITLISTED, func.count(case((Registration.user_id == bindparam("user_id"), 1)))
).where(Registration.workshop_id == bindparam("workshop_id"), _NOT_CANCELLED)


def seat_counts(workshop_ids: list[int], now: datetime) -> dict[int, SeatCount]:
    """Seats taken and waitlist length for many workshops, in one query."""
    counts = {workshop_id: SeatCount(0, 0) for workshop_id in workshop_ids}
    if not workshop_ids:
        return counts
    rows = db.session.execute(_SEAT_COUNTS, {"workshop_ids": workshop_ids, "now": now})
    for workshop_id, taken, waitlisted in rows:
        counts[workshop_id] = SeatCount(taken, waitlisted)
    return counts


def seat_counts_and_own(workshop_id: int, user_id: int, now: datetime) -> tuple[SeatCount, bool]:
    """One workshop's seat counts, and whether this educator is already registered."""
    taken, waitlisted, own = db.session.execute(
        _SEAT_COUNTS_WITH_OWN, {"workshop_id": workshop_id, "user_id": user_id, "now": now}
    ).one()
    return SeatCount(taken, waitlisted), own > 0


def lock_workshop(workshop_id: int, *, only_read_so_far: bool = False) -> Workshop | None:
    """Start the seat transaction: BEGIN IMMEDIATE on SQLite, the row lock on PostgreSQL.

    Whatever the session had pending is committed first (unless the caller has
    `only_read_so_far`, see `begin_write_locked_transaction`). The workshop comes back
    freshly loaded, so its capacity and status are the ones the lock protects.
    """
    begin_write_locked_transaction(only_read_so_far=only_read_so_far)
    return db.session.scalar(_LOCKED_WORKSHOP, {"workshop_id": workshop_id})


def reload(registration_id: int) -> Registration | None:
    """A registration as the locked transaction sees it."""
    return db.session.scalar(
        select(Registration)
        .where(Registration.id == registration_id)
        .execution_options(populate_existing=True)
    )


def lock_or_refuse(workshop_id: int, *, only_read_so_far: bool = False) -> Workshop:
    workshop = lock_workshop(workshop_id, only_read_so_far=only_read_so_far)
    if workshop is None:
        db.session.rollback()
        raise RegistrationError(Refusal.WORKSHOP_GONE)
    return workshop


def insert(registration: Registration) -> None:
    """Flush a new registration; the partial unique index turns a double submit away."""
    db.session.add(registration)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise RegistrationError(Refusal.ALREADY_REGISTERED) from None


def load_locked(registration_id: int) -> tuple[Registration, Workshop] | None:
    workshop_id = db.session.scalar(
        select(Registration.workshop_id).where(Registration.id == registration_id)
    )
    if workshop_id is None:
        return None
    workshop = lock_or_refuse(workshop_id)
    return reload(registration_id), workshop


def waitlist_positions(workshop_ids: list[int]) -> dict[int, int]:
    """Registration id → place in its workshop's waitlist (1 = next in line)."""
    if not workshop_ids:
        return {}
    position = (
        func.row_number()
        .over(
            partition_by=Registration.workshop_id,
            order_by=(Registration.created_at, Registration.id),
        )
        .label("position")
    )
    rows = db.session.execute(
        select(Registration.id, position).where(
            Registration.workshop_id.in_(workshop_ids),
            Registration.status == RegistrationStatus.WAITLISTED,
        )
    )
    return {registration_id: place for registration_id, place in rows}


def waitlist_position(registration: Registration) -> int | None:
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = db.session.scalar(
        select(func.count()).where(
            Registration.workshop_id == registration.workshop_id,
            Registration.status == RegistrationStatus.WAITLISTED,
            or_(
                Registration.created_at < registration.created_at,
                and_(
                    Registration.created_at == registration.created_at,
                    Registration.id < registration.id,
                ),
            ),
        )
    )
    return (ahead or 0) + 1


def needs_payment(workshop: Workshop, registration: Registration) -> bool:
    """A paid seat is held for card payment; purchase orders and sponsored seats confirm."""
    return not workshop.is_free and registration.payment_method in (
        PaymentMethod.NONE,
        PaymentMethod.CARD,
    )


def _approval_deadline(registration: Registration) -> datetime | None:
    """When a registration's unanswered supervisor approval runs out (None: none pending)."""
    return db.session.scalar(
        select(SupervisorApproval.expires_at).where(
            SupervisorApproval.registration_id == registration.id,
            SupervisorApproval.status == ApprovalStatus.PENDING,
        )
    )


def seat(registration: Registration, workshop: Workshop, now: datetime) -> None:
    """Give a waitlisted registration a seat: a 30-minute hold if it must pay, held until
    the deadline while its supervisor has not answered, else confirmed."""
    deadline = _approval_deadline(registration) if workshop.requires_approval else None
    if deadline is not None:
        registration.status = RegistrationStatus.HELD
        registration.hold_expires_at = deadline
    elif needs_payment(workshop, registration):
        registration.status = RegistrationStatus.HELD
        registration.hold_expires_at = now + timedelta(minutes=HOLD_MINUTES)
        registration.payment_method = PaymentMethod.CARD
        registration.payment_status = PaymentStatus.PENDING
        registration.amount_cents = workshop.price_cents
    else:
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = now
        if registration.payment_method == PaymentMethod.PURCHASE_ORDER:
            registration.payment_status = PaymentStatus.DUE


def fill_from_waitlist(
    workshop: Workshop, now: datetime, taken: int | None = None
) -> list[Registration]:
    """Move the oldest waitlisted educators into any free seats and tell each of them.

    Must run under `lock_workshop`. Returns the promoted registrations.
    """
    if taken is None:
        taken = seat_counts([workshop.id], now)[workshop.id].taken
    free = workshop.capacity - taken
    if free <= 0:
        return []
    promoted = list(
        db.session.scalars(
            select(Registration)
            .where(
                Registration.workshop_id == workshop.id,
                Registration.status == RegistrationStatus.WAITLISTED,
            )
            .order_by(Registration.created_at, Registration.id)
            .limit(free)
        )
    )
    for registration in promoted:
        seat(registration, workshop, now)
        notices.promoted(registration, workshop)
    return promoted
