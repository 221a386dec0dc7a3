"""The public catalog: filtered, paginated lists of published workshops, and one workshop.

A list asks `matching.matching_ids` which workshops match, in order (a statement for
each part of the search: the listed workshops, each filter set, the words; none for the
parts kept for the catalog version), then reads what the cards show of the page's
workshops: the columns a card shows, joined to their network; their
sessions; their seat counts (three statements, whatever the size of the page or the
catalog). Items built for a catalog version in a minute are kept for it
(`search(version=...)`), so a search listing workshops other searches listed reads none.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload, selectinload

from pdportal.extensions import db
from pdportal.models import (
    Network,
    Workshop,
    WorkshopSession,
    WorkshopStatus,
)
from pdportal.orm import utcnow
from pdportal.services import registration
from pdportal.services import search as text_search
from pdportal.services.catalog.filters import CatalogFilters
from pdportal.services.catalog.matching import matching_ids
from pdportal.services.common.cache import LRUCache

MAX_CACHED_ITEMS = 4096


@dataclass(frozen=True)
class SessionTime:
    starts_at: datetime
    ends_at: datetime


@dataclass
class CatalogItem:
    """What a result card (and an API item) shows; no ORM object behind it."""

    id: int
    slug: str
    title: str
    summary: str
    network_slug: str
    network_name: str
    time_zone: str
    format: str
    venue: str
    topics: list[str]
    grade_bands: list[str]
    price_cents: int
    credit_hours: Decimal
    credit_type: str
    capacity: int
    has_waitlist: bool
    starts_at: datetime | None
    ends_at: datetime | None
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    sessions: list[SessionTime] = field(default_factory=list)
    seats_taken: int = 0
    waitlist_length: int = 0

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.seats_taken, 0)

    def registration_state(self, now: datetime) -> str:
        """ "open", "not_open" (opens later) or "closed" at `now`.

        Worked out when the card is rendered, not stored: time passing changes nothing
        in the database, so a cached card must not carry yesterday's answer.
        """
        if self.registration_opens_at and self.registration_opens_at > now:
            return "not_open"
        closes = self.registration_closes_at or self.starts_at
        if closes and closes <= now:
            return "closed"
        return "open"


# Items by catalog version, minute and workshop id (see `_items`).
_item_cache: LRUCache[CatalogItem] = LRUCache(MAX_CACHED_ITEMS)


def page_count(total: int, per_page: int) -> int:
    """Pages needed for `total` results; an empty result still has its one page."""
    return max((total + per_page - 1) // per_page, 1)


@dataclass(frozen=True)
class CatalogPage:
    items: list[CatalogItem]
    total: int
    page: int
    per_page: int
    requested_page: int | None = None  # set when the page asked for was beyond the last
    query: text_search.SearchQuery | None = None  # the words searched for, as understood

    @property
    def pages(self) -> int:
        return page_count(self.total, self.per_page)

    @property
    def is_beyond_last(self) -> bool:
        """No such page: the page number is past the last page of results."""
        return self.page > self.pages

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_prev(self) -> bool:
        return self.page > 1


_CARD_COLUMNS = (
    Workshop.id,
    Workshop.slug,
    Workshop.title,
    Workshop.summary,
    Network.slug,
    Network.name,
    Network.time_zone,
    Workshop.format,
    Workshop.venue,
    Workshop.topics,
    Workshop.grade_bands,
    Workshop.price_cents,
    Workshop.credit_hours,
    Workshop.credit_type,
    Workshop.capacity,
    Workshop.has_waitlist,
    Workshop.starts_at,
    Workshop.ends_at,
    Workshop.registration_opens_at,
    Workshop.registration_closes_at,
)


def count_matching(
    filters: CatalogFilters,
    *,
    zones: Collection[str] | None = None,
    now: datetime | None = None,
    version: str | None = None,
) -> int:
    """How many published workshops match `filters` (as `search` counts them)."""
    return len(matching_ids(filters, now=now or utcnow(), zones=zones, version=version))


def _attach_details(items: list[CatalogItem]) -> None:
    """Sessions and seat counts of a page of items: two queries, whatever the page size."""
    if not items:
        return
    by_id = {item.id: item for item in items}
    rows = db.session.execute(
        select(WorkshopSession.workshop_id, WorkshopSession.starts_at, WorkshopSession.ends_at)
        .where(WorkshopSession.workshop_id.in_(by_id), WorkshopSession.is_cancelled.is_(False))
        .order_by(WorkshopSession.starts_at)
    )
    for workshop_id, starts_at, ends_at in rows:
        by_id[workshop_id].sessions.append(SessionTime(starts_at, ends_at))
    for workshop_id, counts in registration.seat_counts(list(by_id)).items():
        by_id[workshop_id].seats_taken = counts.taken
        by_id[workshop_id].waitlist_length = counts.waitlisted


def _load_items(ids: Collection[int]) -> dict[int, CatalogItem]:
    """What the cards of these workshops show, sessions and seat counts included."""
    rows = db.session.execute(
        select(*_CARD_COLUMNS)
        .join(Network, Network.id == Workshop.network_id)
        .where(Workshop.id.in_(ids))
    )
    items = [CatalogItem(*row) for row in rows]
    _attach_details(items)
    return {item.id: item for item in items}


def _items(ids: list[int], version: str | None, now: datetime) -> list[CatalogItem]:
    """The items of `ids`, in order: those built for `version` in `now`'s minute are
    reused (their seat counts are as of that minute, like the cards cached with them)."""
    if version is None:
        found: dict[int, CatalogItem | None] = dict(_load_items(ids))
    else:
        minute = int(now.timestamp() // 60)
        keys = {id_: f"{version}\x1f{minute}\x1f{id_}" for id_ in ids}
        found = {id_: _item_cache.get(key) for id_, key in keys.items()}
        missing = [id_ for id_, item in found.items() if item is None]
        if missing:
            for id_, item in _load_items(missing).items():
                _item_cache.put(keys[id_], item)
                found[id_] = item
    # A workshop deleted since it was matched has no item: left out, not an error.
    return [item for item in map(found.get, ids) if item is not None]


def search(
    filters: CatalogFilters,
    *,
    page: int = 1,
    per_page: int = 20,
    zones: Collection[str] | None = None,
    now: datetime | None = None,
    last_page_if_beyond: bool = False,
    version: str | None = None,
) -> CatalogPage:
    """A page of published workshops matching `filters`: the best match of the search
    box's words first (when it holds any), else by first session.

    `zones` are the networks' time zones (for whole-day date filters); pass them when
    the caller already loaded the networks, to save a query (else read when needed).
    With `last_page_if_beyond`, a page number past the last page gives the last page
    (its `requested_page` says which was asked for); without it, an empty page with that
    number. `version` is `catalog_version()` as the caller read it for this answer:
    items already built for it are reused (the items must then not be changed).
    """
    now = now or utcnow()
    ids = matching_ids(filters, now=now, zones=zones, version=version)
    total = len(ids)
    requested_page = None
    if last_page_if_beyond and page > page_count(total, per_page):
        requested_page, page = page, page_count(total, per_page)
    page_ids = list(ids[(page - 1) * per_page : page * per_page])
    return CatalogPage(
        items=_items(page_ids, version, now),
        total=total,
        page=page,
        per_page=per_page,
        requested_page=requested_page,
        query=filters.query if filters.q else None,
    )


def upcoming(limit: int = 6, now: datetime | None = None) -> list[CatalogItem]:
    """The next published workshops (the home page)."""
    return search(CatalogFilters(), per_page=limit, zones=set(), now=now).items


# Built once, and one joined query: every registration in a rush starts with it, and a
# selectin load of the few sessions cost more CPU than the rest of the lookup.
_PUBLIC_WORKSHOP = (
    select(Workshop)
    .where(Workshop.slug == bindparam("slug"), Workshop.status != WorkshopStatus.DRAFT)
    .options(joinedload(Workshop.network), joinedload(Workshop.sessions))
)


def find_public_workshop(slug: str) -> Workshop | None:
    """A published, cancelled or completed workshop with its network and sessions;
    None for a draft or an unknown slug."""
    return db.session.execute(_PUBLIC_WORKSHOP, {"slug": slug}).unique().scalar_one_or_none()


def find_workshop(slug: str) -> Workshop | None:
    """Any workshop, drafts included, with what its page shows (sessions, facilitators).

    Who may see a draft is `policy.can_view_workshop`'s question, asked by the loader."""
    return db.session.scalar(
        select(Workshop)
        .where(Workshop.slug == slug)
        .options(selectinload(Workshop.sessions), selectinload(Workshop.facilitators))
    )
