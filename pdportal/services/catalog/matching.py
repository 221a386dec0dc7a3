"""Which published workshops match a search, in the catalog's order: the best match of
the search box's words first (when it holds any), then the soonest first session.

The database answers two questions: which workshops the filters keep (everything but
the words: `filter_conditions`, the one implementation the API and the feed share), in
order of first session; and which workshops match the words, with their scores (the
full-text engine, `services.search`). The search combines the two answers in memory: it
keeps the filtered workshops the words matched and orders them by score.

Given a catalog version (`catalog_version()`, as the caller read it for its answer),
each answer is kept for that version and minute, like the rendered pages: a search is
mostly a new combination of words and filters asked before, and then costs no SQL at
all; words or filters never asked before cost one statement each. Without a version,
both are read afresh.
"""

from __future__ import annotations

from array import array
from collections.abc import Collection
from dataclasses import replace
from datetime import datetime
from urllib.parse import urlencode

from sqlalchemy import select
from sqlalchemy.sql.elements import ColumnElement

from pdportal.extensions import db
from pdportal.models import Network, Workshop, WorkshopStatus
from pdportal.services import search as text_search
from pdportal.services.catalog.filters import CatalogFilters, filter_conditions
from pdportal.services.common.cache import LRUCache

MAX_FILTER_ANSWERS = 512
MAX_WORD_ANSWERS = 256

# Ids as compact arrays: 8 bytes an id, where a tuple of ints takes about 36.
_kept: LRUCache[array] = LRUCache(MAX_FILTER_ANSWERS)
_scored: LRUCache[tuple[array, array]] = LRUCache(MAX_WORD_ANSWERS)


def _conditions(
    filters: CatalogFilters, now: datetime, zones: Collection[str] | None
) -> list[ColumnElement[bool]]:
    """Published workshops matching `filters` but for the search box's words; without
    dates, upcoming ones only (their last session has not ended)."""
    conditions = [Workshop.status == WorkshopStatus.PUBLISHED]
    if not (filters.date_from or filters.date_to):
        conditions.append(Workshop.ends_at > now)
    return [*conditions, *filter_conditions(filters, now=now, zones=zones, with_words=False)]


def _read_kept(filters: CatalogFilters, now: datetime, zones: Collection[str] | None) -> array:
    statement = (
        select(Workshop.id)
        .join(Network, Network.id == Workshop.network_id)
        .where(*_conditions(filters, now, zones))
        .order_by(Workshop.starts_at, Workshop.id)
    )
    return array("q", db.session.scalars(statement))


def _read_scores(query: text_search.SearchQuery) -> tuple[array, array]:
    hits = text_search.matches(query)
    ids, scores = array("q"), array("d")
    for workshop_id, score in db.session.execute(select(hits.c.workshop_id, hits.c.score)):
        ids.append(workshop_id)
        scores.append(score)
    return ids, scores


def _cached(cache: LRUCache, key: str | None, read):
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
    scope = None if version is None else f"{version}\x1f{int(now.timestamp() // 60)}"
    unworded = replace(filters, q="")
    zones_read = "?" if zones is None else ",".join(sorted(zones))  # "?": read when needed
    kept = _cached(
        _kept,
        scope and f"{scope}\x1f{zones_read}\x1f{urlencode(unworded.query_args())}",
        lambda: _read_kept(unworded, now, zones),
    )
    if not filters.query:
        return kept
    terms = [term.alternatives for term in filters.query.terms]
    ids, scores = _cached(
        _scored, scope and f"{scope}\x1f{terms}", lambda: _read_scores(filters.query)
    )
    score_of = dict(zip(ids, scores, strict=True))
    ranked = sorted(
        (score_of[workshop_id], position, workshop_id)
        for position, workshop_id in enumerate(kept)
        if workshop_id in score_of
    )
    return [workshop_id for _score, _position, workshop_id in ranked]
