"""Read-side of registration: an educator's own list, a workshop's roster and its CSV,
and messages from organisers to a workshop's registrants."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from pdportal.extensions import db
from pdportal.models import (
    MessageAudience,
    Registration,
    RegistrationStatus,
    User,
    Workshop,
    WorkshopMessage,
    WorkshopStatus,
)
from pdportal.orm import utcnow
from pdportal.services import registration_notices as notices
from pdportal.services import waitlist
from pdportal.services.registration import RegistrationError
from pdportal.templating import format_local

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
AUDIENCE_STATUSES = {
    MessageAudience.CONFIRMED: (RegistrationStatus.CONFIRMED,),
    MessageAudience.WAITLISTED: (RegistrationStatus.WAITLISTED,),
    MessageAudience.ALL: (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED),
}


@dataclass
class EducatorRegistrations:
    upcoming: list[Registration] = field(default_factory=list)
    waitlisted: list[Registration] = field(default_factory=list)
    past: list[Registration] = field(default_factory=list)
    cancelled: list[Registration] = field(default_factory=list)
    positions: dict[int, int] = field(default_factory=dict)  # registration id → place


def for_educator(user: User, now: datetime | None = None) -> EducatorRegistrations:
    """The educator's registrations, grouped as /me/registrations shows them."""
    now = now or utcnow()
    registrations = db.session.scalars(
        select(Registration)
        .where(Registration.user_id == user.id)
        .options(
            selectinload(Registration.workshop).selectinload(Workshop.network),
            selectinload(Registration.workshop).selectinload(Workshop.sessions),
        )
        .order_by(Registration.created_at.desc())
    ).all()
    lists = EducatorRegistrations()
    for registration in registrations:
        workshop = registration.workshop
        over = workshop.status == WorkshopStatus.COMPLETED or (
            workshop.ends_at is not None and workshop.ends_at <= now
        )
        if registration.status == RegistrationStatus.CANCELLED:
            lists.cancelled.append(registration)
        elif over:
            if registration.status == RegistrationStatus.CONFIRMED:
                lists.past.append(registration)
        elif registration.status == RegistrationStatus.WAITLISTED:
            lists.waitlisted.append(registration)
        else:
            lists.upcoming.append(registration)
    lists.upcoming.sort(key=lambda r: r.workshop.starts_at or now)
    lists.positions = waitlist.waitlist_positions(sorted({r.workshop_id for r in lists.waitlisted}))
    return lists


@dataclass(frozen=True)
class RosterRow:
    registration: Registration
    position: int | None


STATUS_ORDER = {
    RegistrationStatus.CONFIRMED: 0,
    RegistrationStatus.HELD: 1,
    RegistrationStatus.WAITLISTED: 2,
    RegistrationStatus.CANCELLED: 3,
}


def roster(workshop: Workshop) -> list[RosterRow]:
    """Every registration of the workshop: seats first, then the waitlist in order."""
    registrations = db.session.scalars(
        select(Registration)
        .where(Registration.workshop_id == workshop.id)
        .options(selectinload(Registration.user), selectinload(Registration.cancelled_by))
        .order_by(Registration.created_at, Registration.id)
    ).all()
    positions = waitlist.waitlist_positions([workshop.id])
    rows = [RosterRow(r, positions.get(r.id)) for r in registrations]
    rows.sort(key=lambda row: STATUS_ORDER[row.registration.status])
    return rows


def safe_cell(value: object) -> str:
    """A CSV cell a spreadsheet will not run as a formula (OWASP CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


ROSTER_COLUMNS = [
    "Name",
    "Email",
    "Status",
    "Registered at",
    "Waitlist position",
    "Payment method",
    "Payment status",
    "Amount",
    "PO district",
    "PO number",
    "School",
    "District",
    "Cancel reason",
]


def roster_csv(workshop: Workshop) -> str:
    zone = workshop.network.time_zone
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(ROSTER_COLUMNS)
    for row in roster(workshop):
        registration, user = row.registration, row.registration.user
        cells = [
            user.name,
            user.email,
            registration.status.label,
            format_local(registration.created_at, zone, "%Y-%m-%d %H:%M"),
            row.position or "",
            registration.payment_method.label,
            registration.payment_status.label,
            f"{registration.amount_cents / 100:.2f}",
            registration.po_district,
            registration.po_number,
            user.school,
            user.district,
            registration.cancel_reason,
        ]
        writer.writerow([safe_cell(cell) for cell in cells])
    return buffer.getvalue()


def send_message(
    workshop: Workshop, sender: User, subject: str, body: str, audience: MessageAudience
) -> WorkshopMessage:
    """Email the chosen registrants (one email each) and keep the message on record."""
    recipients = db.session.scalars(
        select(Registration)
        .where(
            Registration.workshop_id == workshop.id,
            Registration.status.in_(AUDIENCE_STATUSES[audience]),
        )
        .options(selectinload(Registration.user))
        .order_by(Registration.id)
    ).all()
    if not recipients:
        raise RegistrationError("Nobody in that group to write to yet; nothing was sent.")
    for registration in recipients:
        notices.organiser_message(registration, workshop, subject, body, sender.name)
    message = WorkshopMessage(
        workshop_id=workshop.id,
        sender_id=sender.id,
        subject=subject,
        body=body,
        audience=audience,
        recipient_count=len(recipients),
    )
    db.session.add(message)
    db.session.commit()
    return message


def messages(workshop: Workshop) -> list[WorkshopMessage]:
    return list(
        db.session.scalars(
            select(WorkshopMessage)
            .where(WorkshopMessage.workshop_id == workshop.id)
            .options(selectinload(WorkshopMessage.sender))
            .order_by(WorkshopMessage.sent_at.desc(), WorkshopMessage.id.desc())
        )
    )
