"""The emails that tell educators what happened to their registration.

Each function queues one message in the caller's transaction (the outbox), so the
email exists exactly when the change it reports is committed. The words, the subject
included, are the templates' (`templates/email/registration_*.txt`), in the educator's
language; this module passes them values only.
"""

from __future__ import annotations

from typing import Any

from pdportal.models import Registration, RegistrationStatus, User, Workshop
from pdportal.services.calendar.ics import workshop_ics
from pdportal.services.common.urls import external_url
from pdportal.services.mail.outbox import Attachment, queue_templated_email


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
    """What an email says about its reader and workshop, as plain values.

    `take_seat` calls this before it takes the seat lock, so the locked transaction
    does not wait on lazy loads of the user, the network and the sessions.
    """
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


def _send(
    registration: Registration,
    workshop: Workshop,
    template: str,
    attachments: list[Attachment] | None = None,
    prepared: dict[str, Any] | None = None,
    **extra: Any,
) -> None:
    """Queue `email/registration_<template>.txt` in the educator's language."""
    context = dict(prepared or prepare(registration.user, workshop))
    to_email, language = context.pop("email_to"), context.pop("language")
    queue_templated_email(
        to_email,
        f"registration_{template}",
        attachments,
        language=language,
        registration=registration,
        # The online join link is for educators with a seat only.
        show_join=registration.status == RegistrationStatus.CONFIRMED,
        **context,
        **extra,
    )


def confirmed(
    registration: Registration, workshop: Workshop, prepared: dict[str, Any] | None = None
) -> None:
    _send(
        registration,
        workshop,
        "confirmed",
        calendar_attachment(workshop, registration.user.preferred_language),
        prepared,
    )


def waitlisted(
    registration: Registration,
    workshop: Workshop,
    position: int,
    prepared: dict[str, Any] | None = None,
) -> None:
    _send(registration, workshop, "waitlisted", prepared=prepared, position=position)


def promoted(registration: Registration, workshop: Workshop) -> None:
    """A seat opened for a waitlisted educator: confirmed, or held until they pay."""
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
