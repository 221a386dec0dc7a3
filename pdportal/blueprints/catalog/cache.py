"""Rendered-catalog cache and conditional GETs (ETag → 304).

A catalog response depends only on (a) the catalog data, (b) the query string and
(c) the clock (a hold expires, a workshop ends). The cache key carries all three:
the catalog version (`services.catalog.catalog_version()`: the latest `updated_at` and
the row count of workshops, sessions and registrations, read from the database on
every request), the normalised query string, and the current minute. So an entry can
never be served for data it was not rendered from: any gunicorn worker, on any
machine, computes the same key for the same data, and a worker whose cache is cold
or stale simply renders again. The in-process LRU is bounded, needs no invalidation
(a changed version is a different key; old keys fall out), and is not shared; sharing
is not needed for correctness, only for hit rate. The ETag is a hash of the same key,
so a browser or proxy revalidating after any change gets a fresh page, otherwise 304.
Changes that bump no `updated_at` (a network renamed) show within a minute.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from urllib.parse import urlencode

from flask import Response, request

from pdportal.services.catalog.listing import catalog_version

MAX_ENTRIES = 512
PUBLIC_CACHE_CONTROL = "public, max-age=0, must-revalidate"

Rendered = tuple[bytes, int]  # body, HTTP status
Renderer = Callable[[], str | bytes | tuple[str | bytes, int]]


class LRUCache:
    """A small thread-safe least-recently-used map with a fixed number of entries."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._entries: OrderedDict[str, Rendered] = OrderedDict()
        self._max = max_entries
        self._lock = threading.Lock()

    def get(self, key: str) -> Rendered | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def set(self, key: str, value: Rendered) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


rendered = LRUCache()


def normalised_query(known: Iterable[str]) -> str:
    """The request's known query parameters, sorted (unknown ones cannot change the page)."""
    names = set(known)
    pairs = sorted((name, value) for name, value in request.args.items(multi=True) if name in names)
    return urlencode(pairs)


def valid_until() -> datetime:
    """When an entry keyed in this minute stops being served: the end of the minute.

    Cards judge "registration open?" as of this moment, so a cached card says
    "Registration closed" from the start of the minute in which registration closes,
    never a moment after it (time passing changes nothing the catalog version sees).
    """
    return datetime.fromtimestamp((int(time.time() // 60) + 1) * 60, UTC)


def cache_key(kind: str, query: str) -> str:
    minute = int(time.time() // 60)
    return f"{kind}\x1f{catalog_version()}\x1f{minute}\x1f{query}"


def etag_for(key: str) -> str:
    return hashlib.blake2b(key.encode(), digest_size=12).hexdigest()


def cached(key: str, render: Renderer) -> Rendered:
    """The rendered body and status for `key`, rendering (and remembering) it on a miss."""
    entry = rendered.get(key)
    if entry is None:
        value = render()
        body, status = value if isinstance(value, tuple) else (value, 200)
        entry = (body.encode() if isinstance(body, str) else body, status)
        rendered.set(key, entry)
    return entry


def conditional_response(key: str, render: Renderer, mimetype: str) -> Response:
    """A public, revalidated response: 304 if the client holds this key's ETag.

    Only successful answers carry an ETag; an error answer (a 400 for bad filters) is
    cached in-process all the same, since it too depends only on the key.
    """
    etag = etag_for(key)
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        body, status = cached(key, render)
        response = Response(body, status=status, mimetype=mimetype)
        if status != 200:
            return response
    response.set_etag(etag)
    response.headers["Cache-Control"] = PUBLIC_CACHE_CONTROL
    return response
