"""What to try when nothing matches: the nearest searches that do find workshops (the
same search without one of its words, on any date, or without one filter), each with
how many it finds."""

from __future__ import annotations

import enum
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import datetime

from pdportal.orm import utcnow
from pdportal.services.catalog.filters import CatalogFilters
from pdportal.services.catalog.listing import count_matching

MAX_ALTERNATIVES = 4
# Filters that can be dropped, as (field, value meaning "not filtered").
_DROPPABLE = (
    ("topic", ""), ("network", ""), ("county", ""), ("grade", ""), ("format", ""),
    ("online", False), ("free", False), ("available", False),
)  # fmt: skip


class Widening(enum.StrEnum):
    DROP_WORD = "drop_word"  # `detail`: the word (or phrase) left out
    ANY_DATE = "any_date"
    DROP_FILTER = "drop_filter"  # `detail`: the filter's field ("county", "free"…)


@dataclass(frozen=True)
class Alternative:
    widening: Widening
    detail: str
    filters: CatalogFilters
    total: int


def _candidates(filters: CatalogFilters) -> list[tuple[Widening, str, CatalogFilters]]:
    candidates = []
    terms = filters.query.terms
    for index, term in enumerate(terms):
        if len(terms) > 1 or filters.query_args().keys() - {"q"}:
            candidates.append(
                (Widening.DROP_WORD, term.typed, replace(filters, q=filters.query.without(index)))
            )
    if filters.date_from or filters.date_to:
        candidates.append((Widening.ANY_DATE, "", replace(filters, date_from=None, date_to=None)))
    for field, unset in _DROPPABLE:
        if getattr(filters, field) != unset:
            candidates.append((Widening.DROP_FILTER, field, replace(filters, **{field: unset})))
    return candidates


def alternatives(
    filters: CatalogFilters,
    *,
    zones: Collection[str] | None = None,
    now: datetime | None = None,
    version: str | None = None,
) -> list[Alternative]:
    """The nearest searches that find something, most results first (a count each;
    `version` as for `search`)."""
    now = now or utcnow()
    found = []
    for widening, detail, wider in _candidates(filters):
        total = count_matching(wider, zones=zones, now=now, version=version)
        if total:
            found.append(Alternative(widening, detail, wider, total))
    found.sort(key=lambda alternative: -alternative.total)
    return found[:MAX_ALTERNATIVES]
