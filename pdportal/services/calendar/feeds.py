"""What each calendar feed selects: one workshop or one person's workshops (the public
catalog's feed is made by `services.catalog`, with the catalog's filters); in which
language it speaks; and the rows its events are built from.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import NamedTuple

from sqlalchemy import ColumnElement, Row, and_, func, or_, select, union
from sqlalchemy.orm import aliased

from pdportal.extensions import db
from pdportal.i18n import DEFAULT_LANGUAGE
from pdportal.models import (
    Network,
    Registration,
    RegistrationStatus,
    Workshop,
    WorkshopFacilitator,
    WorkshopSession,
    WorkshopStatus,
)
from pdportal.orm import utcnow

# Feeds keep sessions that ended this long ago, so last month's workshop is still there.
FEED_PAST_WINDOW = timedelta(days=90)
# Statuses a visitor may see; drafts never appear anywhere.
VISIBLE_STATUSES = (WorkshopStatus.PUBLISHED, WorkshopStatus.CANCELLED, WorkshopStatus.COMPLETED)


class FeedKind(enum.StrEnum):
    """Which calendar a feed is; its name (a text of the feed) follows from it."""

    WORKSHOP = "workshop"  # named after the workshop
    PUBLIC = "public"  # "STEM workshops", then the names of its filters
    PERSONAL = "personal"  # "My STEM workshops"


@dataclass(frozen=True)
class FeedSpec:
    """What a calendar selects and how it presents it; also the cache's identity of a feed.

    `scope` names the selection (e.g. `public?topic=…`, `user:42`, `workshop:7`); with the
    language and the data version it keys the rendered feed. `clauses` are the SQL
    conditions on the session / workshop / network join. `language` is the one its texts
    (event titles, places, descriptions) are written in. See `cache` for `coarse_version`.
    """

    scope: str
    kind: FeedKind
    clauses: tuple[ColumnElement[bool], ...] = field(compare=False, hash=False)
    language: str = DEFAULT_LANGUAGE
    title: str = ""  # a workshop feed's: the workshop's title
    # A public feed's filters, as names (a network's) or enum members (labelled in the
    # feed's language when it is built).
    name_parts: tuple[object, ...] = ()
    with_join_links: bool = False
    is_subscription: bool = True
    # Version by whole-table aggregates (index lookups, constant cost) instead of by the
    # feed's own rows: right for the big public feeds, where any change may matter.
    coarse_version: bool = False
    # Plain values the output depends on besides the rows (e.g. the window's first day).
    version_values: tuple[object, ...] = ()
    # More columns of the version query (e.g. the person's registrations).
    version_extra: tuple[ColumnElement, ...] = field(default=(), compare=False, hash=False)


def workshop_spec(
    workshop: Workshop, *, language: str = DEFAULT_LANGUAGE, with_join_links: bool = False
) -> FeedSpec:
    return FeedSpec(
        scope=f"workshop:{workshop.id}:{int(with_join_links)}",
        kind=FeedKind.WORKSHOP,
        title=workshop.title,
        language=language,
        clauses=(WorkshopSession.workshop_id == workshop.id,),
        with_join_links=with_join_links,
        is_subscription=False,
    )


def feed_window_start() -> datetime:
    """The oldest end a feed keeps: midnight UTC, 90 days back (moves once a day)."""
    today = datetime.combine(utcnow().date(), time.min, tzinfo=UTC)
    return today - FEED_PAST_WINDOW


def personal_spec(user_id: int, language: str = DEFAULT_LANGUAGE) -> FeedSpec:
    """Sessions of workshops the user is confirmed for or facilitates.

    When a workshop is cancelled its registrations are cancelled too; a registration that
    was once confirmed (`confirmed_at` set) keeps the cancelled workshop in the feed so
    the educator's calendar shows it as cancelled instead of silently dropping it.
    """
    mine = Registration.user_id == user_id
    assigned = WorkshopFacilitator.user_id == user_id
    cancelled_workshop = aliased(Workshop)
    workshop_ids = union(
        select(Registration.workshop_id).where(
            mine, Registration.status == RegistrationStatus.CONFIRMED
        ),
        select(WorkshopFacilitator.workshop_id).where(assigned),
        select(Registration.workshop_id)
        .join(cancelled_workshop, Registration.workshop_id == cancelled_workshop.id)
        .where(
            mine,
            Registration.status == RegistrationStatus.CANCELLED,
            Registration.confirmed_at.is_not(None),
            cancelled_workshop.status == WorkshopStatus.CANCELLED,
        ),
    )
    start = feed_window_start()
    return FeedSpec(
        scope=f"user:{user_id}",
        kind=FeedKind.PERSONAL,
        language=language,
        clauses=(
            Workshop.status.in_(VISIBLE_STATUSES),
            WorkshopSession.workshop_id.in_(workshop_ids),
            WorkshopSession.ends_at >= start,
        ),
        with_join_links=True,
        version_values=(start.date().isoformat(),),
        version_extra=(
            select(func.count(Registration.id)).where(mine).scalar_subquery(),
            select(func.max(Registration.updated_at)).where(mine).scalar_subquery(),
            select(func.count(WorkshopFacilitator.id)).where(assigned).scalar_subquery(),
            select(func.sum(WorkshopFacilitator.workshop_id)).where(assigned).scalar_subquery(),
        ),
    )


def _numbered() -> tuple[ColumnElement[int], ColumnElement[int]]:
    """(ordinal, total) of a session among its workshop's sessions, as correlated subqueries."""
    other = aliased(WorkshopSession)
    same_workshop = other.workshop_id == WorkshopSession.workshop_id
    earlier = or_(
        other.starts_at < WorkshopSession.starts_at,
        and_(other.starts_at == WorkshopSession.starts_at, other.id <= WorkshopSession.id),
    )
    ordinal = select(func.count()).where(same_workshop, earlier).scalar_subquery()
    total = select(func.count()).where(same_workshop).scalar_subquery()
    return ordinal.label("ordinal"), total.label("total")


class FeedRows(NamedTuple):
    """The selected sessions, and their workshops once each (not repeated per session)."""

    sessions: Sequence[Row]
    workshops: dict[int, Row]


def feed_rows(spec: FeedSpec) -> FeedRows:
    """Two queries of the few columns events need, never whole ORM objects (5,000 is cheap)."""
    ordinal, total = _numbered()
    sessions = db.session.execute(
        select(
            WorkshopSession.id,
            WorkshopSession.workshop_id,
            WorkshopSession.starts_at,
            WorkshopSession.ends_at,
            WorkshopSession.location,
            WorkshopSession.sequence,
            WorkshopSession.is_cancelled,
            WorkshopSession.updated_at,
            ordinal,
            total,
        )
        .join(Workshop, WorkshopSession.workshop_id == Workshop.id)
        .join(Network, Workshop.network_id == Network.id)
        .where(*spec.clauses)
        .order_by(WorkshopSession.starts_at, WorkshopSession.id)
    ).all()
    if not sessions:
        return FeedRows(sessions, {})
    selected = (
        select(WorkshopSession.workshop_id)
        .join(Workshop, WorkshopSession.workshop_id == Workshop.id)
        .join(Network, Workshop.network_id == Network.id)
        .where(*spec.clauses)
    )
    workshops = db.session.execute(
        select(
            Workshop.id,
            Workshop.slug,
            Workshop.title,
            Workshop.summary,
            Workshop.description,
            Workshop.format,
            Workshop.venue,
            Workshop.address,
            Workshop.online_url,
            Workshop.status,
            Workshop.cancelled_reason,
            Workshop.updated_at,
            Network.time_zone,
        )
        .join(Network, Workshop.network_id == Network.id)
        .where(Workshop.id.in_(selected))
    ).all()
    return FeedRows(sessions, {workshop.id: workshop for workshop in workshops})
