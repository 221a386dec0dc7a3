"""Calendar feeds: the RFC 5545 documents (workshop, public, personal), their cached
renderings keyed on data versions, and personal feed tokens."""

from pdportal.services.calendar.ics import (
    PRODID,
    personal_feed,
    public_feed,
    render,
    reset_token,
    upcoming_in_personal_feed,
    user_for_token,
    workshop_feed,
    workshop_ics,
    workshop_url,
)

__all__ = [
    "PRODID",
    "personal_feed",
    "public_feed",
    "render",
    "reset_token",
    "upcoming_in_personal_feed",
    "user_for_token",
    "workshop_feed",
    "workshop_ics",
    "workshop_url",
]
