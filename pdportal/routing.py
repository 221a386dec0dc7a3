"""URL converters: an `<int:…>` segment is a database id, so it is bounded like one.

Without a bound, /sessions/99999999999999999999 reaches the database and fails there
(SQLite overflows past 2**63, PostgreSQL's integer columns past 2**31 - 1) with a 500;
with it, the URL simply does not match and the visitor gets a 404.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlsplit

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

MAX_ID = 2**31 - 1  # PostgreSQL's integer, the type of every primary key here


class DatabaseIdConverter(IntegerConverter):
    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


def register_converters(app: Flask) -> None:
    """Call before any blueprint adds its routes (rules bind their converters then)."""
    app.url_map.converters["int"] = DatabaseIdConverter


MAX_NEXT_LENGTH = 1000  # a page of this site; it also travels inside emailed links


def _is_local_path(target: str) -> bool:
    if not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    parts = urlsplit(target)
    return not (parts.scheme or parts.netloc or any(ord(char) < 32 for char in target))


def safe_next(target: str | None) -> str | None:
    """`target` if it is a path on this site, else None (no open redirect).

    Its percent-decoded forms must be local paths too: a proxy or a second redirect
    that decodes "/%2F%2Fevil.example" once or twice must not find another host.
    """
    if not target or len(target) > MAX_NEXT_LENGTH:
        return None
    decoded = target
    for _ in range(3):
        if not _is_local_path(decoded):
            return None
        decoded = unquote(decoded)
    return target if _is_local_path(decoded) else None
