"""The network admins' dashboard: their workshops by status, with registration counts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from pdportal.extensions import db
from pdportal.models import Registration, RegistrationStatus, Workshop, WorkshopStatus
from pdportal.orm import utcnow

PAST_SHOWN = 25


@dataclass
class Board:
    drafts: list[Workshop] = field(default_factory=list)
    upcoming: list[Workshop] = field(default_factory=list)
    past: list[Workshop] = field(default_factory=list)
    cancelled: list[Workshop] = field(default_factory=list)
    # workshop id → registration status → count
    counts: dict[int, dict[str, int]] = field(default_factory=dict)


def registration_counts(workshop_ids: list[int]) -> dict[int, dict[str, int]]:
    """Registrations per workshop and status, in one grouped query."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    if not workshop_ids:
        return counts
    rows = db.session.execute(
        select(Registration.workshop_id, Registration.status, func.count(Registration.id))
        .where(Registration.workshop_id.in_(workshop_ids))
        .group_by(Registration.workshop_id, Registration.status)
    )
    for workshop_id, status, count in rows:
        counts[workshop_id][RegistrationStatus(status).value] = count
    return counts


def build(network_ids: list[int]) -> Board:
    """Drafts, upcoming and cancelled ones in full, the latest past ones: three queries."""
    now = utcnow()
    in_networks = Workshop.network_id.in_(network_ids)
    current = db.session.scalars(
        select(Workshop)
        .options(selectinload(Workshop.network))
        .where(
            in_networks,
            or_(
                Workshop.status.in_((WorkshopStatus.DRAFT, WorkshopStatus.CANCELLED)),
                Workshop.ends_at.is_(None),
                Workshop.ends_at >= now,
            ),
        )
        .order_by(Workshop.starts_at.is_(None), Workshop.starts_at, Workshop.title)
    ).all()
    past = db.session.scalars(
        select(Workshop)
        .options(selectinload(Workshop.network))
        .where(
            in_networks,
            Workshop.status.in_((WorkshopStatus.PUBLISHED, WorkshopStatus.COMPLETED)),
            Workshop.ends_at < now,
        )
        .order_by(Workshop.ends_at.desc())
        .limit(PAST_SHOWN)
    ).all()
    board = Board(past=list(past))
    for workshop in current:
        if workshop.status == WorkshopStatus.DRAFT:
            board.drafts.append(workshop)
        elif workshop.status == WorkshopStatus.CANCELLED:
            board.cancelled.append(workshop)
        else:
            board.upcoming.append(workshop)
    board.counts = registration_counts([w.id for w in (*current, *past)])
    return board
