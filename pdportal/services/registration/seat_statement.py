"""The seat decision on PostgreSQL as one statement in autocommit, so the seat lock is
held only while PostgreSQL runs it: no round trip to this process happens under it.

`pdportal_take_seat` is a PL/pgSQL function: it locks the workshop row, then counts
and decides with a fresh snapshot (each statement of a VOLATILE function sees what
committed before it; one plain statement could not, its snapshot predates the lock),
inserts the registration and its email as facts (the mail worker writes the words), and
says what it did. The function lives in each connection's temporary schema, created
when the connection opens: its text is here, beside the Python that calls it, so no
migration can fall behind the code that relies on it.

On SQLite, where the write lock is a file lock in the same process (no round trips),
`decide_on_sqlite` makes the same decision in three Core statements under BEGIN
IMMEDIATE, without the ORM's unit of work: the registration rush's CPU is the limit there.

Anything unusual (a seat freed without a promotion, a refusal) returns early with
nothing written, and `booking.take_seat` takes its general path.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, event, func, insert, select, text
from sqlalchemy.engine import Engine

from pdportal.database import begin_write_locked_transaction
from pdportal.extensions import db
from pdportal.models import (
    OutboxMessage,
    OutboxStatus,
    PaymentMethod,
    PaymentStatus,
    Registration,
    RegistrationStatus,
    Workshop,
    WorkshopStatus,
)
from pdportal.orm import UTCDateTime, utcnow
from pdportal.services.registration import waitlist, window
from pdportal.services.registration.notices import SEAT_EMAIL_PREFIX

# What the statement answers when it wrote nothing.
GONE, CLOSED, ALREADY_REGISTERED, PROMOTE_FIRST, FULL = (
    "gone",
    "closed",
    "already_registered",
    "promote_first",
    "full",
)


# Only the code's own constants are put into the text; every value is a parameter.
_FUNCTION = f"""
CREATE OR REPLACE FUNCTION pg_temp.pdportal_take_seat(
    p_workshop_id integer, p_user_id integer, p_to_email text, p_hold_minutes integer,
    p_payment_method text, p_payment_status text, p_amount_cents integer,
    p_po_district text, p_po_number text)
RETURNS TABLE (out_decision text, out_registration_id integer, out_waiting integer)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
    w record;
    v_now timestamptz;
    v_taken integer;
    v_waiting integer;
    v_own integer;
    v_status text;
    v_id integer;
BEGIN
    SELECT status, capacity, has_waitlist, registration_opens_at, registration_closes_at,
           starts_at, ends_at
      INTO w FROM workshop WHERE id = p_workshop_id FOR UPDATE;
    IF NOT FOUND THEN
        RETURN QUERY SELECT '{GONE}', NULL::integer, 0; RETURN;
    END IF;
    v_now := clock_timestamp();  -- after the lock: arrival order is lock order
    IF w.status <> '{WorkshopStatus.PUBLISHED}'
       OR w.ends_at <= v_now
       OR w.registration_opens_at > v_now
       OR coalesce(w.registration_closes_at, w.starts_at) <= v_now THEN
        RETURN QUERY SELECT '{CLOSED}', NULL::integer, 0; RETURN;
    END IF;
    SELECT count(*) FILTER (WHERE status = '{RegistrationStatus.CONFIRMED}'
                              OR (status = '{RegistrationStatus.HELD}'
                                  AND hold_expires_at > v_now)),
           count(*) FILTER (WHERE status = '{RegistrationStatus.WAITLISTED}'),
           count(*) FILTER (WHERE user_id = p_user_id)
      INTO v_taken, v_waiting, v_own
      FROM registration
     WHERE workshop_id = p_workshop_id AND status <> '{RegistrationStatus.CANCELLED}';
    IF v_own > 0 THEN
        RETURN QUERY SELECT '{ALREADY_REGISTERED}', NULL::integer, 0; RETURN;
    END IF;
    IF v_taken < w.capacity AND v_waiting > 0 THEN
        RETURN QUERY SELECT '{PROMOTE_FIRST}', NULL::integer, v_waiting; RETURN;
    END IF;
    IF v_taken < w.capacity THEN
        v_status := CASE WHEN p_hold_minutes > 0 THEN '{RegistrationStatus.HELD}'
                         ELSE '{RegistrationStatus.CONFIRMED}' END;
    ELSIF w.has_waitlist THEN
        v_status := '{RegistrationStatus.WAITLISTED}';
    ELSE
        RETURN QUERY SELECT '{FULL}', NULL::integer, v_waiting; RETURN;
    END IF;
    INSERT INTO registration (
        user_id, workshop_id, status, created_at, hold_expires_at, confirmed_at,
        cancel_reason, payment_method, payment_status, amount_cents, po_district, po_number,
        updated_at)
    VALUES (
        p_user_id, p_workshop_id, v_status, v_now,
        CASE WHEN v_status = '{RegistrationStatus.HELD}'
             THEN v_now + make_interval(mins => p_hold_minutes) END,
        CASE WHEN v_status = '{RegistrationStatus.CONFIRMED}' THEN v_now END,
        '', p_payment_method, p_payment_status, p_amount_cents, p_po_district, p_po_number,
        v_now)
    RETURNING id INTO v_id;
    IF v_status <> '{RegistrationStatus.HELD}' THEN  -- a hold's email waits for the payment
        INSERT INTO outbox_message (
            to_email, subject, body_text, attachments, status, attempts, last_error,
            next_attempt_at, created_at, template, facts)
        VALUES (
            p_to_email, '', '', '[]', '{OutboxStatus.PENDING}', 0, '', v_now, v_now,
            '{SEAT_EMAIL_PREFIX}' || v_status,
            json_build_object('registration_id', v_id, 'position', v_waiting + 1));
    END IF;
    RETURN QUERY SELECT v_status, v_id, v_waiting;
END
$$
"""  # noqa: S608

_CALL = text(
    "SELECT out_decision, out_registration_id, out_waiting FROM pg_temp.pdportal_take_seat("
    ":workshop_id, :user_id, :to_email, :hold_minutes, :payment_method, :payment_status,"
    " :amount_cents, :po_district, :po_number)"
)


def install_on_connect(engine: Engine) -> None:
    """Create the function in every new PostgreSQL connection of `engine`."""
    if engine.dialect.name != "postgresql":
        return

    @event.listens_for(engine, "connect")
    def create_function(dbapi_connection: Any, _record: Any) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(_FUNCTION)
        dbapi_connection.commit()


@dataclass(frozen=True)
class Decision:
    """What the statement did: `decision` is a RegistrationStatus value when it wrote a
    registration, else why not ('gone', 'closed', 'already_registered',
    'promote_first', 'full'). `waiting` is the waitlist length it saw."""

    decision: str
    registration_id: int | None
    waiting: int


def decide(
    workshop_id: int,
    user_id: int,
    to_email: str,
    *,
    hold_minutes: int,
    payment_method: PaymentMethod,
    payment_status: PaymentStatus,
    amount_cents: int,
    po_district: str,
    po_number: str,
) -> Decision:
    """Run the seat statement, committed as it ends.

    It runs in autocommit, so PostgreSQL commits (and lets go of the lock) the moment the
    statement is done, before its answer reaches us: the lock is never held while this
    process waits for a turn on a busy CPU. The session's transaction so far (reads,
    anything pending) is committed first, so the request keeps to one connection.
    """
    db.session.commit()
    connection = db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
    try:
        row = connection.execute(
            _CALL,
            {
                "workshop_id": workshop_id,
                "user_id": user_id,
                "to_email": to_email,
                "hold_minutes": hold_minutes,
                "payment_method": payment_method.value,
                "payment_status": payment_status.value,
                "amount_cents": amount_cents,
                "po_district": po_district,
                "po_number": po_number,
            },
        ).one()
    finally:
        db.session.commit()  # nothing to commit: gives the connection back, reset
    return Decision(*row)


# SQLite: the workshop's window and its seats, read under the write lock in one query.
_NOW = bindparam("now", type_=UTCDateTime)
_ACTIVE = Registration.status != RegistrationStatus.CANCELLED
_SEAT_STATE = select(
    Workshop.status,
    Workshop.capacity,
    Workshop.has_waitlist,
    Workshop.starts_at,
    Workshop.ends_at,
    Workshop.registration_opens_at,
    Workshop.registration_closes_at,
    select(func.count())
    .where(Registration.workshop_id == Workshop.id, waitlist.takes_seat(_NOW))
    .scalar_subquery()
    .label("taken"),
    select(func.count())
    .where(
        Registration.workshop_id == Workshop.id,
        Registration.status == RegistrationStatus.WAITLISTED,
    )
    .scalar_subquery()
    .label("waiting"),
    select(func.count())
    .where(
        Registration.workshop_id == Workshop.id,
        Registration.user_id == bindparam("user_id"),
        _ACTIVE,
    )
    .scalar_subquery()
    .label("own"),
).where(Workshop.id == bindparam("workshop_id"))


def decide_on_sqlite(
    workshop_id: int,
    user_id: int,
    to_email: str,
    *,
    hold_minutes: int,
    payment_method: PaymentMethod,
    payment_status: PaymentStatus,
    amount_cents: int,
    po_district: str,
    po_number: str,
) -> Decision:
    """The same decision as the PostgreSQL statement, under SQLite's write lock: read,
    decide, insert the registration and its email, commit (or write nothing)."""
    begin_write_locked_transaction(only_read_so_far=True)
    now = utcnow()
    state = db.session.execute(
        _SEAT_STATE, {"workshop_id": workshop_id, "user_id": user_id, "now": now}
    ).one_or_none()
    decision = _decide(state, now, hold_minutes)
    if decision not in (
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.HELD,
        RegistrationStatus.WAITLISTED,
    ):
        db.session.rollback()
        return Decision(decision, None, state.waiting if state else 0)
    registration_id = db.session.scalar(
        insert(Registration)
        .values(
            user_id=user_id,
            workshop_id=workshop_id,
            status=decision,
            created_at=now,
            hold_expires_at=now + timedelta(minutes=hold_minutes)
            if decision == RegistrationStatus.HELD
            else None,
            confirmed_at=now if decision == RegistrationStatus.CONFIRMED else None,
            payment_method=payment_method,
            payment_status=payment_status,
            amount_cents=amount_cents,
            po_district=po_district,
            po_number=po_number,
        )
        .returning(Registration.id)
    )
    if decision != RegistrationStatus.HELD:  # a hold's email waits for the payment
        db.session.execute(
            insert(OutboxMessage).values(
                to_email=to_email,
                subject="",
                body_text="",
                template=f"{SEAT_EMAIL_PREFIX}{decision}",
                facts={"registration_id": registration_id, "position": state.waiting + 1},
            )
        )
    db.session.commit()
    return Decision(str(decision), registration_id, state.waiting)


def _decide(state: Any, now: datetime, hold_minutes: int) -> str:
    """The decision the PostgreSQL function makes, over the row `_SEAT_STATE` read."""
    if state is None:
        return GONE
    if window.refusal_now(state, now) is not None:
        return CLOSED
    if state.own:
        return ALREADY_REGISTERED
    if state.taken < state.capacity and state.waiting:
        return PROMOTE_FIRST
    if state.taken < state.capacity:
        return RegistrationStatus.HELD if hold_minutes > 0 else RegistrationStatus.CONFIRMED
    return RegistrationStatus.WAITLISTED if state.has_waitlist else FULL
