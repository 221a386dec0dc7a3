"""Emails that tell a workshop's registrants an organiser changed when or where it meets.

Queued in the caller's transaction (the outbox), so they exist exactly when the
change is committed. Calendar subscribers also see the change through SEQUENCE.

A change is news only about a session still to come: an email saying a session "now
meets" at a time already past (an organiser correcting the record of a session that
has met, or moving one to earlier today after that hour) tells registrants nothing
they can act on, so none is sent; the organiser is told instead (see `workshops`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from pdportal.extensions import db
from pdportal.models import ACTIVE_STATUSES, Registration, RegistrationStatus, Workshop
from pdportal.orm import utcnow
from pdportal.services.common.urls import external_url
from pdportal.services.mail.outbox import Attachment, queue_templated_email
from pdportal.services.registration.notices import calendar_attachment


class ChangeKind(StrEnum):
    ADDED = "added"
    CANCELLED = "cancelled"
    MOVED = "moved"


@dataclass(frozen=True)
class ScheduleChange:
    """What changed in a workshop's schedule, as the email states it: a session `starts_at`
    (at `location`, if any) was added or cancelled, or moved there from `was_starts_at`
    (at `was_location`)."""

    kind: ChangeKind
    starts_at: datetime
    location: str = ""
    was_starts_at: datetime | None = None
    was_location: str = ""


def is_news(starts_at: datetime) -> bool:
    """Whether registrants can still act on a session starting at `starts_at`."""
    return starts_at > utcnow()


def schedule_changed(workshop: Workshop, change: ScheduleChange) -> int:
    """Tell everyone registered, held or waitlisted, each in their language; returns how
    many were told."""
    registrations = db.session.scalars(
        select(Registration)
        .options(selectinload(Registration.user))
        .where(Registration.workshop_id == workshop.id, Registration.status.in_(ACTIVE_STATUSES))
    ).all()
    if not registrations:
        return 0
    context = {
        "workshop": workshop,
        "zone": workshop.network.time_zone,
        "change": change,
        "sessions": [s for s in workshop.sessions if not s.is_cancelled],
        "workshop_url": external_url("catalog.detail", slug=workshop.slug),
        "registrations_url": external_url("registration.my_registrations"),
    }
    attachments: dict[str, list[Attachment]] = {}  # one .ics a language, not a recipient
    for registration in registrations:
        language = registration.user.preferred_language
        seated = registration.status == RegistrationStatus.CONFIRMED
        if seated and language not in attachments:
            attachments[language] = calendar_attachment(workshop, language)
        queue_templated_email(
            registration.user.email,
            "workshop_schedule_changed",
            attachments[language] if seated else None,
            language=registration.user.preferred_language,
            user=registration.user,
            registration=registration,
            show_join=seated,
            **context,
        )
    return len(registrations)
