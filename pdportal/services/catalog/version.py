"""The catalog version: a cheap token that changes whenever anything a catalog page shows
may have changed, read on every catalog, API and feed request (the caches key on it).

The latest `updated_at` and the row count of workshops, sessions and registrations
(counts catch deletions); every column read is indexed, so this is one fast query. On
the cached path it is the only statement of a request, so it runs as SQL compiled once
per dialect, below SQLAlchemy's execution layer (its cursor events do not see it):

- on SQLite, on a pooled DBAPI connection (they already run without a transaction, see
  `database.py`);
- on PostgreSQL, on a connection each thread keeps for it in autocommit: no pool
  checkout, no pre-ping and no BEGIN/ROLLBACK, one round trip (0.46 ms -> about 0.3 ms
  a request). A connection that fails is closed and the read tried once more on a new
  one, which is what the pool's pre-ping would have done; one made before a fork is
  left to the parent. Each worker thread holds one more connection for this.
"""

from __future__ import annotations

import atexit
import os
import threading
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.engine import Engine

from pdportal.extensions import db
from pdportal.models import Registration, Workshop, WorkshopSession

_version_sql: dict[str, str] = {}  # dialect name -> the version query's SQL
_own = threading.local()  # this thread's PostgreSQL connection for the version read


def _version_query() -> Select:
    parts = []
    for model in (Workshop, WorkshopSession, Registration):
        parts.append(select(func.max(model.updated_at)).scalar_subquery())
        parts.append(select(func.count()).select_from(model).scalar_subquery())
    return select(*parts)


def catalog_version() -> str:
    """The token (see the module's docstring)."""
    engine = db.engine
    sql = _version_sql.get(engine.dialect.name)
    if sql is None:
        sql = _version_sql[engine.dialect.name] = str(_version_query().compile(engine))
    if engine.dialect.name == "postgresql":
        row = _read_on_own_connection(engine, sql)
    else:
        row = _read_on_pooled_connection(engine, sql)
    return "|".join("" if value is None else str(value) for value in row)


def _read_on_pooled_connection(engine: Engine, sql: str) -> tuple:
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute(sql)
        row = cursor.fetchone()
        cursor.close()
    except BaseException:
        connection.invalidate()  # its state is unknown: never reused
        raise
    finally:
        connection.close()  # back to the pool
    return row


def _read_on_own_connection(engine: Engine, sql: str) -> tuple:
    try:
        return _own_connection(engine).execute(sql).fetchone()
    except engine.dialect.loaded_dbapi.Error:
        _forget_own_connection()
        return _own_connection(engine).execute(sql).fetchone()  # a second failure is raised


def _own_connection(engine: Engine) -> Any:
    """This thread's autocommit DBAPI connection to `engine`'s database, made with the
    engine's own settings (timeouts) and detached from its pool."""
    if getattr(_own, "key", None) != (engine, os.getpid()):
        _forget_own_connection()
    if getattr(_own, "connection", None) is None:
        proxied = engine.raw_connection()
        connection = proxied.driver_connection
        proxied.detach()  # ours now: the pool no longer knows it
        connection.autocommit = True
        _own.connection, _own.key = connection, (engine, os.getpid())
    return _own.connection


def _forget_own_connection() -> None:
    connection, key = getattr(_own, "connection", None), getattr(_own, "key", None)
    _own.connection = _own.key = None
    if connection is not None and key is not None and key[1] == os.getpid():
        connection.close()  # psycopg's close does not fail on a broken connection


atexit.register(_forget_own_connection)  # a sync worker's one thread: closed as it exits
