"""Rendered calendar feeds, cached in-process and keyed on the version of the data they show.

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
  the first day of the 90-day window (it moves at midnight UTC), and `FORMAT_VERSION`.

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
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, Integer, Select, cast, distinct, func, select

from pdportal.extensions import db
from pdportal.models import Network, Workshop, WorkshopSession
from pdportal.services.calendar.feeds import FeedSpec

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
    identity = (FORMAT_VERSION, spec.scope, spec.version_values, tuple(row))
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


class FeedCache:
    """A bounded, thread-safe LRU of rendered feeds (by entries and by bytes)."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, RenderedFeed] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> RenderedFeed | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: RenderedFeed) -> None:
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            self._trim()

    def resized(self) -> None:
        """An entry grew (its gzip was added): evict if the byte budget is exceeded."""
        with self._lock:
            self._trim()

    def _trim(self) -> None:
        total = sum(entry.size for entry in self._entries.values())
        while self._entries and (len(self._entries) > self.max_entries or total > self.max_bytes):
            _key, oldest = self._entries.popitem(last=False)
            total -= oldest.size

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


feed_cache = FeedCache()


class CachedFeed:
    """A feed's version (cheap, known at once) and its bytes (built only when asked for)."""

    def __init__(self, scope: str, version: FeedVersion, build: Callable[[], bytes]) -> None:
        self.scope = scope
        self.version = version
        self._build = build
        self._key = f"{scope}|{version.etag}"

    @property
    def etag(self) -> str:
        return self.version.etag

    @property
    def last_modified(self) -> datetime | None:
        return self.version.last_modified

    def _rendered(self) -> RenderedFeed:
        entry = feed_cache.get(self._key)
        if entry is None:
            entry = RenderedFeed(self._build())
            feed_cache.put(self._key, entry)
        return entry

    def body(self) -> bytes:
        return self._rendered().body

    def gzipped(self) -> bytes:
        entry = self._rendered()
        if entry.gzipped is None:
            entry.gzipped = gzip.compress(entry.body, compresslevel=GZIP_LEVEL, mtime=0)
            feed_cache.resized()
        return entry.gzipped
