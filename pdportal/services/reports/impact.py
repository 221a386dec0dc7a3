"""Impact follow-up: some weeks after a workshop ends (`IMPACT_FOLLOW_UP_WEEKS`, 6 by
default), each attendee is asked once "Have you used this in your teaching? How?" through
a signed link; the answers are shown to admins per workshop or per network as counts of
people, with small cells hidden as in every report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select, update

from pdportal.database import begin_write_locked_transaction
from pdportal.extensions import db
from pdportal.models import (
    ImpactAnswer,
    ImpactFollowUp,
    Network,
    User,
    Workshop,
    WorkshopStatus,
)
from pdportal.orm import utcnow
from pdportal.services import attendance
from pdportal.services.common.urls import external_url
from pdportal.services.mail.outbox import queue_templated_email
from pdportal.services.reports import tables
from pdportal.services.reports.suppression import Position
from pdportal.services.reports.tables import Entry, Value

SEND_WITHIN = timedelta(days=30)  # workshops whose follow-up fell due longer ago are skipped
LINK_VALID = timedelta(days=180)
MAX_HOW = 2000  # characters of "How?"
_SALT = "pdportal.impact-follow-up"


class FollowUpRefusal(StrEnum):
    """Why a follow-up cannot be answered; the views say it in words."""

    BAD_LINK = "bad_link"
    EXPIRED_LINK = "expired_link"
    ALREADY_ANSWERED = "already_answered"


class FollowUpError(Exception):
    def __init__(self, reason: FollowUpRefusal) -> None:
        super().__init__(reason)
        self.reason = reason


def due_after() -> timedelta:
    """How long after a workshop's end its attendees are asked."""
    return timedelta(weeks=int(current_app.config["IMPACT_FOLLOW_UP_WEEKS"]))


# --- asking and answering ---------------------------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def link(follow_up: ImpactFollowUp) -> str:
    token = _serializer().dumps({"f": follow_up.id, "u": follow_up.user_id})
    return external_url("certificates.follow_up", token=token)


def from_token(token: str) -> ImpactFollowUp:
    """The follow-up a signed link names; FollowUpError if it is altered or too old."""
    try:
        data = _serializer().loads(token, max_age=int(LINK_VALID.total_seconds()))
    except SignatureExpired:
        raise FollowUpError(FollowUpRefusal.EXPIRED_LINK) from None
    except BadSignature:
        raise FollowUpError(FollowUpRefusal.BAD_LINK) from None
    if not isinstance(data, dict) or not isinstance(data.get("f"), int):
        raise FollowUpError(FollowUpRefusal.BAD_LINK)
    follow_up = db.session.get(ImpactFollowUp, data["f"])
    if follow_up is None or follow_up.user_id != data.get("u"):
        raise FollowUpError(FollowUpRefusal.BAD_LINK)
    return follow_up


def answer(
    follow_up: ImpactFollowUp, used: ImpactAnswer, how: str, now: datetime | None = None
) -> None:
    """Store the answer, once: a second answer (another tab, a second click) is refused."""
    stored = db.session.execute(
        update(ImpactFollowUp)
        .where(ImpactFollowUp.id == follow_up.id, ImpactFollowUp.answered_at.is_(None))
        .values(answer=used, how=how.strip()[:MAX_HOW], answered_at=now or utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    if stored != 1:
        raise FollowUpError(FollowUpRefusal.ALREADY_ANSWERED)
    db.session.refresh(follow_up)


def send_follow_ups(now: datetime) -> str:
    """Sweep step: ask each attendee of a workshop that ended `IMPACT_FOLLOW_UP_WEEKS` ago,
    once. Workshop rows are claimed with FOR UPDATE SKIP LOCKED on PostgreSQL (SQLite's
    write lock serialises sweepers) and a row per person records the asking, so parallel
    or repeated sweeps never ask anyone twice."""
    due = now - due_after()
    begin_write_locked_transaction()
    workshops = db.session.scalars(
        select(Workshop)
        .where(
            Workshop.status.in_((WorkshopStatus.PUBLISHED, WorkshopStatus.COMPLETED)),
            Workshop.ends_at <= due,
            Workshop.ends_at > due - SEND_WITHIN,
        )
        .with_for_update(skip_locked=True)
    ).all()
    sent = 0
    for workshop in workshops:
        asked = select(ImpactFollowUp.user_id).where(ImpactFollowUp.workshop_id == workshop.id)
        attendees = db.session.scalars(
            select(User).where(
                User.id.in_(attendance.attendee_ids(workshop.id)), User.id.not_in(asked)
            )
        ).all()
        for user in attendees:
            follow_up = ImpactFollowUp(workshop_id=workshop.id, user_id=user.id, sent_at=now)
            db.session.add(follow_up)
            db.session.flush()
            queue_templated_email(
                user.email,
                "impact_follow_up",
                language=user.preferred_language,
                user=user,
                workshop=workshop,
                url=link(follow_up),
            )
            sent += 1
    db.session.commit()
    # A line of the operator's log (`flask sweep`), like every sweep step's.
    return f"impact follow-ups: {sent} sent"


# --- results ------------------------------------------------------------------------


class ImpactBy(StrEnum):
    WORKSHOP = "workshop"
    NETWORK = "network"


ANSWERS = [answer.value for answer in ImpactAnswer]


@dataclass(frozen=True)
class ImpactQuery:
    network_ids: frozenset[int] | None  # None: every network (site admins)
    starts_on: date  # workshops that start on or after
    ends_on: date  # … and on or before
    by: ImpactBy = ImpactBy.WORKSHOP


@dataclass
class ImpactTable:
    """People who answered, by workshop or network (rows) and answer (columns); `asked`
    is how many were sent the question per row (a count of attendees, not of answers)."""

    query: ImpactQuery
    row_keys: list[str]
    names: dict[str, str]
    asked: dict[str, int]
    values: dict[Position, Value | None]
    people: int | None
    how: dict[str, list[str]]  # the answers to "How?" of rows whose count is shown

    column_keys = ANSWERS

    def value(self, row: int | None, column: int | None) -> Value | None:
        return self.values[(row, column)]


def results(query: ImpactQuery) -> ImpactTable:
    """One query whatever the data size: every follow-up of the workshops in range."""
    start, end = tables.period(query.starts_on, query.ends_on)
    statement = (
        select(
            ImpactFollowUp.user_id,
            ImpactFollowUp.answer,
            ImpactFollowUp.how,
            Workshop.id,
            Workshop.title,
            Network.id,
            Network.name,
        )
        .join(Workshop, Workshop.id == ImpactFollowUp.workshop_id)
        .join(Network, Network.id == Workshop.network_id)
        .where(Workshop.starts_at >= start, Workshop.starts_at < end)
    )
    if query.network_ids is not None:
        statement = statement.where(Workshop.network_id.in_(query.network_ids))
    names: dict[str, str] = {}
    asked: dict[str, int] = {}
    entries: list[Entry] = []
    how: dict[str, list[str]] = {}
    for user_id, given, said, workshop_id, title, network_id, network_name in db.session.execute(
        statement
    ):
        by_workshop = query.by == ImpactBy.WORKSHOP
        key = str(workshop_id if by_workshop else network_id)
        names[key] = title if by_workshop else network_name
        asked[key] = asked.get(key, 0) + 1
        if given is not None:
            entries.append(Entry([key], [given.value], user_id))
            if said.strip():
                how.setdefault(key, []).append(said.strip())
    row_keys = sorted(names, key=lambda key: (names[key].casefold(), int(key)))
    counted = tables.count(row_keys, ANSWERS, entries)
    shown_how = {
        key: sorted(how[key])  # sorted, not in arrival order, so the order gives nothing away
        for index, key in enumerate(row_keys)
        if key in how and counted.values[(index, None)] is not None
    }
    return ImpactTable(query, row_keys, names, asked, counted.values, counted.people, shown_how)
