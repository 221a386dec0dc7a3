"""URL converters: an `<int:…>` segment is a database id, so it is bounded like one.

Without a bound, /sessions/99999999999999999999 reaches the database and fails there
(SQLite overflows past 2**63, PostgreSQL's integer columns past 2**31 - 1) with a 500;
with it, the URL simply does not match and the visitor gets a 404.
"""

from __future__ import annotations

from typing import Any

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
