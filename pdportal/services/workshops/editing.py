"""Workshops and their sessions: creation, editing, publishing, cancelling.

Every function here owns its transaction: it checks the rules first (raising
`WorkshopError`, so nothing changes), then writes and commits, and answers what it
did as values (`results`). Times an admin types are wall-clock times in the workshop's
network zone; they are stored as aware UTC. The details an admin edits and their rules
live in `details`.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from pdportal.database import begin_write_locked_transaction
from pdportal.extensions import db
from pdportal.models import (
    Network,
    User,
    Workshop,
    WorkshopSession,
    WorkshopStatus,
)
from pdportal.models.registration import MAX_CANCEL_REASON
from pdportal.services import registration
from pdportal.services.accounts.users import find_user_by_email
from pdportal.services.workshops import notices as workshop_notices
from pdportal.services.workshops.details import (
    WorkshopDetails,
    active_registration_count,
    checked_slug,
    local_to_utc,
    missing_places,
    publish_problems,
    utc_to_local,
    validated_values,
)
from pdportal.services.workshops.notices import ChangeKind, ScheduleChange
from pdportal.services.workshops.results import (
    Problem,
    Published,
    SessionChange,
    SessionOutcome,
    Unannounced,
    WorkshopError,
    WorkshopSaved,
    raise_if_any,
)

MAX_SHIFT_WEEKS = 104


def _commit_or_slug_error() -> None:
    """Commit; a slug taken by a concurrent request between check and write is a field error."""
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise WorkshopError(Problem.SLUG_TAKEN, "slug") from error


def _require_changeable(workshop: Workshop) -> None:
    if workshop.status == WorkshopStatus.CANCELLED:
        raise WorkshopError(Problem.WORKSHOP_CANCELLED)


def create_workshop(network: Network, details: WorkshopDetails) -> Workshop:
    """A new DRAFT workshop of `network`; sessions are added next, then it is published."""
    values = validated_values(details, network, None)
    workshop = Workshop(network=network, status=WorkshopStatus.DRAFT, **values)
    db.session.add(workshop)
    _commit_or_slug_error()
    return workshop


# A change to these changes every session's calendar event (its place or its summary).
_SHOWN_IN_CALENDARS = ("title", "venue", "address", "online_url", "format")


def update_workshop(workshop: Workshop, details: WorkshopDetails) -> WorkshopSaved:
    """Save the edited details; says what a change of capacity did.

    A new price is checked under the workshop's row lock, as the seat decision runs, so
    nobody registers at the old price between the check and the change. Capacity goes
    last, through the registration service and its seat lock, so a raise promotes the
    waitlist at once.
    """
    _require_changeable(workshop)
    if details.price_cents != workshop.price_cents:
        _lock(workshop)
    try:
        values = validated_values(details, workshop.network, workshop)
    except WorkshopError:
        db.session.rollback()
        raise
    capacity = values.pop("capacity")
    if any(values[name] != getattr(workshop, name) for name in _SHOWN_IN_CALENDARS):
        for session in workshop.sessions:
            session.sequence += 1
    for name, value in values.items():
        setattr(workshop, name, value)
    _commit_or_slug_error()
    if capacity == workshop.capacity:
        return WorkshopSaved()
    result = registration.set_capacity(workshop.id, capacity)
    db.session.refresh(workshop)
    return WorkshopSaved(capacity_change=result)


# --- status -------------------------------------------------------------------------


def _lock(workshop: Workshop) -> None:
    """Take the workshop's row lock, as the seat decision does, and reload the row."""
    begin_write_locked_transaction()
    db.session.execute(
        select(Workshop)
        .where(Workshop.id == workshop.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def publish_workshop(workshop: Workshop) -> Published:
    """Into the catalog; refused, naming everything to fix, while anything is missing.

    Says which place (a join link, a venue) is still to add, if any.
    """
    if workshop.status != WorkshopStatus.DRAFT:
        raise WorkshopError(Problem.NOT_A_DRAFT)
    raise_if_any(publish_problems(workshop))
    workshop.status = WorkshopStatus.PUBLISHED
    db.session.commit()
    return Published(missing=tuple(missing_places(workshop)))


def unpublish_workshop(workshop: Workshop) -> None:
    """Back to draft, hidden from the catalog; only while nobody is registered."""
    _lock(workshop)  # no registration may arrive between the count and the change
    if workshop.status != WorkshopStatus.PUBLISHED:
        db.session.rollback()
        raise WorkshopError(Problem.NOT_PUBLISHED)
    count = active_registration_count(workshop)
    if count:
        db.session.rollback()
        raise WorkshopError(Problem.HAS_REGISTRANTS, count=count)
    workshop.status = WorkshopStatus.DRAFT
    db.session.commit()


def cancel_workshop(workshop: Workshop, actor: User, reason: str) -> int:
    """Cancel the workshop and every registration in it; returns how many were cancelled.

    The status changes first (no new registration can arrive), the sessions' SEQUENCE
    rises so calendars show the cancellation, then the registration service cancels
    and tells each registrant.
    """
    reason = reason.strip()
    if workshop.status == WorkshopStatus.CANCELLED:
        raise WorkshopError(Problem.ALREADY_CANCELLED)
    if not reason:
        raise WorkshopError(Problem.REASON_MISSING, "reason")
    if len(reason) > MAX_CANCEL_REASON:
        raise WorkshopError(Problem.REASON_TOO_LONG, "reason", limit=MAX_CANCEL_REASON)
    workshop.status = WorkshopStatus.CANCELLED
    workshop.cancelled_reason = reason
    for session in workshop.sessions:
        session.sequence += 1
    db.session.commit()
    return registration.cancel_workshop_registrations(workshop, actor, reason)


# --- duplicate ----------------------------------------------------------------------

_NOT_COPIED = {"id", "slug", "status", "cancelled_reason", "created_at", "updated_at"}


def duplicate_workshop(workshop: Workshop, *, weeks: int, slug: str = "") -> Workshop:
    """A new DRAFT copy (details, facilitators, live sessions) moved `weeks` later.

    Weeks are counted in the network's zone, so a 4 pm session stays at 4 pm across a
    daylight-saving change.
    """
    if not 0 <= weeks <= MAX_SHIFT_WEEKS:
        raise WorkshopError(Problem.SHIFT_OUT_OF_RANGE, "weeks", maximum=MAX_SHIFT_WEEKS)
    zone = workshop.network.time_zone

    def shifted(value: datetime | None) -> datetime | None:
        if value is None:
            return None
        return local_to_utc(utc_to_local(value, zone) + timedelta(weeks=weeks), zone)

    columns = [c.key for c in Workshop.__table__.columns if c.key not in _NOT_COPIED]
    copy = Workshop(**{name: getattr(workshop, name) for name in columns})
    copy.slug = checked_slug(slug, workshop.title)
    copy.status = WorkshopStatus.DRAFT
    copy.topics, copy.grade_bands = list(workshop.topics), list(workshop.grade_bands)
    # Equity only while the network may give it (a site admin may have withdrawn that).
    copy.designations = [
        d for d in workshop.designations if d != "equity" or workshop.network.may_give_equity
    ]
    for name in ("registration_opens_at", "registration_closes_at", "refund_deadline_at"):
        setattr(copy, name, shifted(getattr(workshop, name)))
    for session in workshop.sessions:
        if not session.is_cancelled:
            copy.sessions.append(
                WorkshopSession(
                    starts_at=shifted(session.starts_at),
                    ends_at=shifted(session.ends_at),
                    location=session.location,
                )
            )
    copy.facilitators = list(workshop.facilitators)
    registration.copy_questions(workshop, copy)
    refresh_schedule(copy)
    db.session.add(copy)
    _commit_or_slug_error()
    return copy


# --- sessions -----------------------------------------------------------------------


def refresh_schedule(workshop: Workshop) -> None:
    """Copy the first start and last end of the live sessions onto the workshop.

    The catalog sorts and filters on these columns, so every change to a workshop's
    sessions goes through here before its transaction commits.
    """
    live = [session for session in workshop.sessions if not session.is_cancelled]
    sessions = live or workshop.sessions
    workshop.starts_at = min((s.starts_at for s in sessions), default=None)
    workshop.ends_at = max((s.ends_at for s in sessions), default=None)


def _session_times(
    workshop: Workshop, day: date, start: time, end: time, current: WorkshopSession | None = None
) -> tuple[datetime, datetime]:
    """The UTC start and end of a session typed as local wall-clock times.

    A wall-clock time left as it was keeps its instant, so re-saving a session in the
    repeated hour of a fall-back night does not move it by an hour.
    """
    zone = workshop.network.time_zone
    if not 1900 <= day.year <= 9000:
        raise WorkshopError(
            Problem.SESSION_YEAR_OUT_OF_RANGE, "day", example_year=date.today().year + 1
        )

    def instant(wall: datetime, was: datetime | None, field: str) -> datetime:
        if was is not None and utc_to_local(was, zone) == wall:
            return was
        return local_to_utc(wall, zone, field=field)

    starts_at = instant(datetime.combine(day, start), current and current.starts_at, "start_time")
    ends_at = instant(datetime.combine(day, end), current and current.ends_at, "end_time")
    if ends_at <= starts_at:
        raise WorkshopError(Problem.SESSION_ENDS_BEFORE_START, "end_time")
    closes = workshop.registration_closes_at
    if closes and starts_at < closes:
        raise WorkshopError(Problem.SESSION_BEFORE_CLOSING, "day", closes_at=closes, time_zone=zone)
    return starts_at, ends_at


def add_session(
    workshop: Workshop, day: date, start: time, end: time, location: str = ""
) -> SessionOutcome:
    """Add a session; registrants hear of it if it is still to come."""
    _require_changeable(workshop)
    starts_at, ends_at = _session_times(workshop, day, start, end)
    session = WorkshopSession(starts_at=starts_at, ends_at=ends_at, location=location.strip())
    workshop.sessions.append(session)
    refresh_schedule(workshop)
    emailed = 0
    if workshop_notices.is_news(session.starts_at):
        emailed = _tell_registrants(
            workshop, ScheduleChange(ChangeKind.ADDED, session.starts_at, session.location)
        )
    db.session.commit()
    return SessionOutcome(session, SessionChange.ADDED, emailed)


def update_session(
    session: WorkshopSession,
    day: date,
    start: time,
    end: time,
    location: str = "",
) -> SessionOutcome:
    """Move a session; a change of time or place raises its SEQUENCE for calendar feeds.

    Recorded attendance is kept as it was (it counts for at most the new length when
    read), so undoing a mistaken change restores it.
    """
    workshop = session.workshop
    _require_changeable(workshop)
    if session.is_cancelled:
        raise WorkshopError(Problem.SESSION_CANCELLED)
    starts_at, ends_at = _session_times(workshop, day, start, end, current=session)
    location = location.strip()
    changed = (starts_at, ends_at, location) != (
        session.starts_at,
        session.ends_at,
        session.location,
    )
    if not changed:
        return SessionOutcome(session, SessionChange.UNCHANGED)
    was_starts_at, was_location = session.starts_at, session.location
    was_news = workshop_notices.is_news(session.starts_at)
    session.starts_at, session.ends_at, session.location = starts_at, ends_at, location
    session.sequence += 1
    refresh_schedule(workshop)
    change = ScheduleChange(
        ChangeKind.MOVED,
        starts_at,
        location,
        was_starts_at=was_starts_at,
        was_location=was_location,
    )
    outcome = _tell_session_moved(session, change, was_news)
    db.session.commit()
    return outcome


def remove_session(session: WorkshopSession) -> SessionOutcome:
    """Delete a draft's session; cancel a published one's (feeds show it cancelled)."""
    workshop = session.workshop
    _require_changeable(workshop)
    if workshop.status == WorkshopStatus.DRAFT:
        workshop.sessions.remove(session)
        outcome = SessionOutcome(session, SessionChange.REMOVED)
    else:
        if session.is_cancelled:
            raise WorkshopError(Problem.SESSION_ALREADY_CANCELLED)
        if sum(1 for s in workshop.sessions if not s.is_cancelled) == 1:
            raise WorkshopError(Problem.LAST_SESSION)
        session.is_cancelled = True
        session.sequence += 1
        emailed = 0
        if workshop_notices.is_news(session.starts_at):
            emailed = _tell_registrants(
                workshop, ScheduleChange(ChangeKind.CANCELLED, session.starts_at, session.location)
            )
        outcome = SessionOutcome(session, SessionChange.CANCELLED, emailed)
    refresh_schedule(workshop)
    db.session.commit()
    return outcome


def _tell_registrants(workshop: Workshop, change: ScheduleChange) -> int:
    """Email the registrants of a published workshop about a change; returns how many."""
    if workshop.status != WorkshopStatus.PUBLISHED:
        return 0
    return workshop_notices.schedule_changed(workshop, change)


def _tell_session_moved(
    session: WorkshopSession, change: ScheduleChange, was_news: bool
) -> SessionOutcome:
    """Email registrants that a session moved, unless its new time has passed already:
    then nobody could act on the email, so the admin is told that none was sent."""
    workshop = session.workshop
    if workshop_notices.is_news(session.starts_at):
        return SessionOutcome(session, SessionChange.SAVED, _tell_registrants(workshop, change))
    if workshop.status != WorkshopStatus.PUBLISHED or not active_registration_count(workshop):
        return SessionOutcome(session, SessionChange.SAVED)
    why = Unannounced.NEW_TIME_PASSED if was_news else Unannounced.HAD_BEGUN
    return SessionOutcome(session, SessionChange.SAVED, unannounced=why)


# --- facilitators -------------------------------------------------------------------


def assign_facilitator(workshop: Workshop, email: str) -> User:
    _require_changeable(workshop)
    user = find_user_by_email(email)
    if user is None:
        raise WorkshopError(Problem.NO_ACCOUNT, "email")
    if user in workshop.facilitators:
        raise WorkshopError(Problem.ALREADY_FACILITATES, "email", name=user.name)
    workshop.facilitators.append(user)
    db.session.commit()
    return user


def remove_facilitator(workshop: Workshop, user: User) -> None:
    if user not in workshop.facilitators:
        raise WorkshopError(Problem.NOT_A_FACILITATOR, name=user.name)
    workshop.facilitators.remove(user)
    db.session.commit()
