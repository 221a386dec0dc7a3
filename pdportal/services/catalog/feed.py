"""The catalog as a calendar subscription (/calendar/workshops.ics): the catalog's
filters (`filters.py`, the same as the page's and the API's) over what a calendar keeps,
published, cancelled and completed workshops from 90 days back, built and cached by
`services.calendar`."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from sqlalchemy import func, select

from pdportal.extensions import db
from pdportal.models import GradeBand, Network, Registration, Topic, Workshop, WorkshopFormat
from pdportal.models import WorkshopSession as Session
from pdportal.orm import utcnow
from pdportal.services.calendar import (
    VISIBLE_STATUSES,
    CachedFeed,
    FeedKind,
    FeedSpec,
    cached_feed,
    feed_window_start,
)
from pdportal.services.catalog.filters import CatalogFilters, filter_conditions


def _network_name(slug: str) -> str:
    return db.session.scalar(select(Network.name).where(Network.slug == slug)) or slug


def _name_parts(filters: CatalogFilters) -> tuple[object, ...]:
    """What the calendar's name adds to "STEM workshops": the network, topic, grade band
    and format chosen (enum members, labelled in the feed's language when it is built)."""
    parts: list[object] = []
    if filters.network:
        parts.append(_network_name(filters.network))
    if filters.topic:
        parts.append(Topic(filters.topic))
    if filters.grade:
        parts.append(GradeBand(filters.grade))
    if filters.format:
        parts.append(WorkshopFormat(filters.format))
    return tuple(parts)


def public_spec(filters: CatalogFilters, language: str, now: datetime | None = None) -> FeedSpec:
    now = now or utcnow()
    start = feed_window_start()
    version_values: tuple[object, ...] = (start.date().isoformat(),)
    version_extra = ()
    if filters.available:
        # Seats come and go with registrations, and holds expire as time passes.
        version_values += (now.replace(second=0, microsecond=0).isoformat(),)
        version_extra = (
            select(func.count(Registration.id)).scalar_subquery(),
            select(func.max(Registration.updated_at)).scalar_subquery(),
        )
    return FeedSpec(
        scope="public?" + urlencode(sorted(filters.query_args().items())),
        kind=FeedKind.PUBLIC,
        language=language,
        name_parts=_name_parts(filters),
        clauses=(
            Workshop.status.in_(VISIBLE_STATUSES),
            Session.ends_at >= start,
            *filter_conditions(filters, now=now),
        ),
        coarse_version=True,
        version_values=version_values,
        version_extra=version_extra,
    )


def public_feed(filters: CatalogFilters, language: str) -> CachedFeed:
    """The catalog as a subscription: published and cancelled workshops, recent and
    upcoming, that match `filters`; its texts in `language`."""
    return cached_feed(public_spec(filters, language))
