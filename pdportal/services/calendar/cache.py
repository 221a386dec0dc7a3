"""Rendered calendar feeds, cached in-process (`services.common.cache`) and keyed on the
version of the data they show and on their language.

Why the key is safe with many processes
---------------------------------------
Nothing is ever invalidated: a rendered feed is stored under (what it selects, the version
of the data it was built from), and the version is read from the shared database on every
request with one cheap aggregate query. When any process (web worker, sweeper, admin on
another instance) commits a change, the version every process reads next is different, so
each process misses its own LRU and rebuilds from the database; an entry can only ever be
served for the exact data it was built from, and entries for old versions just fall out of
the bounded LRU. No process has to tell another anything, so the cache is as correct with
twenty gunicorn workers on five machines as with one.

The version is made of:

- for the public feeds (`coarse_version`), whole-table aggregates that an index answers
  in constant time: the number of sessions and of workshops and the newest `updated_at`
  of each. Any edit bumps `updated_at` (the models' `onupdate`), an insert or a delete
  changes a count. Any change anywhere rebuilds every public feed, which is cheap enough;
- for a workshop's or a person's feed, the same aggregates over exactly the rows the feed
  selects (plus the sums of SEQUENCE and of cancellations), and for a person the count
  and newest change of their registrations and facilitator assignments;
- always, a fingerprint of the networks (their name and time zone have no `updated_at`),
  the first day of the 90-day window (it moves at midnight UTC), the feed's language
  (its texts are translated) and `FORMAT_VERSION`.

The ETag is derived from the version, so any instance answers a conditional GET with 304
after that one query, without building (or ever having built) the feed itself. The feed's
bytes are a pure function of the data (DTSTAMP comes from `updated_at`, never the clock),
so two processes building the same version send identical bodies. The one assumption is
that server clocks agree to within the time between two edits (NTP): an edit stamped
earlier than the newest `updated_at` by a clock running behind, that changes no count,
would wait for the next change.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, Integer, Select, cast, distinct, func, select

from pdportal.extensions import db
from pdportal.models import Network, Workshop, WorkshopSession
from pdportal.services.calendar.feeds import FeedSpec
from pdportal.services.common.cache import LRUCache

# Raise when the rendered format changes, so clients holding an old ETag get the new feed.
FORMAT_VERSION = "1"
MAX_ENTRIES = 256
MAX_BYTES = 96 * 1024 * 1024
GZIP_LEVEL = 6


@dataclass(frozen=True)
class FeedVersion:
    etag: str  # weak: the identity and the gzip encodings of one version are equivalent
    last_modified: datetime | None


def _networks_fingerprint() -> ColumnElement[str]:
    label = Network.slug + ":" + Network.time_zone + ":" + Network.name
    return select(func.aggregate_strings(label, "|")).scalar_subquery()


def _selection_aggregates(spec: FeedSpec) -> Select:
    """Counts, newest changes and SEQUENCE / cancellation sums of exactly the feed's rows."""
    return (
        select(
            func.count(WorkshopSession.id),
            func.count(distinct(Workshop.id)),
            func.max(WorkshopSession.updated_at),
            func.max(Workshop.updated_at),
            func.coalesce(func.sum(WorkshopSession.sequence), 0),
            func.coalesce(func.sum(cast(WorkshopSession.is_cancelled, Integer)), 0),
            _networks_fingerprint(),
            *spec.version_extra,
        )
        .select_from(WorkshopSession)
        .join(Workshop, WorkshopSession.workshop_id == Workshop.id)
        .join(Network, Workshop.network_id == Network.id)
        .where(*spec.clauses)
    )


def _table_aggregates(spec: FeedSpec) -> Select:
    """Counts and newest changes of the whole session and workshop tables (index-only)."""

    def scalar(statement: Select) -> ColumnElement:
        return statement.scalar_subquery()

    return select(
        scalar(select(func.count()).select_from(WorkshopSession)),
        scalar(select(func.max(WorkshopSession.updated_at))),
        scalar(select(func.count()).select_from(Workshop)),
        scalar(select(func.max(Workshop.updated_at))),
        _networks_fingerprint(),
        *spec.version_extra,
    )


def feed_version(spec: FeedSpec) -> FeedVersion:
    """The data version of a feed, from one aggregate query."""
    statement = _table_aggregates(spec) if spec.coarse_version else _selection_aggregates(spec)
    row = db.session.execute(statement).one()
    stamps = [value for value in row if isinstance(value, datetime)]
    identity = (FORMAT_VERSION, spec.scope, spec.language, spec.version_values, tuple(row))
    digest = hashlib.sha256(repr(identity).encode()).hexdigest()
    return FeedVersion(
        etag=f'W/"{digest[:32]}"',
        last_modified=max(stamps).replace(microsecond=0) if stamps else None,
    )


@dataclass
class RenderedFeed:
    body: bytes
    gzipped: bytes | None = field(default=None, repr=False)  # made when a client asks

    @property
    def size(self) -> int:
        return len(self.body) + len(self.gzipped or b"")


feed_cache: LRUCache[RenderedFeed] = LRUCache(MAX_ENTRIES, MAX_BYTES, size=lambda entry: entry.size)


class CachedFeed:
    """A feed's version (cheap, known at once) and its bytes (built only when asked for)."""

    def __init__(self, spec: FeedSpec, version: FeedVersion, build: Callable[[], bytes]) -> None:
        self.scope = spec.scope
        self.language = spec.language
        self.version = version
        self._build = build
        # The ETag covers the language too; it is named here so the key reads as what it is.
        self._key = f"{spec.scope}|{spec.language}|{version.etag}"

    @property
    def etag(self) -> str:
        return self.version.etag

    @property
    def last_modified(self) -> datetime | None:
        return self.version.last_modified

    def _rendered(self) -> RenderedFeed:
        return feed_cache.get_or_build(self._key, lambda: RenderedFeed(self._build()))

    def body(self) -> bytes:
        return self._rendered().body

    def gzipped(self) -> bytes:
        entry = self._rendered()
        if entry.gzipped is None:
            entry.gzipped = gzip.compress(entry.body, compresslevel=GZIP_LEVEL, mtime=0)
            feed_cache.resized(self._key)
        return entry.gzipped
