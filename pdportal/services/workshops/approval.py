"""A Washington clock-hour offering's approval record (WAC 181-85-200).

Before it runs, the provider's designee approves the offering: its learning objectives
(shown publicly), agenda, instructors and their qualifications, and how it meets the
standards, dated before the first session. The approval holds the hours and sessions it
approved, so changing either afterwards, or editing the record itself, leaves the
offering needing approval again. Versions are never deleted: each approval stays on file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import select

from pdportal.extensions import db
from pdportal.models import OfferingApproval, User, Workshop
from pdportal.orm import utcnow
from pdportal.services.workshops.results import Problem, WorkshopError, raise_if_any

MAX_RECORD_LENGTH = 10_000
MAX_DESIGNEE_LENGTH = 200


class ApprovalState(StrEnum):
    NOT_NEEDED = "not_needed"  # not Washington clock hours
    MISSING = "missing"  # no record yet
    PENDING = "pending"  # a record (or an edited one) waiting for the designee
    APPROVED = "approved"
    NEEDS_REAPPROVAL = "needs_reapproval"  # the hours or sessions changed since


@dataclass(frozen=True)
class ApprovalRecord:
    """What the provider writes down about the offering."""

    objectives: str = ""
    agenda: str = ""
    instructors: str = ""
    standards_alignment: str = ""

    @classmethod
    def of(cls, approval: OfferingApproval | None) -> ApprovalRecord:
        if approval is None:
            return cls()
        return cls(**{f.name: getattr(approval, f.name) for f in fields(cls)})


def versions(workshop: Workshop) -> list[OfferingApproval]:
    """Every version of the record, newest first."""
    return list(
        db.session.scalars(
            select(OfferingApproval)
            .where(OfferingApproval.workshop_id == workshop.id)
            .order_by(OfferingApproval.version.desc())
        )
    )


def current(workshop: Workshop) -> OfferingApproval | None:
    return next(iter(versions(workshop)), None)


def latest_approved(workshop: Workshop) -> OfferingApproval | None:
    """The newest approved version: what the public page shows."""
    return next((v for v in versions(workshop) if v.is_approved), None)


def schedule_pairs(times: Iterable[tuple[datetime, datetime]]) -> list[list[str]]:
    """Sessions' (start, end) times as an approval keeps them: UTC ISO pairs, in order."""
    return [
        [a.astimezone(UTC).isoformat(), b.astimezone(UTC).isoformat()] for a, b in sorted(times)
    ]


def schedule_of(workshop: Workshop) -> list[list[str]]:
    """The workshop's live sessions as an approval keeps them."""
    return schedule_pairs((s.starts_at, s.ends_at) for s in workshop.sessions if not s.is_cancelled)


def _matches_workshop(approval: OfferingApproval, workshop: Workshop) -> bool:
    return approval.approved_hours == Decimal(workshop.credit_hours) and (
        approval.approved_schedule == schedule_of(workshop)
    )


def state(workshop: Workshop) -> ApprovalState:
    if not workshop.is_clock_hours:
        return ApprovalState.NOT_NEEDED
    newest = current(workshop)
    if newest is None:
        return ApprovalState.MISSING
    if not newest.is_approved:
        return ApprovalState.NEEDS_REAPPROVAL if newest.version > 1 else ApprovalState.PENDING
    if not _matches_workshop(newest, workshop):
        return ApprovalState.NEEDS_REAPPROVAL
    return ApprovalState.APPROVED


def _record_problems(record: ApprovalRecord) -> list[WorkshopError]:
    return [
        WorkshopError(Problem.TOO_LONG, f.name, limit=MAX_RECORD_LENGTH)
        for f in fields(record)
        if len(getattr(record, f.name)) > MAX_RECORD_LENGTH
    ]


def save_record(workshop: Workshop, record: ApprovalRecord) -> OfferingApproval:
    """Save the record; an approved one is never edited: a new version waits for approval."""
    record = ApprovalRecord(**{f.name: getattr(record, f.name).strip() for f in fields(record)})
    raise_if_any(_record_problems(record))
    newest = current(workshop)
    if newest is not None and ApprovalRecord.of(newest) == record:
        return newest
    if newest is None or newest.is_approved:
        newest = OfferingApproval(
            workshop_id=workshop.id, version=(newest.version + 1) if newest else 1
        )
        db.session.add(newest)
    for name, value in vars(record).items():
        setattr(newest, name, value)
    db.session.commit()
    return newest


def _local_day(value: datetime, workshop: Workshop) -> date:
    return value.astimezone(ZoneInfo(workshop.network.time_zone)).date()


def approve(
    workshop: Workshop,
    actor: User,
    approved_on: date,
    designee_name: str,
    now: datetime | None = None,
) -> OfferingApproval:
    """The designee approves the newest record, as the offering now stands.

    Refused, naming every gap: a field of the record left empty, no hours, no session,
    no designee, a date in the future or (while the offering has not begun) not before
    the day of its first session.
    """
    now = now or utcnow()
    newest = current(workshop)
    record = ApprovalRecord.of(newest)
    designee_name = designee_name.strip()
    problems = [
        WorkshopError(Problem.APPROVAL_FIELD_MISSING, f.name)
        for f in fields(record)
        if not getattr(record, f.name)
    ]
    if not designee_name:
        problems.append(WorkshopError(Problem.APPROVAL_FIELD_MISSING, "designee_name"))
    elif len(designee_name) > MAX_DESIGNEE_LENGTH:
        problems.append(WorkshopError(Problem.TOO_LONG, "designee_name", limit=MAX_DESIGNEE_LENGTH))
    if workshop.credit_hours <= 0:
        problems.append(
            WorkshopError(Problem.PUBLISH_NO_CREDIT_HOURS, credit_type=workshop.credit_type)
        )
    schedule = schedule_of(workshop)
    if not schedule:
        problems.append(WorkshopError(Problem.PUBLISH_NO_SESSION))
    today = _local_day(now, workshop)
    if approved_on > today:
        problems.append(WorkshopError(Problem.APPROVAL_IN_FUTURE, "approved_on"))
    first = min((s.starts_at for s in workshop.sessions if not s.is_cancelled), default=None)
    if first is not None and first > now and approved_on >= _local_day(first, workshop):
        problems.append(
            WorkshopError(
                Problem.APPROVAL_NOT_BEFORE_FIRST_SESSION,
                "approved_on",
                first_day=_local_day(first, workshop),
            )
        )
    raise_if_any(problems)
    assert newest is not None  # every field of the record is filled in
    if newest.is_approved:  # the record as approved stays on file; approve a copy
        newest = OfferingApproval(
            workshop_id=workshop.id, version=newest.version + 1, **vars(record)
        )
        db.session.add(newest)
    newest.approved_on = approved_on
    newest.approved_by_id = actor.id
    newest.designee_name = designee_name
    newest.approved_hours = Decimal(workshop.credit_hours)
    newest.approved_schedule = schedule
    db.session.commit()
    return newest


def publish_problems(workshop: Workshop) -> list[WorkshopError]:
    """A clock-hour offering is published only with an approval dated before it runs."""
    found = state(workshop)
    if found in (ApprovalState.NOT_NEEDED, ApprovalState.APPROVED):
        return []
    if found == ApprovalState.NEEDS_REAPPROVAL:
        return [WorkshopError(Problem.PUBLISH_NEEDS_REAPPROVAL)]
    return [WorkshopError(Problem.PUBLISH_NOT_APPROVED)]
