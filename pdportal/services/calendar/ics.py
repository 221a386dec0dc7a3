"""Calendar feeds (RFC 5545, built with `icalendar`): one workshop, the public catalog, a person.

Every workshop session is one VEVENT whose UID (`session-<id>@<host>`) never changes, whose
SEQUENCE is the session's own counter (raised by the workshop service whenever its time or
place changes), and which stays in the feed with STATUS:CANCELLED when the session or its
workshop is cancelled, so calendar apps update it instead of keeping a ghost.

The output is a pure function of the data: DTSTAMP and LAST-MODIFIED come from the rows'
`updated_at`, the calendar's UID from what it selects. That is what lets `calendar_cache`
answer repeat requests and conditional GETs without building anything.
"""

from __future__ import annotations

import gc
import hashlib
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache, lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vDuration, vText
from sqlalchemy import Row, select

from pdportal.extensions import db
from pdportal.models import (
    User,
    Workshop,
    WorkshopFormat,
    WorkshopStatus,
)
from pdportal.orm import utcnow
from pdportal.services.calendar.cache import CachedFeed, feed_version
from pdportal.services.calendar.feeds import (
    FeedFilters,
    FeedRows,
    FeedSpec,
    feed_rows,
    personal_spec,
    public_spec,
    workshop_spec,
)
from pdportal.services.common.markdown import markdown_to_text
from pdportal.services.common.urls import base_url, external_url

PRODID = "-//pdportal//STEM professional development//EN"
FEED_REFRESH = timedelta(hours=1)


def workshop_url(slug: str) -> str:
    return external_url("catalog.detail", slug=slug)


def _host() -> str:
    return urlsplit(base_url()).hostname or "pdportal"


def session_uid(session_id: int) -> str:
    """The UID a calendar app files this session under; it never changes."""
    return f"session-{session_id}@{_host()}"


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


# --- building the calendar ----------------------------------------------------------

# Descriptions rarely change while their sessions do: remember the plain text of the last
# few thousand (keyed on the Markdown itself, so an edit can never be served stale).
plain_text = lru_cache(maxsize=2048)(markdown_to_text)


@dataclass(frozen=True)
class WorkshopFacts:
    """What every event of one workshop shares, worked out once per feed."""

    title: str
    url: str
    description: str
    location: str
    is_cancelled: bool
    updated_at: datetime
    zone: ZoneInfo


def _place(workshop: Row, with_join_link: bool) -> str:
    """Where to go: the room, or for online workshops the join link (for those entitled)."""
    if workshop.format == WorkshopFormat.ONLINE:
        return workshop.online_url if with_join_link and workshop.online_url else "Online"
    in_room = ", ".join(part for part in (workshop.venue, workshop.address) if part)
    if workshop.format == WorkshopFormat.HYBRID:
        return f"{in_room} (or online)" if in_room else "Online"
    return in_room


def workshop_facts(workshop: Row, with_join_link: bool) -> WorkshopFacts:
    url = workshop_url(workshop.slug)
    is_cancelled = workshop.status == WorkshopStatus.CANCELLED
    parts = [workshop.summary, plain_text(workshop.description)]
    if is_cancelled:
        parts.insert(0, f"This workshop was cancelled. {workshop.cancelled_reason}".strip())
    if with_join_link and workshop.online_url and workshop.format != WorkshopFormat.IN_PERSON:
        parts.append(f"Join online: {workshop.online_url}")
    parts.append(f"Details: {url}")
    return WorkshopFacts(
        title=workshop.title,
        url=url,
        description="\n\n".join(part for part in parts if part),
        location=_place(workshop, with_join_link),
        is_cancelled=is_cancelled,
        updated_at=workshop.updated_at,
        zone=_zone(workshop.time_zone),
    )


def event_summary(session: Row, facts: WorkshopFacts) -> str:
    title = facts.title
    if session.total > 1:
        title = f"{title} (session {session.ordinal} of {session.total})"
    if session.is_cancelled or facts.is_cancelled:
        title = f"Cancelled: {title}"
    return title


def build_events(rows: FeedRows, *, with_join_links: bool) -> list[Event]:
    facts = {key: workshop_facts(row, with_join_links) for key, row in rows.workshops.items()}
    events = []
    for session in rows.sessions:
        workshop = facts[session.workshop_id]
        changed_at = max(session.updated_at, workshop.updated_at)
        cancelled = session.is_cancelled or workshop.is_cancelled
        events.append(
            Event.new(
                uid=session_uid(session.id),
                start=session.starts_at.astimezone(workshop.zone),
                end=session.ends_at.astimezone(workshop.zone),
                stamp=changed_at,
                last_modified=changed_at,
                sequence=session.sequence,
                status="CANCELLED" if cancelled else "CONFIRMED",
                summary=event_summary(session, workshop),
                location=session.location or workshop.location or None,
                url=workshop.url,
                description=workshop.description,
            )
        )
    return events


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a feed is built.

    `icalendar` makes dozens of small objects per event; for a big feed Python's
    young-generation collections pass over them again and again and take about a quarter
    of the build. Reference counting still frees everything as usual; any cycles are
    collected once the collector is back on, right after.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def render(spec: FeedSpec, rows: FeedRows) -> bytes:
    """The calendar for these session rows, VTIMEZONEs included, as RFC 5545 bytes."""
    with _cyclic_gc_paused():
        return _render(spec, rows)


def _render(spec: FeedSpec, rows: FeedRows) -> bytes:
    calendar = Calendar.new(
        prodid=PRODID,
        method="PUBLISH",
        uid=f"calendar-{hashlib.sha256(spec.scope.encode()).hexdigest()[:16]}@{_host()}",
        subcomponents=build_events(rows, with_join_links=spec.with_join_links),
    )
    # icalendar 7.3 types NAME / X-WR-CALNAME as "unknown" and would not escape them;
    # RFC 7986 makes NAME TEXT, so escape them as text (a name is one line).
    name = vText(" ".join(spec.name.split()))
    calendar.add("NAME", name)
    calendar.add("X-WR-CALNAME", name)
    if spec.is_subscription:  # how often apps should re-read it (RFC 7986, and Outlook's)
        calendar.add("REFRESH-INTERVAL", vDuration(FEED_REFRESH), parameters={"VALUE": "DURATION"})
        calendar.add("X-PUBLISHED-TTL", vDuration(FEED_REFRESH))
    if rows.sessions:
        # Transitions a year either side of the sessions: enough for every app, and small.
        first = min(row.starts_at for row in rows.sessions).date() - timedelta(days=366)
        last = max(row.ends_at for row in rows.sessions).date() + timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
        # The library adds them in set order, which varies between processes; sort them so
        # every process sends the same bytes for the same data.
        zones = calendar.timezones
        calendar.subcomponents[: len(zones)] = sorted(zones, key=lambda zone: zone.tz_name)
    return calendar.to_ical()


def _cached(spec: FeedSpec) -> CachedFeed:
    version = feed_version(spec)
    return CachedFeed(spec.scope, version, lambda: render(spec, feed_rows(spec)))


def workshop_feed(workshop: Workshop) -> CachedFeed:
    """The public .ics of one workshop ("Add to calendar"); no join link."""
    return _cached(workshop_spec(workshop))


def public_feed(filters: FeedFilters) -> CachedFeed:
    """The catalog as a subscription: published and cancelled workshops, recent and upcoming."""
    return _cached(public_spec(filters))


def personal_feed(user: User) -> CachedFeed:
    """What this educator attends or facilitates, with join links (the URL is their secret)."""
    return _cached(personal_spec(user.id))


@dataclass(frozen=True)
class FeedItem:
    """One upcoming session of a person's feed, as /me/calendar lists it."""

    title: str
    slug: str
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    is_cancelled: bool


def upcoming_in_personal_feed(user: User, limit: int = 20) -> list[FeedItem]:
    """The next sessions the person's feed holds, so they can see what it will add."""
    rows = feed_rows(personal_spec(user.id))
    now = utcnow()
    items = []
    for session in rows.sessions:
        if session.ends_at <= now:
            continue
        workshop = rows.workshops[session.workshop_id]
        items.append(
            FeedItem(
                title=workshop.title,
                slug=workshop.slug,
                starts_at=session.starts_at,
                ends_at=session.ends_at,
                time_zone=workshop.time_zone,
                is_cancelled=session.is_cancelled or workshop.status == WorkshopStatus.CANCELLED,
            )
        )
    return items[:limit]


def user_for_token(token: str) -> User | None:
    """The owner of a personal feed token; a reset token finds nobody."""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(User).where(User.calendar_token == token))


def reset_token(user: User) -> str:
    """Give the user a new feed token; the old feed URL stops working at once."""
    user.calendar_token = secrets.token_urlsafe(24)
    db.session.commit()
    return user.calendar_token


def workshop_ics(workshop: Workshop, *, include_join_link: bool = False) -> bytes:
    """The workshop's sessions as an RFC 5545 calendar (e.g. for a confirmation email).

    `include_join_link` puts the online join link in LOCATION / DESCRIPTION; pass it only
    for people entitled to the link (confirmed registrants, facilitators).
    """
    db.session.flush()
    spec = workshop_spec(workshop, with_join_links=include_join_link)
    return render(spec, feed_rows(spec))
