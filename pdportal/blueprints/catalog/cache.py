"""The catalog's rendered-page cache and conditional GETs (ETag → 304), for the catalog
pages and the JSON API.

A catalog response depends only on (a) the catalog data, (b) the query string, (c) the
clock (a hold expires, a workshop ends) and (d) the language it is written in. The cache
key carries all four: the catalog version (`services.catalog.catalog_version()`: the
latest `updated_at` and the row count of workshops, sessions and registrations, read from
the database on every request), the normalised query string, the current minute and the
request's language. So an entry can never be served for data, or to a reader, it was not
rendered for: any gunicorn worker computes the same key for the same data and language,
and a worker whose cache is cold or stale simply renders again (see
`services.common.cache`). The ETag is a hash of the same key, so a browser or proxy
revalidating after any change gets a fresh page, otherwise 304; the answers vary on
Accept-Language and Cookie (where a chosen language lives). Changes that bump no
`updated_at` (a network renamed) show within a minute.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from urllib.parse import urlencode

from flask import Response, request

from pdportal.i18n import current_language
from pdportal.services.catalog import catalog_version
from pdportal.services.common.cache import LRUCache, digest

MAX_ENTRIES = 512
MAX_CARDS = 4096
MAX_LAYOUTS = 16
PUBLIC_CACHE_CONTROL = "public, max-age=0, must-revalidate"

Rendered = tuple[bytes, int]  # body, HTTP status
Renderer = Callable[[], str | bytes | tuple[str | bytes, int]]

rendered: LRUCache[Rendered] = LRUCache(MAX_ENTRIES)
# One result card's HTML, keyed like a page (language, data, minute) plus the workshop:
# a search never asked before is still mostly cards already rendered for other searches.
cards: LRUCache[str] = LRUCache(MAX_CARDS)
# A page's layout around its content, by page and scope (see `views._shared_page`).
layouts: LRUCache[tuple[str, str, str]] = LRUCache(MAX_LAYOUTS)


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
    """Everything that shapes a catalog answer: what it is, its language, the data, the
    minute and the query."""
    minute = int(time.time() // 60)
    return f"{kind}\x1f{current_language()}\x1f{catalog_version()}\x1f{minute}\x1f{query}"


def scope_of(page_key: str) -> str:
    """What a page keyed `page_key` was built for but its query: its language, data and
    minute (the middle three parts of a `cache_key`). Parts of it are kept by scope."""
    return "\x1f".join(page_key.split("\x1f", 4)[1:4])


def card_key(page_key: str, workshop_id: int) -> str:
    """The key of a card shown on the page keyed `page_key`: its scope and the workshop."""
    return f"card\x1f{scope_of(page_key)}\x1f{workshop_id}"


def version_of(key: str) -> str:
    """The catalog version a `cache_key` was made with (what its answer is built from)."""
    return key.split("\x1f", 4)[2]


def etag_for(key: str) -> str:
    return digest(key, size=12)


def cached(key: str, render: Renderer) -> Rendered:
    """The rendered body and status for `key`, rendering (and remembering) it on a miss."""

    def build() -> Rendered:
        value = render()
        body, status = value if isinstance(value, tuple) else (value, 200)
        return (body.encode() if isinstance(body, str) else body, status)

    return rendered.get_or_build(key, build)


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
    response.vary.update(("Accept-Language", "Cookie"))
    response.content_language.add(current_language())
    if response.status_code not in (200, 304):
        return response
    response.set_etag(etag)
    response.headers["Cache-Control"] = PUBLIC_CACHE_CONTROL
    return response
