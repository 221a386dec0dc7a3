"""When educators may register: the one rule, over a workshop's status and dates (a
Workshop, or the row the seat statement reads under the lock)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from pdportal.models import WorkshopStatus
from pdportal.services.registration.outcomes import Refusal


class Window(Protocol):
    status: WorkshopStatus | str
    starts_at: datetime | None
    ends_at: datetime | None
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None


def refusal_now(workshop: Window, now: datetime) -> Refusal | None:
    """Why educators may not register for the workshop now, or None if they may."""
    if workshop.status == WorkshopStatus.CANCELLED:
        return Refusal.WORKSHOP_CANCELLED
    if workshop.status == WorkshopStatus.COMPLETED or (
        workshop.ends_at is not None and workshop.ends_at <= now
    ):
        return Refusal.WORKSHOP_OVER
    if workshop.status != WorkshopStatus.PUBLISHED:
        return Refusal.NOT_PUBLISHED
    if workshop.registration_opens_at and workshop.registration_opens_at > now:
        return Refusal.NOT_OPEN_YET
    closes = workshop.registration_closes_at or workshop.starts_at
    if closes and closes <= now:
        return Refusal.REGISTRATION_CLOSED
    return None
