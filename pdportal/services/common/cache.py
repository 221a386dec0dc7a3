"""The one in-process cache of rendered answers (catalog pages, API answers, calendar feeds).

Nothing in it is ever invalidated. Callers key an entry on everything that shapes the
answer: the version of the data it was built from (read from the shared database on
every request), the query, the language, the minute when time matters. A changed input
is a different key, so an entry can only be served for exactly what it was built from,
and entries for old versions fall out of the bounded LRU. No process has to tell another
anything: the cache is as correct with twenty gunicorn workers on five machines as with
one; sharing it would only raise the hit rate.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

V = TypeVar("V")


def digest(key: str, size: int = 16) -> str:
    """A short stable hash of a cache key (ETags are made from it)."""
    return hashlib.blake2b(key.encode(), digest_size=size).hexdigest()


def _no_size(_value: object) -> int:
    return 0


class LRUCache(Generic[V]):
    """A thread-safe least-recently-used map, bounded by entries and optionally by bytes.

    `size` tells the bytes of a value (needed only with `max_bytes`); a value that grows
    in place (say its gzip is added) is re-measured by `resized(key)`.
    """

    def __init__(
        self,
        max_entries: int,
        max_bytes: int | None = None,
        size: Callable[[V], int] = _no_size,
    ) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._size = size
        self._entries: OrderedDict[str, V] = OrderedDict()
        self._sizes: dict[str, int] = {}
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> V | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: str, value: V) -> None:
        with self._lock:
            self._bytes -= self._sizes.pop(key, 0)
            self._entries[key] = value
            self._entries.move_to_end(key)
            self._sizes[key] = self._size(value)
            self._bytes += self._sizes[key]
            self._trim()

    def get_or_build(self, key: str, build: Callable[[], V]) -> V:
        """The value under `key`, building (and keeping) it on a miss.

        Two requests missing at once may both build; they build the same thing.
        """
        value = self.get(key)
        if value is None:
            value = build()
            self.put(key, value)
        return value

    def resized(self, key: str) -> None:
        """The value under `key` changed size: measure it again, evict if over budget."""
        with self._lock:
            value = self._entries.get(key)
            if value is None:
                return
            self._bytes += self._size(value) - self._sizes[key]
            self._sizes[key] = self._size(value)
            self._trim()

    def _trim(self) -> None:
        over_bytes = self.max_bytes is not None
        while self._entries and (
            len(self._entries) > self.max_entries or (over_bytes and self._bytes > self.max_bytes)
        ):
            oldest, _value = self._entries.popitem(last=False)
            self._bytes -= self._sizes.pop(oldest)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._sizes.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._entries)
