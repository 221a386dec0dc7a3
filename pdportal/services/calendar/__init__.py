"""Calendar feeds: the RFC 5545 documents (a workshop's, a person's, and the engine the
catalog's public feed is built with), in the reader's language, their cached renderings
keyed on data versions, and personal feed tokens."""

from pdportal.services.calendar.cache import CachedFeed
from pdportal.services.calendar.feeds import (
    VISIBLE_STATUSES,
    FeedKind,
    FeedSpec,
    feed_window_start,
)
from pdportal.services.calendar.ics import (
    PRODID,
    cached_feed,
    event_summary,
    personal_feed,
    render,
    reset_token,
    session_uid,
    upcoming_in_personal_feed,
    user_for_token,
    workshop_facts,
    workshop_feed,
    workshop_ics,
    workshop_url,
)

__all__ = [
    "PRODID",
    "VISIBLE_STATUSES",
    "CachedFeed",
    "FeedKind",
    "FeedSpec",
    "cached_feed",
    "event_summary",
    "feed_window_start",
    "personal_feed",
    "render",
    "reset_token",
    "session_uid",
    "upcoming_in_personal_feed",
    "user_for_token",
    "workshop_facts",
    "workshop_feed",
    "workshop_ics",
    "workshop_url",
]
