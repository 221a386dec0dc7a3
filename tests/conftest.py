"""Shared fixtures: app, clean database per test, factories, log-in helper, PostgreSQL.

Factories return callables (as Indico's do) so each test builds only what it needs.
The PostgreSQL fixtures create a database of their own per test run, so several runs
(or developers) never share one; under CI=true a missing server fails, never skips.
"""

from __future__ import annotations

import itertools
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
import pytest
from flask import Flask, g, has_app_context
from flask.testing import FlaskClient
from sqlalchemy import event, select
from werkzeug.security import generate_password_hash

from pdportal import create_app
from pdportal.extensions import db as _db
from pdportal.models import (
    Attendance,
    AttendanceStatus,
    Network,
    NetworkAdmin,
    OutboxMessage,
    Registration,
    RegistrationStatus,
    User,
    Workshop,
    WorkshopFacilitator,
    WorkshopSession,
    WorkshopStatus,
)
from pdportal.services import accounts, registration
from pdportal.services.certificates import affidavits, evaluations
from pdportal.services.workshops import approval
from tests.clock_hours import RATINGS, approve_as_it_ran

pytest_plugins = ["tests.browser"]  # Chromium, the live server and axe, for every area

IN_CI = os.environ.get("CI", "").lower() == "true"
PG_ADMIN_DSN = os.environ.get("TEST_PG_DSN", "postgresql://postgres@127.0.0.1:5432/test")
TEST_PASSWORD = "correct horse battery"
_counter = itertools.count(1)


def _unique(prefix: str) -> str:
    return f"{prefix}{next(_counter)}"


class PortalTestClient(FlaskClient):
    """A test client whose every request starts with an empty `g`.

    Tests hold an app context open (to use the session directly); Flask then reuses it
    for requests, and `g` (where Flask-Login caches the current user) would leak from
    one request to the next, which never happens in a real server.
    """

    def open(self, *args: Any, **kwargs: Any):
        if has_app_context():
            vars(g._get_current_object()).clear()
        return super().open(*args, **kwargs)


def build_app(database_url: str, **overrides: Any) -> Flask:
    os.environ.setdefault("PDPORTAL_ENV", "testing")
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, **overrides})
    app.test_client_class = PortalTestClient
    return app


def reset_tables(app: Flask) -> None:
    with app.app_context():
        _db.session.remove()
        with _db.engine.begin() as connection:
            for table in reversed(_db.metadata.sorted_tables):
                connection.execute(table.delete())


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@contextmanager
def _schema_app(database_url: str) -> Iterator[Flask]:
    """An app on `database_url` with the tables created, disposed of afterwards."""
    app = build_app(database_url)
    with app.app_context():
        _db.create_all()
    yield app
    with app.app_context():
        _db.engine.dispose()


@contextmanager
def clean_context(app: Flask) -> Iterator[Flask]:
    """Empty tables and an app context held open for one test."""
    reset_tables(app)
    with app.app_context():
        yield app
        _db.session.remove()


@pytest.fixture(scope="session")
def _session_app(sqlite_url: str) -> Iterator[Flask]:
    with _schema_app(sqlite_url) as app:
        yield app


@pytest.fixture
def app(_session_app: Flask) -> Iterator[Flask]:
    with clean_context(_session_app) as app:
        yield app


@pytest.fixture
def db(app: Flask):
    return _db


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@contextmanager
def recorded_statements() -> Iterator[list[str]]:
    """`with recorded_statements() as statements:` the SQL run inside the block, in order."""
    statements: list[str] = []

    def record(_conn, _cursor, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(_db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(_db.engine, "before_cursor_execute", record)


@pytest.fixture
def past_workshop(make_workshop: Callable[..., Workshop]) -> Callable[..., Workshop]:
    """A workshop whose sessions (default two of three hours) ended last week."""

    def make(**fields: Any) -> Workshop:
        sessions = fields.pop("sessions", 2)
        start = datetime.now(UTC).replace(hour=16, minute=0, second=0, microsecond=0)
        start -= timedelta(days=7 * sessions + 7)
        return make_workshop(starts_at=start, sessions=sessions, **fields)

    return make


@pytest.fixture
def enrol(app) -> Callable[..., Registration]:
    def make(user: User, workshop: Workshop, status=RegistrationStatus.CONFIRMED) -> Registration:
        registration = Registration(user_id=user.id, workshop_id=workshop.id, status=status)
        _db.session.add(registration)
        _db.session.commit()
        return registration

    return make


@pytest.fixture
def mark(app) -> Callable[..., None]:
    """Record attendance directly (the attendance service is tested on its own)."""

    def make(
        registration: Registration,
        workshop: Workshop,
        statuses: list[AttendanceStatus | tuple[AttendanceStatus, int]],
    ) -> None:
        for session, entry in zip(workshop.sessions, statuses, strict=False):
            status, minutes = entry if isinstance(entry, tuple) else (entry, None)
            if minutes is None:
                minutes = session.duration_minutes if status.counts_as_attendance else 0
            _db.session.add(
                Attendance(
                    registration_id=registration.id,
                    session_id=session.id,
                    status=status,
                    minutes_attended=minutes,
                )
            )
        _db.session.commit()

    return make


# --- PostgreSQL ---------------------------------------------------------------


def _pg_available() -> bool:
    try:
        with psycopg.connect(PG_ADMIN_DSN, connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


@contextmanager
def _temporary_pg_database(prefix: str) -> Iterator[str]:
    """Create an empty PostgreSQL database, yield its URL, drop it afterwards."""
    if not _pg_available():
        if IN_CI:
            pytest.fail(f"PostgreSQL is required under CI=true; not reachable: {PG_ADMIN_DSN}")
        pytest.skip("PostgreSQL is not reachable (these tests run under CI=true)")
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A PostgreSQL database for this test run (its schema built by `pg_app`)."""
    with _temporary_pg_database("pdportal_test") as url:
        yield url


@pytest.fixture
def empty_pg_url() -> Iterator[str]:
    """A brand-new, empty PostgreSQL database for one test (e.g. to run migrations)."""
    with _temporary_pg_database("pdportal_empty") as url:
        yield url


@pytest.fixture(scope="session")
def _pg_session_app(pg_url: str) -> Iterator[Flask]:
    with _schema_app(pg_url) as app:
        yield app


@pytest.fixture
def pg_app(_pg_session_app: Flask) -> Iterator[Flask]:
    """Like `app`, on PostgreSQL. Mark such tests `@pytest.mark.postgres`."""
    with clean_context(_pg_session_app) as app:
        yield app


# --- factories ----------------------------------------------------------------


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    def make(
        email: str | None = None,
        name: str = "Ada Educator",
        password: str = TEST_PASSWORD,
        *,
        is_site_admin: bool = False,
        verified: bool = True,
        admin_of: Network | None = None,
        **fields: Any,
    ) -> User:
        user = User(
            email=(email or f"{_unique('educator')}@example.org").lower(),
            name=name,
            password_hash=generate_password_hash(
                password, method=app.config["PASSWORD_HASH_METHOD"]
            ),
            is_site_admin=is_site_admin,
            email_verified_at=datetime.now(UTC) if verified else None,
            **fields,
        )
        _db.session.add(user)
        _db.session.flush()
        if admin_of is not None:
            _db.session.add(NetworkAdmin(network_id=admin_of.id, user_id=user.id))
        _db.session.commit()
        return user

    return make


@pytest.fixture
def make_network(app: Flask) -> Callable[..., Network]:
    def make(
        name: str | None = None, time_zone: str = "America/Los_Angeles", **fields: Any
    ) -> Network:
        slug = _unique("network-")
        network = Network(
            name=name or f"Network {slug}",
            slug=fields.pop("slug", slug),
            backbone_organisation=fields.pop("backbone_organisation", "Puget Sound ESD"),
            time_zone=time_zone,
            **fields,
        )
        _db.session.add(network)
        _db.session.commit()
        return network

    return make


@pytest.fixture
def make_workshop(app: Flask, make_network: Callable[..., Network]) -> Callable[..., Workshop]:
    """A published workshop with `sessions` meetings of `session_hours` each, a week apart.

    `starts_at` defaults to 14 days from now at 16:00 UTC.
    """

    def make(
        title: str | None = None,
        *,
        network: Network | None = None,
        capacity: int = 20,
        price_cents: int = 0,
        status: WorkshopStatus = WorkshopStatus.PUBLISHED,
        starts_at: datetime | None = None,
        sessions: int = 1,
        session_hours: float = 3,
        facilitators: list[User] = (),
        **fields: Any,
    ) -> Workshop:
        network = network or make_network()
        title = title or _unique("Modeling with Mathematics ")
        first = starts_at or (datetime.now(UTC) + timedelta(days=14)).replace(
            hour=16, minute=0, second=0, microsecond=0
        )
        workshop = Workshop(
            network=network,
            slug=fields.pop("slug", _unique("workshop-")),
            title=title,
            summary=fields.pop("summary", "Hands-on strategies for STEM classrooms."),
            capacity=capacity,
            price_cents=price_cents,
            status=status,
            credit_hours=fields.pop("credit_hours", Decimal(str(sessions * session_hours))),
            **fields,
        )
        for index in range(sessions):
            start = first + timedelta(days=7 * index)
            workshop.sessions.append(
                WorkshopSession(starts_at=start, ends_at=start + timedelta(hours=session_hours))
            )
        workshop.starts_at = workshop.sessions[0].starts_at
        workshop.ends_at = workshop.sessions[-1].ends_at
        _db.session.add(workshop)
        _db.session.flush()
        for facilitator in facilitators:
            _db.session.add(WorkshopFacilitator(workshop_id=workshop.id, user_id=facilitator.id))
        _db.session.commit()
        return workshop

    return make


class AuthActions:
    """Log a test client in as a user, as flaskr's `auth` fixture does."""

    def __init__(self, client: FlaskClient) -> None:
        self._client = client

    def login(self, user: User) -> None:
        with self._client.session_transaction() as session:
            session["_user_id"] = accounts.start_session(user).token
            session["_fresh"] = True

    def logout(self) -> None:
        with self._client.session_transaction() as session:
            session.clear()


@pytest.fixture
def clock_hours_ready(app) -> Callable[..., None]:
    """What Washington clock hours need besides attendance: the offering's approval, the
    educator's evaluation and their affidavit (for `hours`, else all they earned)."""

    def make(workshop: Workshop, user: User, hours: Decimal | None = None) -> None:
        if approval.state(workshop) != approval.ApprovalState.APPROVED:
            approve_as_it_ran(workshop)
        evaluations.submit(workshop, user, RATINGS, "")
        claim = affidavits.claim(workshop, user)
        affidavits.affirm(workshop, user, claim.earned_hours if hours is None else hours)

    return make


@pytest.fixture
def outbox(app: Flask) -> Callable[..., list[OutboxMessage]]:
    """Queued emails, oldest first, optionally only those to one address, written as the
    mail worker writes them before it sends (the seat decision queues its email as facts)."""

    def messages(to_email: str | None = None) -> list[OutboxMessage]:
        registration.write_seat_emails()
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if to_email:
            query = query.where(OutboxMessage.to_email == to_email)
        return list(_db.session.scalars(query))

    return messages


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def project_root() -> Path:
    return Path(__file__).resolve().parent.parent
