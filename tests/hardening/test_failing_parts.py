"""A database that is down or stalled (issue 16): /healthz answers 503 within seconds, and
error pages render without the database, with the security headers."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy.exc import OperationalError

from pdportal import database
from pdportal.extensions import db
from tests.conftest import build_app


def test_healthz_is_ok_while_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_healthz_answers_503_within_its_timeout_when_the_database_stalls(app, monkeypatch):
    app.config["HEALTHZ_TIMEOUT_SECONDS"] = 0.5
    released = threading.Event()

    def stalled(engine, answer):
        released.wait(10)  # a server that accepted the connection and never answers
        answer.set_result(True)

    monkeypatch.setattr(database, "_select_one", stalled)
    try:
        started = time.monotonic()
        first = app.test_client().get("/healthz")
        second = app.test_client().get("/healthz")  # waits on the same stuck probe
        elapsed = time.monotonic() - started
    finally:
        released.set()
    assert (first.status_code, second.status_code) == (503, 503)
    assert elapsed < 2.5


@pytest.mark.postgres
def test_healthz_answers_503_quickly_when_postgresql_is_down():
    # Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    app = build_app("postgresql+psycopg://postgres@127.0.0.1:9/none")
    started = time.monotonic()
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert time.monotonic() - started < 6


def test_postgresql_connections_have_connect_and_statement_timeouts():
    app = build_app(
        "postgresql+psycopg://postgres@127.0.0.1:5432/test",
        DATABASE_CONNECT_TIMEOUT=4,
        DATABASE_STATEMENT_TIMEOUT_MS=7000,
    )
    options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
    assert options["connect_args"]["connect_timeout"] == 4
    assert "statement_timeout=7000" in options["connect_args"]["options"]
    assert "lock_timeout=7000" in options["connect_args"]["options"]
    assert options["pool_timeout"] == 4


def _database_down(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise OperationalError("SELECT", {}, Exception("connection refused"))

    monkeypatch.setattr(db.session, "execute", refuse)
    monkeypatch.setattr(db.session, "scalar", refuse)
    monkeypatch.setattr(db.session, "get", refuse)


def test_a_signed_in_user_gets_a_real_error_page_while_the_database_is_down(
    app, client, auth, make_user, monkeypatch
):
    auth.login(make_user())
    db.session.remove()
    app.config["PROPAGATE_EXCEPTIONS"] = False
    _database_down(monkeypatch)
    response = client.get("/me/registrations")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Something went wrong" in page
    assert "Werkzeug" not in page and "Internal Server Error" not in page
    assert "Content-Security-Policy" in response.headers
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_view_that_fails_unexpectedly_ends_in_the_portals_500_page(app, client, monkeypatch):
    from pdportal.services import catalog

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(catalog, "upcoming", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.get_data(as_text=True)
    assert "Content-Security-Policy" in response.headers
