"""Attendance: the session roster, marking, and the audit trail of every change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from pdportal import policy
from pdportal.extensions import db
from pdportal.models import (
    ATTENDED_STATUSES,
    Attendance,
    AttendanceChange,
    AttendanceSource,
    AttendanceStatus,
    Registration,
    RegistrationStatus,
    User,
    Workshop,
    WorkshopFacilitator,
    WorkshopSession,
    WorkshopStatus,
)
from pdportal.orm import utcnow
from pdportal.services import registration as registration_service


class AttendanceRefusal(StrEnum):
    """Why a mark cannot be recorded; the views say it in the reader's language."""

    NOT_THIS_WORKSHOP = "not_this_workshop"
    NOT_CONFIRMED = "not_confirmed"
    SESSION_CANCELLED = "session_cancelled"
    # Not begun yet (`starts_at`, `time_zone`): a tap on next week's roster earns nothing.
    NOT_BEGUN = "not_begun"
    # Late or left early without fewer minutes than the session: `status`, `session_minutes`.
    MINUTES_NEEDED = "minutes_needed"
    # Attended for 0 minutes or more than the session: `session_minutes`.
    MINUTES_OUT_OF_RANGE = "minutes_out_of_range"


class AttendanceError(Exception):
    """A change that cannot be made: the `reason`, and the `values` its message needs."""

    def __init__(self, reason: AttendanceRefusal, **values: object) -> None:
        super().__init__(reason)
        self.reason = reason
        self.values = values


@dataclass(frozen=True)
class RosterRow:
    registration: Registration
    attendance: Attendance | None
    session_minutes: int  # the session's length now

    @property
    def counted_minutes(self) -> int:
        """The minutes the mark counts for: never more than the session is scheduled."""
        if self.attendance is None:
            return 0
        return min(self.attendance.minutes_attended, self.session_minutes)

    @property
    def recorded_over(self) -> int | None:
        """The minutes recorded, when more than the session now lasts (it was shortened)."""
        if self.attendance is None or self.attendance.minutes_attended <= self.session_minutes:
            return None
        return self.attendance.minutes_attended


@dataclass(frozen=True)
class AttendanceResult:
    """The mark as it now stands; `changed` is False when it already said the same."""

    attendance: Attendance
    changed: bool


def confirmed_registrations(workshop: Workshop) -> list[Registration]:
    return list(
        db.session.scalars(
            select(Registration)
            .join(User, Registration.user_id == User.id)
            .options(joinedload(Registration.user))
            .where(
                Registration.workshop_id == workshop.id,
                Registration.status == RegistrationStatus.CONFIRMED,
            )
            .order_by(func.lower(User.name), User.id)
        )
    )


def roster(session: WorkshopSession) -> list[RosterRow]:
    """Every confirmed registrant of the session's workshop, with what is recorded so far."""
    registrations = confirmed_registrations(session.workshop)
    marks = {
        attendance.registration_id: attendance
        for attendance in db.session.scalars(
            select(Attendance).where(Attendance.session_id == session.id)
        )
    }
    length = session.duration_minutes
    return [RosterRow(reg, marks.get(reg.id), length) for reg in registrations]


def minutes_for(session: WorkshopSession, status: AttendanceStatus, minutes: int | None) -> int:
    """The minutes a mark earns, checked against the session's length.

    Present defaults to the whole session; late and left early need the minutes
    actually attended (fewer than the session); absent and excused earn none.
    """
    length = session.duration_minutes
    if not status.counts_as_attendance:
        return 0
    if status == AttendanceStatus.PRESENT:
        return length if minutes is None else _within(minutes, length)
    if minutes is None or minutes >= length:
        raise AttendanceError(
            AttendanceRefusal.MINUTES_NEEDED, status=status, session_minutes=length
        )
    return _within(minutes, length)


def _within(minutes: int, length: int) -> int:
    """Someone who attended was there for at least a minute: 0 means absent."""
    if not 1 <= minutes <= length:
        raise AttendanceError(AttendanceRefusal.MINUTES_OUT_OF_RANGE, session_minutes=length)
    return minutes


def check_markable(session: WorkshopSession, now: datetime | None = None) -> None:
    """Attendance is taken only for a live session that has begun.

    An admin correcting a past session is not affected: it has begun. Self check-in keeps
    its own window (it opens shortly before the start, for people already in the room).
    """
    if session.is_cancelled:
        raise AttendanceError(AttendanceRefusal.SESSION_CANCELLED)
    if session.starts_at > (now or utcnow()):
        raise AttendanceError(
            AttendanceRefusal.NOT_BEGUN,
            starts_at=session.starts_at,
            time_zone=session.workshop.network.time_zone,
        )


def has_begun(session: WorkshopSession, now: datetime | None = None) -> bool:
    return session.starts_at <= (now or utcnow())


def record(
    session: WorkshopSession,
    registration: Registration,
    status: AttendanceStatus,
    minutes: int | None,
    actor: User,
    source: AttendanceSource = AttendanceSource.ROSTER,
    now: datetime | None = None,
) -> AttendanceResult:
    """Set one registrant's attendance for a session, keeping the change in the audit trail."""
    if registration.workshop_id != session.workshop_id:
        raise AttendanceError(AttendanceRefusal.NOT_THIS_WORKSHOP)
    if registration.status != RegistrationStatus.CONFIRMED:
        raise AttendanceError(AttendanceRefusal.NOT_CONFIRMED)
    if source == AttendanceSource.SELF_CHECKIN:
        if session.is_cancelled:
            raise AttendanceError(AttendanceRefusal.SESSION_CANCELLED)
    else:
        check_markable(session, now)
    earned = minutes_for(session, status, minutes)
    try:
        result = _apply(session, registration, status, earned, actor, source)
        db.session.commit()
    except IntegrityError:
        # Two people marked the same person at the same moment: apply ours on top.
        db.session.rollback()
        result = _apply(session, registration, status, earned, actor, source)
        db.session.commit()
    return result


def _apply(
    session: WorkshopSession,
    registration: Registration,
    status: AttendanceStatus,
    minutes: int,
    actor: User | None,
    source: AttendanceSource,
) -> AttendanceResult:
    attendance = db.session.scalar(
        select(Attendance).where(
            Attendance.session_id == session.id, Attendance.registration_id == registration.id
        )
    )
    if attendance is None:
        attendance = Attendance(
            registration_id=registration.id, session_id=session.id, status=status
        )
        db.session.add(attendance)
        before: tuple[AttendanceStatus | None, int | None] = (None, None)
    else:
        before = (attendance.status, attendance.minutes_attended)
        if before == (status, minutes):
            return AttendanceResult(attendance, False)
    attendance.status = status
    attendance.minutes_attended = minutes
    attendance.source = source
    attendance.marked_by_id = actor.id if actor else None
    attendance.marked_at = utcnow()
    db.session.add(
        AttendanceChange(
            registration_id=registration.id,
            session_id=session.id,
            changed_by_id=actor.id if actor else None,
            source=source,
            from_status=before[0],
            from_minutes=before[1],
            to_status=status,
            to_minutes=minutes,
        )
    )
    db.session.flush()
    return AttendanceResult(attendance, True)


def mark_all_present(session: WorkshopSession, actor: User, now: datetime | None = None) -> int:
    """Mark everyone not yet marked as present for the whole session; returns how many."""
    check_markable(session, now)
    count = 0
    for row in roster(session):
        if row.attendance is None:
            _apply(
                session,
                row.registration,
                AttendanceStatus.PRESENT,
                session.duration_minutes,
                actor,
                AttendanceSource.ROSTER,
            )
            count += 1
    db.session.commit()
    return count


def audit_trail(session: WorkshopSession) -> list[AttendanceChange]:
    """Every change for the session, newest first."""
    return list(
        db.session.scalars(
            select(AttendanceChange)
            .options(
                joinedload(AttendanceChange.registration).joinedload(Registration.user),
                joinedload(AttendanceChange.changed_by),
            )
            .where(AttendanceChange.session_id == session.id)
            .order_by(AttendanceChange.changed_at.desc(), AttendanceChange.id.desc())
        )
    )


def attendee_ids(workshop_id: int) -> Select[tuple[int]]:
    """The ids of the people confirmed for the workshop who attended at least one of its
    sessions that took place (a subquery for the emails sent after a workshop)."""
    return (
        select(Registration.user_id)
        .join(Attendance, Attendance.registration_id == Registration.id)
        .join(WorkshopSession, Attendance.session_id == WorkshopSession.id)
        .where(
            Registration.workshop_id == workshop_id,
            Registration.status == RegistrationStatus.CONFIRMED,
            Attendance.status.in_(ATTENDED_STATUSES),
            WorkshopSession.is_cancelled.is_(False),
        )
    )


def minutes_attended(workshop: Workshop) -> dict[int, int]:
    """Minutes attended per registration id, over the workshop's sessions that took place.

    No session counts for more than its scheduled length, whatever was recorded.
    """
    return {reg_id: counted for reg_id, (counted, _) in attendance_totals(workshop).items()}


def attendance_totals(workshop: Workshop) -> dict[int, tuple[int, int]]:
    """(counted, recorded) minutes per registration id, over the sessions that took place.

    Counted minutes are capped at each session's scheduled length; recorded minutes are
    what was marked. They differ only when a session was shortened after marking: the
    marks are kept as they were, so putting the session back restores them.
    """
    lengths = {s.id: s.duration_minutes for s in workshop.sessions if not s.is_cancelled}
    rows = db.session.execute(
        select(Attendance.registration_id, Attendance.session_id, Attendance.minutes_attended)
        .join(WorkshopSession, Attendance.session_id == WorkshopSession.id)
        .where(
            WorkshopSession.workshop_id == workshop.id,
            WorkshopSession.is_cancelled.is_(False),
            Attendance.status.in_(ATTENDED_STATUSES),
        )
    )
    totals: dict[int, tuple[int, int]] = {}
    for registration_id, session_id, minutes in rows:
        recorded = int(minutes or 0)
        counted = min(recorded, lengths.get(session_id, 0))
        before = totals.get(registration_id, (0, 0))
        totals[registration_id] = (before[0] + counted, before[1] + recorded)
    return totals


def scheduled_minutes(workshop: Workshop) -> int:
    return sum(s.duration_minutes for s in workshop.sessions if not s.is_cancelled)


def add_walk_in(
    session: WorkshopSession, email: str, actor: User, now: datetime | None = None
) -> AttendanceResult:
    """Seat an existing account that walked in (if a seat is free) and mark it present.

    Refused before the session begins (nothing is registered then). Raises
    registration.RegistrationError (its reason and values) when no seat is given.
    """
    check_markable(session, now)
    result = registration_service.add_walk_in(session.workshop, email, actor)
    return record(
        session,
        result.registration,
        AttendanceStatus.PRESENT,
        None,
        actor,
        AttendanceSource.WALK_IN,
        now,
    )


@dataclass(frozen=True)
class Overview:
    """A person's workshops in three groups; a workshop is in exactly one of them."""

    today: list[WorkshopSession]  # every session meeting today, by start time
    upcoming: list[Workshop]  # not meeting today, with a session still to come; soonest first
    past: list[Workshop]  # every session over; most recent first


RECENT = timedelta(days=60)


def overview(user: User, now: datetime) -> Overview:
    """The workshops a person facilitates or administers (recent and upcoming): today's
    sessions, then upcoming and past workshops, in a fixed number of queries."""
    query = (
        select(Workshop)
        .options(selectinload(Workshop.sessions), joinedload(Workshop.network))
        .where(
            Workshop.status.in_((WorkshopStatus.PUBLISHED, WorkshopStatus.COMPLETED)),
            or_(Workshop.ends_at.is_(None), Workshop.ends_at >= now - RECENT),
        )
        .order_by(Workshop.starts_at, Workshop.id)
        .limit(200)
    )
    if not policy.is_site_admin(user):
        facilitated = select(WorkshopFacilitator.workshop_id).where(
            WorkshopFacilitator.user_id == user.id
        )
        query = query.where(
            or_(
                Workshop.id.in_(facilitated),
                Workshop.network_id.in_(policy.administered_network_ids(user)),
            )
        )
    today: list[WorkshopSession] = []
    upcoming: list[tuple[datetime, Workshop]] = []
    past: list[tuple[datetime, Workshop]] = []
    for workshop in db.session.scalars(query):
        sessions = [s for s in workshop.sessions if not s.is_cancelled] or workshop.sessions
        meeting_today = [s for s in sessions if not s.is_cancelled and _same_local_day(s, now)]
        if meeting_today:
            today.extend(meeting_today)
        elif not sessions:
            upcoming.append((now, workshop))  # no dates yet
        elif any(s.ends_at >= now for s in sessions):
            upcoming.append((min(s.starts_at for s in sessions if s.ends_at >= now), workshop))
        else:
            past.append((max(s.ends_at for s in sessions), workshop))
    today.sort(key=lambda session: session.starts_at)
    upcoming.sort(key=lambda entry: (entry[0], entry[1].id))
    past.sort(key=lambda entry: (entry[0], entry[1].id), reverse=True)
    return Overview(today, [w for _, w in upcoming], [w for _, w in past])


def _same_local_day(session: WorkshopSession, now: datetime) -> bool:
    zone = ZoneInfo(session.workshop.network.time_zone)
    return session.starts_at.astimezone(zone).date() == now.astimezone(zone).date()
