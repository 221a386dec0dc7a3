"""Registration's `flask sweep` steps: reminders, and the waitlist safety net.

Both are safe with several sweepers at once: reminders are claimed with
FOR UPDATE SKIP LOCKED (BEGIN IMMEDIATE serialises sweepers on SQLite) and stamped
`reminder_sent_at` in the transaction that queues them; promotions run under the
workshop lock like every other seat decision.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from pdportal.database import begin_write_locked_transaction
from pdportal.extensions import db
from pdportal.models import Registration, RegistrationStatus, Workshop, WorkshopStatus
from pdportal.services.common.counts import counted
from pdportal.services.registration import notices, waitlist

REMINDER_LEAD = timedelta(days=2)
REMINDER_BATCH = 500


def send_reminders(now: datetime) -> str:
    """Email each confirmed educator once, within two days of the first session.
    Returns the operator's one-line summary."""
    begin_write_locked_transaction()
    due = db.session.scalars(
        select(Registration)
        .join(Workshop, Workshop.id == Registration.workshop_id)
        .where(
            Registration.status == RegistrationStatus.CONFIRMED,
            Registration.reminder_sent_at.is_(None),
            Workshop.status == WorkshopStatus.PUBLISHED,
            Workshop.starts_at > now,
            Workshop.starts_at <= now + REMINDER_LEAD,
        )
        .order_by(Registration.id)
        .limit(REMINDER_BATCH)
        .with_for_update(skip_locked=True, of=Registration)
    ).all()
    for registration in due:
        registration.reminder_sent_at = now
        notices.reminder(registration, registration.workshop)
    db.session.commit()
    return f"registration: {counted(len(due), 'reminder')} queued"


def promote_waitlists(now: datetime) -> str:
    """Fill free seats of workshops that still have a waitlist (e.g. after expired holds)."""
    waiting = db.session.execute(
        select(Workshop.id, Workshop.capacity)
        .where(
            Workshop.status == WorkshopStatus.PUBLISHED,
            Workshop.id.in_(
                select(Registration.workshop_id).where(
                    Registration.status == RegistrationStatus.WAITLISTED
                )
            ),
        )
        .order_by(Workshop.id)
    ).all()
    counts = waitlist.seat_counts([workshop_id for workshop_id, _ in waiting], now)
    promoted = 0
    for workshop_id, capacity in waiting:
        if counts[workshop_id].taken >= capacity:
            continue
        workshop = waitlist.lock_workshop(workshop_id)
        if workshop is not None:
            promoted += len(waitlist.fill_from_waitlist(workshop, now))
        db.session.commit()
    db.session.commit()
    return f"registration: {counted(promoted, 'waitlisted educator')} moved into free seats"
