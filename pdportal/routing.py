"""URL converters: an `<int:…>` segment is a database id, so it is bounded like one.

Without a bound, /sessions/99999999999999999999 reaches the database and fails there
(SQLite overflows past 2**63, PostgreSQL's integer columns past 2**31 - 1) with a 500;
with it, the URL simply does not match and the visitor gets a 404.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

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


def safe_next(target: str | None) -> str | None:
    """`target` if it is a path on this site, else None (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(char) < 32 for char in target):
        return None
    return target
