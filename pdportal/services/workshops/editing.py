"""Workshops and their sessions: creation, editing, publishing, cancelling.

Every function here owns its transaction: it checks the rules first (raising
`WorkshopError`, so nothing changes), then writes and commits. Times an admin types
are wall-clock times in the workshop's network zone; they are stored as aware UTC.
The details an admin edits and their rules live in `workshop_details`.
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
    WorkshopError,
    active_registration_count,
    checked_slug,
    local_to_utc,
    missing_place_notices,
    publish_problems,
    raise_if_any,
    utc_to_local,
    validated_values,
)
from pdportal.templating import format_local

MAX_SHIFT_WEEKS = 104


def _commit_or_slug_error() -> None:
    """Commit; a slug taken by a concurrent request between check and write is a field error."""
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise WorkshopError(
            "Another workshop already uses this slug. Choose another.", "slug"
        ) from error


def _require_changeable(workshop: Workshop) -> None:
    if workshop.status == WorkshopStatus.CANCELLED:
        raise WorkshopError("This workshop is cancelled and can no longer be changed.")


def create_workshop(network: Network, details: WorkshopDetails) -> Workshop:
    """A new DRAFT workshop of `network`; sessions are added next, then it is published."""
    values = validated_values(details, network, None)
    workshop = Workshop(network=network, status=WorkshopStatus.DRAFT, **values)
    db.session.add(workshop)
    _commit_or_slug_error()
    return workshop


# A change to these changes every session's calendar event (its place or its summary).
_SHOWN_IN_CALENDARS = ("title", "venue", "address", "online_url", "format")


def update_workshop(workshop: Workshop, details: WorkshopDetails) -> str:
    """Save the edited details; returns what to tell the admin.

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
        return "Workshop saved."
    change = registration.set_capacity(workshop.id, capacity)
    db.session.refresh(workshop)
    return f"Workshop saved. {_capacity_note(change)}"


def _capacity_note(change: registration.CapacityChange) -> str:
    """TRANSITIONAL (issue 14, registration area): set_capacity now answers values; until
    this module answers values too, its English words are kept here. The words of record
    are `blueprints.registration.messages.capacity_changed`."""

    def counted(count: int, noun: str) -> str:
        return f"{count} {noun}" if count == 1 else f"{count} {noun}s"

    note = f"Capacity is now {change.capacity}."
    if change.seated:
        seats = "a seat" if change.seated == 1 else "seats"
        note += f" From the waitlist: gave {seats} to {counted(change.seated, 'educator')};"
        note += " they have been emailed."
    if change.held:
        seats = "a seat" if change.held == 1 else "seats"
        start = " Also held" if change.seated else " From the waitlist: held"
        note += f"{start} {seats} for {counted(change.held, 'educator')} for 30 minutes"
        note += " while they pay; they have been emailed."
    if change.over_capacity:
        note += f" {counted(change.taken, 'seat')} already taken; nobody was cancelled."
    return note


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


def publish_workshop(workshop: Workshop) -> str:
    """Into the catalog; refused, naming everything to fix, while anything is missing.

    Returns what to tell the admin, with a reminder of a join link or venue still to add.
    """
    if workshop.status != WorkshopStatus.DRAFT:
        raise WorkshopError("Only a draft can be published.")
    raise_if_any(publish_problems(workshop))
    workshop.status = WorkshopStatus.PUBLISHED
    db.session.commit()
    return " ".join(["Published: it is now in the catalog.", *missing_place_notices(workshop)])


def unpublish_workshop(workshop: Workshop) -> None:
    """Back to draft, hidden from the catalog; only while nobody is registered."""
    _lock(workshop)  # no registration may arrive between the count and the change
    if workshop.status != WorkshopStatus.PUBLISHED:
        db.session.rollback()
        raise WorkshopError("Only a published workshop can be unpublished.")
    count = active_registration_count(workshop)
    if count:
        people = "1 person is" if count == 1 else f"{count} people are"
        db.session.rollback()
        raise WorkshopError(
            f"{people} registered or waitlisted, so it cannot go back to draft. "
            "Cancel the workshop instead: everyone registered is told."
        )
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
        raise WorkshopError("This workshop is already cancelled.")
    if not reason:
        raise WorkshopError("Say why the workshop is cancelled; registrants are told.", "reason")
    if len(reason) > MAX_CANCEL_REASON:
        raise WorkshopError(
            f"Keep the reason to {MAX_CANCEL_REASON:,} characters or fewer.", "reason"
        )
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
        raise WorkshopError(f"Shift by 0 to {MAX_SHIFT_WEEKS} weeks.", "weeks")
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
    copy.designations = list(workshop.designations)
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
            f"Enter the session's date, such as {date.today().year + 1}-05-01: "
            "the year must be between 1900 and 9000.",
            "day",
        )

    def instant(wall: datetime, was: datetime | None, field: str) -> datetime:
        if was is not None and utc_to_local(was, zone) == wall:
            return was
        return local_to_utc(wall, zone, field=field)

    starts_at = instant(datetime.combine(day, start), current and current.starts_at, "start_time")
    ends_at = instant(datetime.combine(day, end), current and current.ends_at, "end_time")
    if ends_at <= starts_at:
        raise WorkshopError("The session must end after it starts.", "end_time")
    closes = workshop.registration_closes_at
    if closes and starts_at < closes:
        raise WorkshopError(
            f"Registration closes {utc_to_local(closes, zone):%b %-d, %Y %-I:%M %p}, after this "
            "session would start. Move the session, or edit the registration closing time first.",
            "day",
        )
    return starts_at, ends_at


def add_session(
    workshop: Workshop, day: date, start: time, end: time, location: str = ""
) -> tuple[WorkshopSession, str]:
    """Add a session; registrants hear of it if it is still to come.

    Returns the session and what to tell the admin.
    """
    _require_changeable(workshop)
    starts_at, ends_at = _session_times(workshop, day, start, end)
    session = WorkshopSession(starts_at=starts_at, ends_at=ends_at, location=location.strip())
    workshop.sessions.append(session)
    refresh_schedule(workshop)
    told = 0
    if workshop_notices.is_news(session.starts_at):
        told = _tell_registrants(workshop, f"a session was added, {_when(session)}.")
    db.session.commit()
    return session, _with_told("Session added.", told)


def update_session(
    session: WorkshopSession,
    day: date,
    start: time,
    end: time,
    location: str = "",
) -> str:
    """Move a session; a change of time or place raises its SEQUENCE for calendar feeds.

    Recorded attendance is kept as it was (it counts for at most the new length when
    read), so undoing a mistaken change restores it. Returns what to tell the admin.
    """
    workshop = session.workshop
    _require_changeable(workshop)
    if session.is_cancelled:
        raise WorkshopError("This session is cancelled and can no longer be changed.")
    starts_at, ends_at = _session_times(workshop, day, start, end, current=session)
    location = location.strip()
    changed = (starts_at, ends_at, location) != (
        session.starts_at,
        session.ends_at,
        session.location,
    )
    if not changed:
        return "Nothing changed."
    before, was_news = _when(session), workshop_notices.is_news(session.starts_at)
    session.starts_at, session.ends_at, session.location = starts_at, ends_at, location
    session.sequence += 1
    refresh_schedule(workshop)
    message = _tell_session_moved(session, before, was_news)
    db.session.commit()
    return message


def remove_session(session: WorkshopSession) -> str:
    """Delete a draft's session; cancel a published one's (feeds show it cancelled)."""
    workshop = session.workshop
    _require_changeable(workshop)
    if workshop.status == WorkshopStatus.DRAFT:
        workshop.sessions.remove(session)
        message = "Session removed."
    else:
        if session.is_cancelled:
            raise WorkshopError("This session is already cancelled.")
        if sum(1 for s in workshop.sessions if not s.is_cancelled) == 1:
            raise WorkshopError(
                "A published workshop keeps at least one session. "
                "Add the new session first, or cancel the workshop."
            )
        session.is_cancelled = True
        session.sequence += 1
        told = 0
        if workshop_notices.is_news(session.starts_at):
            told = _tell_registrants(workshop, f"the session of {_when(session)} is cancelled.")
        message = _with_told("Session cancelled; calendars show it as cancelled.", told)
    refresh_schedule(workshop)
    db.session.commit()
    return message


def _when(session: WorkshopSession) -> str:
    when = format_local(session.starts_at, session.workshop.network.time_zone)
    return f"{when} ({session.location})" if session.location else when


def _tell_registrants(workshop: Workshop, change: str) -> int:
    """Email the registrants of a published workshop about a change; returns how many."""
    if workshop.status != WorkshopStatus.PUBLISHED:
        return 0
    return workshop_notices.schedule_changed(workshop, change)


def _tell_session_moved(session: WorkshopSession, before: str, was_news: bool) -> str:
    """Email registrants that a session moved, unless its new time has passed already:
    then nobody could act on the email, so the admin is told that none was sent."""
    workshop = session.workshop
    if workshop_notices.is_news(session.starts_at):
        told = _tell_registrants(workshop, f"the session of {before} now meets {_when(session)}.")
        return _with_told("Session saved.", told)
    if workshop.status != WorkshopStatus.PUBLISHED or not active_registration_count(workshop):
        return "Session saved."
    if not was_news:
        return "Session saved. It had already begun, so registrants were not emailed about it."
    return (
        "Session saved. Its new time has already passed, so registrants were not emailed "
        "about it: write to them from the roster if they still need to know."
    )


def _with_told(message: str, told: int) -> str:
    if not told:
        return message
    return f"{message} {told} registrant{'s were' if told > 1 else ' was'} emailed."


# --- facilitators -------------------------------------------------------------------


def assign_facilitator(workshop: Workshop, email: str) -> User:
    _require_changeable(workshop)
    user = find_user_by_email(email)
    if user is None:
        raise WorkshopError(
            "There is no account with that email — ask them to sign up first.", "email"
        )
    if user in workshop.facilitators:
        raise WorkshopError(f"{user.name} already facilitates this workshop.", "email")
    workshop.facilitators.append(user)
    db.session.commit()
    return user


def remove_facilitator(workshop: Workshop, user: User) -> None:
    if user not in workshop.facilitators:
        raise WorkshopError(f"{user.name} does not facilitate this workshop.")
    workshop.facilitators.remove(user)
    db.session.commit()
