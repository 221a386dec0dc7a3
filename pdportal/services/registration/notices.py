"""The emails that tell educators what happened to their registration.

Each function queues one message in the caller's transaction (the outbox), so the
email exists exactly when the change it reports is committed.
"""

from __future__ import annotations

from typing import Any

from pdportal.models import Registration, RegistrationStatus, User, Workshop
from pdportal.services.calendar.ics import workshop_ics
from pdportal.services.common.urls import external_url
from pdportal.services.mail.outbox import Attachment, queue_templated_email
from pdportal.templating import format_local


def calendar_attachment(workshop: Workshop) -> list[Attachment]:
    content = workshop_ics(workshop, include_join_link=True)
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
    zone = workshop.network.time_zone
    return {
        "email_to": user.email,
        "user": {"name": user.name},
        "workshop": {
            "title": workshop.title,
            "venue": workshop.venue,
            "address": workshop.address,
            "online_url": workshop.online_url,
        },
        "sessions": [
            format_local(session.starts_at, zone)
            + (f" ({session.location})" if session.location else "")
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
    subject: str,
    attachments: list[Attachment] | None = None,
    prepared: dict[str, Any] | None = None,
    **extra: Any,
) -> None:
    """Queue `email/registration_<template>.txt`; `{title}` in the subject is the workshop's."""
    context = prepared or prepare(registration.user, workshop)
    queue_templated_email(
        context["email_to"],
        subject.replace("{title}", context["workshop"]["title"]),
        f"registration_{template}",
        attachments,
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
        "You're registered: {title}",
        calendar_attachment(workshop),
        prepared,
    )


def waitlisted(
    registration: Registration,
    workshop: Workshop,
    position: int,
    prepared: dict[str, Any] | None = None,
) -> None:
    _send(
        registration,
        workshop,
        "waitlisted",
        "You're on the waitlist: {title}",
        prepared=prepared,
        position=position,
    )


def promoted(registration: Registration, workshop: Workshop) -> None:
    """A seat opened for a waitlisted educator: confirmed, or held until they pay."""
    if registration.status == RegistrationStatus.HELD:
        _send(
            registration,
            workshop,
            "promoted",
            "A seat opened up — pay within 30 minutes to keep it: {title}",
            pay_url=external_url("payments.pay_hold", registration_id=registration.id),
            expires=format_local(registration.hold_expires_at, workshop.network.time_zone),
        )
    else:
        _send(
            registration,
            workshop,
            "promoted",
            "A seat opened up — you're registered: {title}",
            calendar_attachment(workshop),
        )


def cancelled(
    registration: Registration, workshop: Workshop, reason: str, *, by_educator: bool
) -> None:
    """The educator's written record of a cancellation, with what happens to the fee
    (the same words the confirm page uses)."""
    # A late import: cancellation builds on the registration service, which uses this module.
    from pdportal.services.payments.cancellation import refund_note

    _send(
        registration,
        workshop,
        "cancelled",
        "Registration cancelled: {title}",
        reason=reason,
        by_educator=by_educator,
        fee_note=refund_note(registration),
    )


def left_waitlist(
    registration: Registration, workshop: Workshop, reason: str, *, by_educator: bool
) -> None:
    """Leaving a waitlist (or being taken off it) is not a cancelled seat: say so."""
    from pdportal.services.payments.cancellation import refund_note

    _send(
        registration,
        workshop,
        "left_waitlist",
        "You have left the waitlist: {title}" if by_educator else "Off the waitlist: {title}",
        reason=reason,
        by_educator=by_educator,
        fee_note=refund_note(registration),
    )


def workshop_cancelled(registration: Registration, workshop: Workshop, reason: str) -> None:
    _send(
        registration,
        workshop,
        "workshop_cancelled",
        "Workshop cancelled: {title}",
        reason=reason,
    )


def reminder(registration: Registration, workshop: Workshop) -> None:
    _send(
        registration,
        workshop,
        "reminder",
        "Reminder: {title} starts soon",
        calendar_attachment(workshop),
    )


def organiser_message(
    registration: Registration, workshop: Workshop, subject: str, body: str, sender_name: str
) -> None:
    _send(
        registration,
        workshop,
        "message",
        f"{subject} — {workshop.title}",
        body=body,
        sender_name=sender_name,
    )
