"""Anti-forgery tokens on forms, cookie flags and HSTS (OWASP ASVS 3.3, 3.4, 3.5)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask

import config
from pdportal import create_app
from pdportal.extensions import db, limiter
from tests.conftest import TEST_PASSWORD, build_app


def _csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, "no CSRF token on the page"
    return match.group(1)


def _set_cookie(response, name: str) -> str:
    headers = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{name}=")]
    assert headers, f"no {name} cookie set"
    return headers[-1]


@pytest.fixture
def other_app(app: Flask) -> Iterator[list[Flask]]:
    """Apps built with other settings; afterwards the shared limiter is reset for `app`."""
    built: list[Flask] = []
    yield built
    for other in built:
        with other.app_context():
            db.engine.dispose()
    limiter.init_app(app)  # one limiter serves every app in the process


@pytest.fixture
def csrf_client(sqlite_url: str, other_app: list[Flask]):
    csrf_app = build_app(sqlite_url, WTF_CSRF_ENABLED=True)
    other_app.append(csrf_app)
    return csrf_app.test_client()


def test_login_without_a_csrf_token_is_refused_with_a_friendly_page(csrf_client, make_user):
    make_user("mae@example.org")
    response = csrf_client.post(
        "/auth/login", data={"email": "mae@example.org", "password": TEST_PASSWORD}
    )
    assert response.status_code == 400
    assert "Your form expired or came from elsewhere" in response.get_data(as_text=True)


def test_login_with_the_csrf_token_succeeds(csrf_client, make_user):
    make_user("mae@example.org")
    token = _csrf_token(csrf_client.get("/auth/login").get_data(as_text=True))
    response = csrf_client.post(
        "/auth/login",
        data={"email": "mae@example.org", "password": TEST_PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302


def test_logout_without_a_csrf_token_is_refused(csrf_client, make_user):
    make_user("mae@example.org")
    token = _csrf_token(csrf_client.get("/auth/login").get_data(as_text=True))
    csrf_client.post(
        "/auth/login",
        data={"email": "mae@example.org", "password": TEST_PASSWORD, "csrf_token": token},
    )
    assert csrf_client.post("/auth/logout").status_code == 400
    page = csrf_client.get("/auth/profile")
    assert page.status_code == 200  # still logged in
    logout_token = _csrf_token(page.get_data(as_text=True))
    assert csrf_client.post("/auth/logout", data={"csrf_token": logout_token}).status_code == 302


def test_csrf_token_from_another_browser_session_is_refused(csrf_client, make_user):
    make_user("mae@example.org")
    token = _csrf_token(csrf_client.get("/auth/login").get_data(as_text=True))
    other_browser = csrf_client.application.test_client()
    response = other_browser.post(
        "/auth/login",
        data={"email": "mae@example.org", "password": TEST_PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 400


def test_session_cookie_is_http_only_and_same_site_lax(client, make_user):
    make_user("mae@example.org")
    response = client.post(
        "/auth/login", data={"email": "mae@example.org", "password": TEST_PASSWORD}
    )
    cookie = _set_cookie(response, "session")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


@pytest.fixture
def production_client(monkeypatch, sqlite_url: str, other_app: list[Flask]):
    monkeypatch.setenv("PDPORTAL_ENV", "production")
    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", "a-real-secret-for-this-test-only")
    monkeypatch.setattr(config.ProductionConfig, "BASE_URL", "https://pd.example.org")
    production = create_app({"SQLALCHEMY_DATABASE_URI": sqlite_url})
    other_app.append(production)
    assert not production.testing
    return production.test_client()


def test_production_cookies_are_secure_and_hsts_is_sent(production_client, make_user):
    make_user("mae@example.org")
    page = production_client.get("/auth/login", base_url="https://localhost")
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")
    session_cookie = _set_cookie(page, "session")
    for flag in ("Secure", "HttpOnly", "SameSite=Lax"):
        assert flag in session_cookie

    response = production_client.post(
        "/auth/login",
        base_url="https://localhost",
        headers={"Referer": "https://localhost/auth/login"},  # checked over HTTPS
        data={
            "email": "mae@example.org",
            "password": TEST_PASSWORD,
            "remember": "y",
            "csrf_token": _csrf_token(page.get_data(as_text=True)),
        },
    )
    assert response.status_code == 302
    remember_cookie = _set_cookie(response, "remember_token")
    for flag in ("Secure", "HttpOnly", "SameSite=Lax"):
        assert flag in remember_cookie
