"""The emails that tell educators what happened to their registration.

Each function queues one message in the caller's transaction (the outbox), so the
email exists exactly when the change it reports is committed. The words, the subject
included, are the templates' (`templates/email/registration_*.txt`), in the educator's
language; this module passes them values only.

The seat decision's own email (confirmed or waitlisted) is queued as facts, not words:
the registration rush must not spend its seat lock or its CPU writing emails, so
`write_seat_emails` (run by the mail worker before it sends) writes them afterwards,
from the registration as it was committed.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from pdportal.extensions import db
from pdportal.models import (
    OutboxMessage,
    OutboxStatus,
    Registration,
    RegistrationGroup,
    RegistrationStatus,
    User,
    Workshop,
)
from pdportal.services.calendar.ics import workshop_ics
from pdportal.services.common.urls import external_url
from pdportal.services.mail.outbox import (
    Attachment,
    queue_email_facts,
    queue_templated_email,
    render_email,
)

logger = logging.getLogger(__name__)

SEAT_EMAIL_PREFIX = "registration_"  # + the decision: registration_confirmed, …_waitlisted
SEAT_EMAILS = tuple(
    f"{SEAT_EMAIL_PREFIX}{status}"
    for status in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)
)


def calendar_attachment(workshop: Workshop, language: str | None) -> list[Attachment]:
    """The workshop's .ics for an email, its texts in the recipient's language."""
    content = workshop_ics(workshop, include_join_link=True, language=language)
    return [
        Attachment(
            filename=f"{workshop.slug}.ics",
            content_type="text/calendar",
            content=content.decode() if isinstance(content, bytes) else content,
        )
    ]


def prepare(user: User, workshop: Workshop) -> dict[str, Any]:
    """What an email says about its reader and workshop, as plain values."""
    return {
        "email_to": user.email,
        "language": user.preferred_language,
        "user": {"name": user.name},
        "workshop": {
            "title": workshop.title,
            "venue": workshop.venue,
            "address": workshop.address,
            "online_url": workshop.online_url,
        },
        "time_zone": workshop.network.time_zone,
        "sessions": [
            {"starts_at": session.starts_at, "location": session.location}
            for session in workshop.sessions
            if not session.is_cancelled
        ],
        "workshop_url": external_url("catalog.detail", slug=workshop.slug),
        "registrations_url": external_url("registration.my_registrations"),
        "catalog_url": external_url("catalog.workshops"),
    }


def _context(
    registration: Registration, workshop: Workshop, show_join: bool, **extra: Any
) -> tuple[str, str | None, dict[str, Any]]:
    """(to, language, template values) of a registration email. `show_join`: the online
    join link is for educators with a seat only."""
    context = prepare(registration.user, workshop)
    to_email, language = context.pop("email_to"), context.pop("language")
    context.update(registration=registration, show_join=show_join, **extra)
    return to_email, language, context


def _send(
    registration: Registration,
    workshop: Workshop,
    template: str,
    attachments: list[Attachment] | None = None,
    **extra: Any,
) -> None:
    """Queue `email/registration_<template>.txt` in the educator's language."""
    show_join = registration.status == RegistrationStatus.CONFIRMED
    to_email, language, context = _context(registration, workshop, show_join, **extra)
    queue_templated_email(
        to_email, f"{SEAT_EMAIL_PREFIX}{template}", attachments, language=language, **context
    )


def confirmed(registration: Registration, workshop: Workshop) -> None:
    _send(
        registration,
        workshop,
        "confirmed",
        calendar_attachment(workshop, registration.user.preferred_language),
    )


def awaiting_approval(registration: Registration, workshop: Workshop, deadline: object) -> None:
    """A seat held until the educator's supervisor answers."""
    _send(registration, workshop, "awaiting_approval", deadline=deadline)


def seat_decided(registration: Registration, to_email: str, position: int) -> None:
    """Queue the email of a new registration (confirmed or waitlisted) as facts."""
    queue_email_facts(
        to_email,
        f"{SEAT_EMAIL_PREFIX}{registration.status}",
        {"registration_id": registration.id, "position": position},
    )


def write_seat_emails(limit: int = 500) -> int:
    """Write the seat emails queued as facts: subject, body and calendar file, in the
    educator's language. Several workers may run it at once (SKIP LOCKED); how many."""
    messages = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.template.in_(SEAT_EMAILS), OutboxMessage.subject == "")
        .order_by(OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    _load_registrations(messages)
    for message in messages:
        try:
            _write_seat_email(message)
        except Exception as error:  # one unwritable message must not stop the others
            logger.exception("outbox message %s could not be written", message.id)
            message.status = OutboxStatus.FAILED  # shown to admins, who can retry it
            message.last_error = f"Could not be written: {error!r}"[:2000]
    db.session.commit()
    return len(messages)


def _load_registrations(messages: list[OutboxMessage]) -> None:
    """The messages' registrations with their educators and workshops, in one query (into
    the session, where `_write_seat_email` finds them): not three queries a message."""
    ids = {message.facts.get("registration_id") for message in messages}
    db.session.scalars(
        select(Registration)
        .where(Registration.id.in_([i for i in ids if isinstance(i, int)]))
        .options(joinedload(Registration.user), joinedload(Registration.workshop))
    ).all()


def _write_seat_email(message: OutboxMessage) -> None:
    registration = db.session.get(Registration, message.facts["registration_id"])
    if registration is None:  # cannot happen while registrations are never deleted
        raise LookupError(f"outbox message {message.id}: its registration is gone")
    workshop = registration.workshop
    seated = message.template == f"{SEAT_EMAIL_PREFIX}{RegistrationStatus.CONFIRMED}"
    _to, language, context = _context(
        registration, workshop, seated, position=message.facts.get("position")
    )
    message.subject, message.body_text = render_email(message.template, language, **context)
    if seated:
        message.attachments = [vars(file) for file in calendar_attachment(workshop, language)]


def _tell_coordinator(registration: Registration, workshop: Workshop, change: str) -> None:
    """A group member's registration changed: the coordinator who registered them gets
    the confirmation too (`change`: 'promoted' or 'cancelled')."""
    if registration.group_id is None:
        return
    group = db.session.get(RegistrationGroup, registration.group_id)
    coordinator = db.session.get(User, group.registered_by_id)
    queue_templated_email(
        coordinator.email,
        "district_member_changed",
        language=coordinator.preferred_language,
        user={"name": coordinator.name},
        educator_name=registration.user.name,
        workshop_title=workshop.title,
        change=change,
        status=registration.status.value,
        district_url=external_url("districts.group", group_id=group.id),
    )


def promoted(registration: Registration, workshop: Workshop) -> None:
    """A seat opened for a waitlisted educator: confirmed, or held until they pay."""
    _tell_coordinator(registration, workshop, "promoted")
    if registration.status == RegistrationStatus.HELD:
        _send(
            registration,
            workshop,
            "promoted",
            pay_url=external_url("payments.pay_hold", registration_id=registration.id),
            hold_expires_at=registration.hold_expires_at,
        )
    else:
        _send(
            registration,
            workshop,
            "promoted",
            calendar_attachment(workshop, registration.user.preferred_language),
        )


def cancelled(
    registration: Registration,
    workshop: Workshop,
    reason: str,
    *,
    by_educator: bool,
    fee: object | None = None,
) -> None:
    """The educator's written record of a cancellation. `fee` is what happens to the fee
    (a `payments.fees.FeeOutcome`, worked out by the caller), shown in the words the
    confirm page and the flash use."""
    _tell_coordinator(registration, workshop, "cancelled")
    _send(registration, workshop, "cancelled", reason=reason, by_educator=by_educator, fee=fee)


def left_waitlist(
    registration: Registration,
    workshop: Workshop,
    reason: str,
    *,
    by_educator: bool,
    fee: object | None = None,
) -> None:
    """Leaving a waitlist (or being taken off it) is not a cancelled seat: say so."""
    _send(
        registration,
        workshop,
        "left_waitlist",
        reason=reason,
        by_educator=by_educator,
        fee=fee,
    )


def workshop_cancelled(registration: Registration, workshop: Workshop, reason: str) -> None:
    _send(registration, workshop, "workshop_cancelled", reason=reason)


def reminder(registration: Registration, workshop: Workshop) -> None:
    _send(
        registration,
        workshop,
        "reminder",
        calendar_attachment(workshop, registration.user.preferred_language),
    )


def organiser_message(
    registration: Registration, workshop: Workshop, subject: str, body: str, sender_name: str
) -> None:
    _send(
        registration,
        workshop,
        "message",
        message_subject=subject,
        body=body,
        sender_name=sender_name,
    )
