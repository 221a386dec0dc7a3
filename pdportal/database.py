"""Engine set-up: SQLite pragmas and the transaction recipe the seat lock relies on.

Python's sqlite3 driver sends no BEGIN before a SELECT, so a count and the insert
that follows would not share one locked transaction. SQLAlchemy's documented recipe
turns the driver's own transaction handling off and emits BEGIN from the "begin"
event; a transaction started with the `immediate` execution option emits
BEGIN IMMEDIATE and so holds SQLite's write lock from its first statement.
"""

from __future__ import annotations

import threading
import weakref
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from flask import Flask, current_app
from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from pdportal.extensions import db

IMMEDIATE = "pdportal_immediate"
SQLITE_BUSY_TIMEOUT_SECONDS = 30


def is_sqlite(app: Flask) -> bool:
    return app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")


def configure_engine_options(app: Flask) -> None:
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if is_sqlite(app):
        connect_args = dict(options.get("connect_args") or {})
        connect_args.setdefault("timeout", SQLITE_BUSY_TIMEOUT_SECONDS)
        connect_args.setdefault("check_same_thread", False)
        options["connect_args"] = connect_args
    else:
        options.setdefault("pool_pre_ping", True)
        options.setdefault("pool_timeout", app.config["DATABASE_CONNECT_TIMEOUT"])
        connect_args = dict(options.get("connect_args") or {})
        connect_args.setdefault("connect_timeout", app.config["DATABASE_CONNECT_TIMEOUT"])
        statement_ms = app.config["DATABASE_STATEMENT_TIMEOUT_MS"]
        connect_args.setdefault(
            "options", f"-c statement_timeout={statement_ms} -c lock_timeout={statement_ms}"
        )
        options["connect_args"] = connect_args
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def register_engine_events(app: Flask) -> None:
    if not is_sqlite(app):
        return
    with app.app_context():
        engine = db.engine
    _register_sqlite_events(engine)


def _register_sqlite_events(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Connection) -> None:
        if connection.get_execution_options().get(IMMEDIATE):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")


def begin_write_locked_transaction(*, only_read_so_far: bool = False) -> None:
    """End the session's current transaction and start one that may write at once.

    On SQLite the new transaction is BEGIN IMMEDIATE (the database write lock);
    on PostgreSQL it is an ordinary transaction, and the caller locks rows with
    SELECT … FOR UPDATE.

    A caller whose transaction has `only_read_so_far` may keep it on PostgreSQL: under
    READ COMMITTED every statement after the row lock sees the newest committed data
    anyway, and keeping the connection saves a commit, a pool checkout (with its
    pre-ping) and a BEGIN in the hottest path, the registration rush.
    """
    session = db.session()
    unwritten = not (session.new or session.dirty or session.deleted)
    if only_read_so_far and unwritten and session.in_transaction() and not is_sqlite(current_app):
        return
    session.commit()
    db.session.connection(execution_options={IMMEDIATE: True})


_probe_lock = threading.Lock()
_probes: weakref.WeakKeyDictionary[Engine, Future[bool]] = weakref.WeakKeyDictionary()


def _select_one(engine: Engine, answer: Future[bool]) -> None:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError:
        answer.set_result(False)
    else:
        answer.set_result(True)


def is_reachable(timeout: float) -> bool:
    """Whether the database answers SELECT 1 within `timeout` seconds.

    The probe runs in a thread of its own so that a stalled server (which accepts the
    connection but never answers) cannot hold the caller past `timeout`; while one probe
    is still stuck, later calls wait on it rather than starting more.
    """
    engine = db.engine
    with _probe_lock:
        probe = _probes.get(engine)
        if probe is None or probe.done():
            probe = _probes[engine] = Future()
            threading.Thread(target=_select_one, args=(engine, probe), daemon=True).start()
    try:
        return probe.result(timeout=timeout)
    except FutureTimeout:
        return False
