"""The "Back to all workshops" link: the filtered list the visitor came from.

The list's address is read from the Referer a browser sends when a result is followed
(same-site requests carry the full address under our Referrer-Policy) and remembered in
the session, so it survives logging in or signing up on the way. Only the list's own
filter parameters are kept, re-encoded: nothing from another site and no other path can
get into the link.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

from flask import request, session, url_for

from pdportal.services import catalog

LIST_QUERY = "catalog_list_query"  # session key: the list's query string, "" for none
LIST_PARAMS = (*catalog.FILTER_PARAMS, "page")
MAX_VALUE_LENGTH = 200


def list_url() -> str:
    """The workshop list to go back to, with the filters the visitor had set."""
    query = _list_query_of(request.referrer)
    if query is None:
        query = session.get(LIST_QUERY, "")
        query = query if isinstance(query, str) else ""
    elif session.get(LIST_QUERY) != query:
        session[LIST_QUERY] = query
    base = url_for("catalog.workshops")
    return f"{base}?{query}" if query else base


def _list_query_of(referrer: str | None) -> str | None:
    """The filters of a same-site workshop-list address, re-encoded; None for any other."""
    if not referrer:
        return None
    try:
        parts, own = urlsplit(referrer), urlsplit(request.host_url)
    except ValueError:  # e.g. "http://[::1" (a broken IPv6 host)
        return None
    if (parts.scheme, parts.netloc, parts.path) != (
        own.scheme,
        own.netloc,
        url_for("catalog.workshops"),
    ):
        return None
    kept = [
        (name, value)
        for name, value in parse_qsl(parts.query)
        if name in LIST_PARAMS
        and value
        and len(value) <= MAX_VALUE_LENGTH
        and not any(ord(char) < 32 for char in value)
    ]
    return urlencode(kept)
