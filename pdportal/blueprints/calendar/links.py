"""Links into calendar apps: subscription addresses and Google Calendar's "add event" form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlencode, urlsplit, urlunsplit

from flask_babel import gettext

from pdportal.models import User, Workshop, WorkshopFormat, WorkshopSession
from pdportal.orm import utcnow
from pdportal.services import calendar
from pdportal.services.common.urls import external_url

GOOGLE_TEMPLATE_URL = "https://calendar.google.com/calendar/render"
GOOGLE_DETAILS_LIMIT = 1000  # Google refuses very long URLs; the details link to the page


def webcal(url: str) -> str:
    """The same address with the webcal scheme, which opens the device's calendar app."""
    return urlunsplit(("webcal", *urlsplit(url)[1:]))


def personal_feed_url(user: User) -> str:
    return external_url("calendar.personal_feed", token=user.calendar_token)


def public_feed_url(**filters: str) -> str:
    return external_url("calendar.public_feed", **filters)


def google_subscribe_url(feed_url: str) -> str:
    return "https://calendar.google.com/calendar/r?" + urlencode({"cid": webcal(feed_url)})


@dataclass(frozen=True)
class AddToCalendar:
    """What the workshop page's "Add to calendar" box offers."""

    live_sessions: int
    google_session: WorkshopSession | None
    google_url: str | None


def google_session(workshop: Workshop) -> WorkshopSession | None:
    """The session a one-event link adds: the next one still to come, else the first."""
    live = [s for s in workshop.sessions if not s.is_cancelled]
    now = utcnow()
    return next((s for s in live if s.ends_at > now), live[0] if live else None)


def _google_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def google_calendar_url(workshop: Workshop, session: WorkshopSession) -> str:
    """Google Calendar's pre-filled "new event" form for one session (no join link)."""
    if workshop.format == WorkshopFormat.ONLINE:
        location = gettext("Online")
    else:
        location = session.location or ", ".join(p for p in (workshop.venue, workshop.address) if p)
    page = calendar.workshop_url(workshop.slug)
    details = workshop.summary[: GOOGLE_DETAILS_LIMIT - len(page) - 20]
    query = {
        "action": "TEMPLATE",
        "text": workshop.title,
        "dates": f"{_google_time(session.starts_at)}/{_google_time(session.ends_at)}",
        "details": "\n\n".join((details, gettext("Details: %(url)s", url=page))).strip(),
        "location": location,
        "ctz": workshop.network.time_zone,
    }
    return f"{GOOGLE_TEMPLATE_URL}?{urlencode(query, safe='/')}"


def add_to_calendar(workshop: Workshop) -> AddToCalendar:
    session = google_session(workshop)
    return AddToCalendar(
        live_sessions=sum(1 for s in workshop.sessions if not s.is_cancelled),
        google_session=session,
        google_url=google_calendar_url(workshop, session) if session else None,
    )
