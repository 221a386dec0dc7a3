"""Calendar feeds (RFC 5545, built with `icalendar`): one workshop, the public catalog, a person.

Every workshop session is one VEVENT whose UID (`session-<id>@<host>`) never changes, whose
SEQUENCE is the session's own counter (raised by the workshop service whenever its time or
place changes), and which stays in the feed with STATUS:CANCELLED when the session or its
workshop is cancelled, so calendar apps update it instead of keeping a ghost.

The output is a pure function of the data and the language: DTSTAMP and LAST-MODIFIED
come from the rows' `updated_at`, the calendar's UID from what it selects. That is what
lets `cache` answer repeat requests and conditional GETs without building anything.

The words (calendar names, "Cancelled: …", "Online", descriptions) are in the template
`calendar/feed_texts.txt`, called in the feed's language: a personal feed speaks its
owner's preferred language, the public and workshop feeds the language of the request.
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

from flask import current_app
from flask_babel import force_locale
from icalendar import Calendar, Event, vDuration, vText
from jinja2.environment import TemplateModule
from sqlalchemy import Row, select

from pdportal.extensions import db
from pdportal.i18n import DEFAULT_LANGUAGE, current_language, supported
from pdportal.models import (
    User,
    Workshop,
    WorkshopFormat,
    WorkshopStatus,
)
from pdportal.orm import LabelledEnum, utcnow
from pdportal.services.calendar.cache import CachedFeed, feed_version
from pdportal.services.calendar.feeds import (
    FeedRows,
    FeedSpec,
    feed_rows,
    personal_spec,
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


def texts() -> TemplateModule:
    """The macros of `calendar/feed_texts.txt`, which hold every word of a feed; they
    translate when called, so one loaded module serves every language."""
    return current_app.jinja_env.get_template("calendar/feed_texts.txt").module


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


def workshop_facts(workshop: Row, with_join_link: bool, words: TemplateModule) -> WorkshopFacts:
    url = workshop_url(workshop.slug)
    is_cancelled = workshop.status == WorkshopStatus.CANCELLED
    shows_join_link = (
        with_join_link and workshop.online_url and workshop.format != WorkshopFormat.IN_PERSON
    )
    return WorkshopFacts(
        title=workshop.title,
        url=url,
        description=words.description(
            workshop.summary,
            plain_text(workshop.description),
            is_cancelled,
            workshop.cancelled_reason,
            workshop.online_url if shows_join_link else None,
            url,
        ),
        location=words.place(
            workshop.format, workshop.venue, workshop.address, workshop.online_url, with_join_link
        ),
        is_cancelled=is_cancelled,
        updated_at=workshop.updated_at,
        zone=_zone(workshop.time_zone),
    )


def event_summary(session: Row, facts: WorkshopFacts, words: TemplateModule) -> str:
    cancelled = session.is_cancelled or facts.is_cancelled
    if session.total <= 1 and not cancelled:
        return facts.title  # most events: no words to add
    return words.event_summary(facts.title, session.ordinal, session.total, cancelled)


def build_events(rows: FeedRows, *, with_join_links: bool) -> list[Event]:
    words = texts()
    facts = {
        key: workshop_facts(row, with_join_links, words) for key, row in rows.workshops.items()
    }
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
                summary=event_summary(session, workshop, words),
                location=session.location or workshop.location or None,
                url=workshop.url,
                description=workshop.description,
            )
        )
    return events


def calendar_name(spec: FeedSpec) -> str:
    parts = [
        part.label if isinstance(part, LabelledEnum) else str(part) for part in spec.name_parts
    ]
    return texts().calendar_name(str(spec.kind), spec.title, parts)


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
    """The calendar for these session rows, VTIMEZONEs included, as RFC 5545 bytes,
    in the spec's language."""
    with _cyclic_gc_paused(), force_locale(spec.language):
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
    name = vText(" ".join(calendar_name(spec).split()))
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


def cached_feed(spec: FeedSpec) -> CachedFeed:
    """The feed's version at once (one query); its bytes from the cache, built on a miss."""
    version = feed_version(spec)
    return CachedFeed(spec, version, lambda: render(spec, feed_rows(spec)))


def interface_language(code: str | None) -> str:
    """The language a feed for someone preferring `code` speaks (English if we do not
    speak theirs)."""
    return supported(code) or DEFAULT_LANGUAGE


def workshop_feed(workshop: Workshop, language: str | None = None) -> CachedFeed:
    """The public .ics of one workshop ("Add to calendar"); no join link. In `language`,
    by default the current request's."""
    return cached_feed(workshop_spec(workshop, language=language or current_language()))


def personal_feed(user: User) -> CachedFeed:
    """What this educator attends or facilitates, with join links (the URL is their
    secret), in their preferred language."""
    return cached_feed(personal_spec(user.id, interface_language(user.preferred_language)))


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


def workshop_ics(
    workshop: Workshop, *, include_join_link: bool = False, language: str | None = None
) -> bytes:
    """The workshop's sessions as an RFC 5545 calendar (e.g. for a confirmation email).

    `include_join_link` puts the online join link in LOCATION / DESCRIPTION; pass it only
    for people entitled to the link (confirmed registrants, facilitators). `language` is
    the recipient's preference (by default the current request's language).
    """
    db.session.flush()
    language = interface_language(language) if language else current_language()
    spec = workshop_spec(workshop, language=language, with_join_links=include_join_link)
    return render(spec, feed_rows(spec))
