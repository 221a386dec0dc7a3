"""Which published workshops match a search, in the catalog's order: the best match of
the search box's words first (when it holds any), then the soonest first session.

The database answers one question a part of the search: which workshops the catalog
lists at all (published; upcoming, unless dates are asked for), by first session; which
of those each filter that is set keeps (`filter_parts`, the one implementation the API
and the feed share); which match the words, with their scores (the full-text engine,
`services.search`). The search keeps the listed workshops every part kept, in order, or
by score when words were given: set intersections and a sort, not a second
implementation of any filter.

Given a catalog version (`catalog_version()`, as the caller read it for its answer),
each answer is kept for that version, and for the minute when the moment changes it
(what is upcoming; seats held), like the rendered pages: a search is mostly a new
combination of parts asked before, and then costs no SQL; each part never asked before
costs one statement. Without a version, every part is read afresh.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Collection
from datetime import datetime
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.sql.elements import ColumnElement

from pdportal.extensions import db
from pdportal.models import Network, Workshop, WorkshopStatus
from pdportal.services import search as text_search
from pdportal.services.catalog.filters import CatalogFilters, FilterPart, filter_parts
from pdportal.services.common.cache import LRUCache

MAX_LISTED = 8
MAX_KEPT_BYTES = 32 * 1024 * 1024
MAX_WORD_ANSWERS = 256
SET_BYTES_AN_ID = 60  # a set entry and its int, roughly

T = TypeVar("T")

# The listed workshops' ids, in order, with each one's position in that order.
Listed = tuple[array, dict[int, int]]
_listed: LRUCache[Listed] = LRUCache(MAX_LISTED)
# The ids each filter part keeps among them, bounded by the memory they take.
_kept: LRUCache[frozenset[int]] = LRUCache(
    4096, max_bytes=MAX_KEPT_BYTES, size=lambda ids: len(ids) * SET_BYTES_AN_ID
)
_scored: LRUCache[tuple[array, array]] = LRUCache(MAX_WORD_ANSWERS)


def _listed_condition(filters: CatalogFilters, now: datetime) -> list[ColumnElement[bool]]:
    """What the catalog lists at all: published workshops; without dates, upcoming ones
    only (their last session has not ended)."""
    conditions = [Workshop.status == WorkshopStatus.PUBLISHED]
    if not (filters.date_from or filters.date_to):
        conditions.append(Workshop.ends_at > now)
    return conditions


def _read_listed(conditions: list[ColumnElement[bool]]) -> Listed:
    statement = select(Workshop.id).where(*conditions).order_by(Workshop.starts_at, Workshop.id)
    ids = array("q", db.session.scalars(statement))
    return ids, {workshop_id: position for position, workshop_id in enumerate(ids)}


def _read_kept(conditions: list[ColumnElement[bool]], part: FilterPart) -> frozenset[int]:
    statement = (
        select(Workshop.id)
        .join(Network, Network.id == Workshop.network_id)
        .where(*conditions, part.build())
    )
    return frozenset(db.session.scalars(statement))


def _read_scores(query: text_search.SearchQuery) -> tuple[array, array]:
    hits = text_search.matches(query)
    ids, scores = array("q"), array("d")
    for workshop_id, score in db.session.execute(select(hits.c.workshop_id, hits.c.score)):
        ids.append(workshop_id)
        scores.append(score)
    return ids, scores


def _cached(cache: LRUCache[T], key: str | None, read: Callable[[], T]) -> T:
    return read() if key is None else cache.get_or_build(key, read)


def matching_ids(
    filters: CatalogFilters,
    *,
    now: datetime,
    zones: Collection[str] | None = None,
    version: str | None = None,
) -> list[int] | array:
    """The ids of the published workshops matching `filters`, in the catalog's order.

    `zones` are the networks' time zones (whole-day date filters); `version` is the
    catalog version the caller read for its answer (see the module's docstring).
    """
    minute = int(now.timestamp() // 60)
    dated = bool(filters.date_from or filters.date_to)
    listing = "published" if dated else f"upcoming@{minute}"  # what `_listed_condition` says

    def key(*parts: object) -> str | None:
        return None if version is None else "\x1f".join(map(str, (version, listing, *parts)))

    conditions = _listed_condition(filters, now)
    listed, position = _cached(_listed, key(), lambda: _read_listed(conditions))
    kept_sets = [
        _cached(
            _kept,
            key(part.key, minute if part.changes_with_time else ""),
            lambda part=part: _read_kept(conditions, part),
        )
        for part in filter_parts(filters, now=now, zones=zones, with_words=False)
    ]
    # Work from the smallest set: a search's matches are usually few of the listed. (A
    # part read after a commit the version predates may hold an id not listed: skipped.)
    kept = frozenset.intersection(*sorted(kept_sets, key=len)) if kept_sets else None
    if not filters.query:
        if kept is None:
            return listed
        return sorted((id_ for id_ in kept if id_ in position), key=position.__getitem__)
    terms = [term.alternatives for term in filters.query.terms]
    ids, scores = _cached(
        _scored,
        None if version is None else f"{version}\x1f{minute}\x1f{terms}",
        lambda: _read_scores(filters.query),
    )
    ranked = sorted(
        (score, position[workshop_id], workshop_id)
        for workshop_id, score in zip(ids, scores, strict=True)
        if workshop_id in position and (kept is None or workshop_id in kept)
    )
    return [workshop_id for _score, _position, workshop_id in ranked]
