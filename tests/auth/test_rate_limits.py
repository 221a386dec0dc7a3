"""Log-in and reset are rate-limited per IP, in memory or shared through Redis."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest
import redis
from flask import Flask

from pdportal.extensions import db
from tests.conftest import TEST_PASSWORD, build_app

REDIS_DB = 14  # a database of its own, flushed after the test
REDIS_URL = f"redis://127.0.0.1:6379/{REDIS_DB}"


@pytest.fixture
def limited_app(app: Flask, sqlite_url: str, restore_limiter) -> Iterator[Callable[..., Flask]]:
    """Build apps with rate limits on (3 log-ins, 2 resets a minute) on the test database."""
    built: list[Flask] = []

    def build(storage_uri: str = "memory://", **limits: str) -> Flask:
        limits = {"LOGIN_RATE_LIMIT": "3 per minute", "RESET_RATE_LIMIT": "2 per minute"} | limits
        limited = build_app(
            sqlite_url, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=storage_uri, **limits
        )
        built.append(limited)
        return limited

    yield build
    for limited in built:
        with limited.app_context():
            db.engine.dispose()


def _bad_login(client):
    return client.post("/auth/login", data={"email": "x@example.org", "password": "wrong pass"})


def test_too_many_log_in_attempts_get_the_429_page(limited_app):
    client = limited_app().test_client()
    assert [_bad_login(client).status_code for _ in range(3)] == [200, 200, 200]
    blocked = _bad_login(client)
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.get_data(as_text=True)
    assert client.get("/auth/login").status_code == 200  # reading the form is not limited


def test_limits_are_per_ip_address(limited_app):
    client = limited_app().test_client()
    for _ in range(3):
        _bad_login(client)
    assert _bad_login(client).status_code == 429
    elsewhere = client.post(
        "/auth/login",
        data={"email": "x@example.org", "password": "wrong pass"},
        environ_base={"REMOTE_ADDR": "10.1.2.3"},
    )
    assert elsewhere.status_code == 200


def test_guessing_at_one_account_is_limited_from_any_address(limited_app):
    client = limited_app(LOGIN_RATE_LIMIT="100 per minute", LOGIN_ACCOUNT_RATE_LIMIT="3 per minute")
    addresses = ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"]
    statuses = [
        client.test_client()
        .post(
            "/auth/login",
            data={"email": "Target@Example.org", "password": "wrong pass"},
            environ_base={"REMOTE_ADDR": address},
        )
        .status_code
        for address in addresses
    ]
    assert statuses == [200, 200, 200, 429]
    other_account = client.test_client().post(
        "/auth/login", data={"email": "someone@example.org", "password": "wrong pass"}
    )
    assert other_account.status_code == 200  # a classmate at the same school still logs in


def test_sign_ups_to_one_address_are_limited(limited_app):
    client = limited_app(SIGNUP_ACCOUNT_RATE_LIMIT="2 per hour").test_client()
    form = {"name": "Sam", "email": "victim@example.org", "password": "a long passphrase 9"}
    statuses = [client.post("/auth/signup", data=form).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]


def test_too_many_reset_requests_get_the_429_page(limited_app):
    client = limited_app().test_client()
    statuses = [
        client.post("/auth/reset", data={"email": "x@example.org"}).status_code for _ in range(3)
    ]
    assert statuses == [302, 302, 429]


@pytest.fixture
def redis_db() -> Iterator[redis.Redis]:
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.ConnectionError:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("Redis is required under CI=true (.ci/run starts it on 127.0.0.1:6379)")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    connection.flushdb()
    yield connection
    connection.flushdb()
    connection.close()


def test_redis_storage_shares_the_count_between_app_instances(limited_app, redis_db):
    first = limited_app(REDIS_URL).test_client()
    assert [_bad_login(first).status_code for _ in range(3)] == [200, 200, 200]
    assert redis_db.dbsize() > 0  # the counts live in Redis, not in this process
    second = limited_app(REDIS_URL).test_client()  # another worker: a fresh connection
    assert _bad_login(second).status_code == 429


def _attempt(app, email: str, password: str, address: str, device_cookie: str | None = None):
    client = app.test_client()
    if device_cookie:
        client.set_cookie("pdportal_device", device_cookie)
    return client.post(
        "/auth/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_a_guesser_at_one_address_does_not_lock_the_owner_out(limited_app, make_user):
    app = limited_app(
        LOGIN_RATE_LIMIT="100 per minute", LOGIN_ACCOUNT_ADDRESS_RATE_LIMIT="3 per minute"
    )
    make_user("owner@example.org")
    guesses = [_attempt(app, "owner@example.org", "wrong pass", "10.9.9.9") for _ in range(4)]
    assert [response.status_code for response in guesses] == [200, 200, 200, 429]
    owner = _attempt(app, "owner@example.org", TEST_PASSWORD, "10.1.1.1")
    assert owner.status_code == 302  # signed in from their own address


def test_the_owners_known_browser_signs_in_while_guessing_from_everywhere_is_blocked(
    limited_app, make_user
):
    app = limited_app(LOGIN_RATE_LIMIT="100 per minute", LOGIN_ACCOUNT_RATE_LIMIT="3 per minute")
    make_user("owner@example.org")
    first = _attempt(app, "owner@example.org", TEST_PASSWORD, "10.1.1.1")
    device = first.headers.getlist("Set-Cookie")
    cookie = (
        next(h for h in device if h.startswith("pdportal_device=")).split(";")[0].split("=", 1)[1]
    )
    spread = [
        _attempt(app, "owner@example.org", "wrong pass", f"10.0.0.{n}").status_code
        for n in range(1, 5)
    ]
    assert spread == [200, 200, 200, 429]  # guessing spread over addresses is stopped
    assert _attempt(app, "owner@example.org", TEST_PASSWORD, "10.1.1.1").status_code == 429
    own_browser = _attempt(app, "owner@example.org", TEST_PASSWORD, "10.1.1.1", cookie)
    assert own_browser.status_code == 302
    forged = _attempt(app, "owner@example.org", TEST_PASSWORD, "10.1.1.1", cookie[:-2] + "xx")
    assert forged.status_code == 429


def test_a_successful_log_in_does_not_count_against_the_limits(limited_app, make_user):
    app = limited_app(
        LOGIN_RATE_LIMIT="100 per minute", LOGIN_ACCOUNT_ADDRESS_RATE_LIMIT="2 per minute"
    )
    make_user("owner@example.org")
    statuses = [
        _attempt(app, "owner@example.org", TEST_PASSWORD, "10.1.1.1").status_code for _ in range(4)
    ]
    assert statuses == [302, 302, 302, 302]


def test_a_password_reset_lifts_the_lock_for_the_browser_it_was_done_in(
    limited_app, make_user, outbox, link_in
):
    app = limited_app(LOGIN_RATE_LIMIT="100 per minute", LOGIN_ACCOUNT_RATE_LIMIT="2 per minute")
    make_user("owner@example.org")
    for n in range(3):
        _attempt(app, "owner@example.org", "wrong pass", f"10.0.0.{n}")
    browser = app.test_client()
    locked = browser.post(
        "/auth/login", data={"email": "owner@example.org", "password": TEST_PASSWORD}
    )
    assert locked.status_code == 429

    browser.post("/auth/reset", data={"email": "owner@example.org"})
    reset = browser.post(
        link_in(outbox("owner@example.org")[-1]), data={"password": "a brand new passphrase"}
    )
    assert reset.status_code == 302
    signed_in = browser.post(
        "/auth/login", data={"email": "owner@example.org", "password": "a brand new passphrase"}
    )
    assert signed_in.status_code == 302
