"""Sign in with Google or Microsoft (issue 15): the real Authlib client against a local
OpenID provider stand-in (discovery, authorization code with PKCE, an RS256 ID token, nonce
and state checked); accounts are linked only through a verified email."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import func, select

from pdportal.extensions import db
from pdportal.models import User
from pdportal.services import accounts
from tests.auth.oidc_standin import CLIENT_ID, CLIENT_SECRET, OpenIdServer, OpenIdStandIn
from tests.conftest import TEST_PASSWORD, build_app


@pytest.fixture
def provider() -> Iterator[OpenIdStandIn]:
    with OpenIdServer() as standin:
        yield standin


@pytest.fixture
def oidc_app(app: Flask, sqlite_url: str, provider: OpenIdStandIn) -> Iterator[Flask]:
    configured = build_app(
        sqlite_url,
        OIDC_PROVIDERS={
            "google": {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "server_metadata_url": f"{provider.url}/.well-known/openid-configuration",
            }
        },
    )
    yield configured
    with configured.app_context():
        db.engine.dispose()


def _sign_in(client, provider: OpenIdStandIn, next_path: str = "", **claims):
    start = client.post("/account/oidc/google", data={"next": next_path})
    assert start.status_code == 302
    code, state = provider.approve(start.headers["Location"], **claims)
    return client.get(f"/account/oidc/google/callback?code={code}&state={state}")


def test_a_verified_email_signs_in_to_its_existing_account(oidc_app, provider, make_user):
    make_user("lu@district.example", "Lu Existing")
    client = oidc_app.test_client()
    response = _sign_in(
        client, provider, "/me/registrations", email="LU@district.example", email_verified=True
    )
    assert response.headers["Location"] == "/me/registrations"
    assert "Lu Existing" in client.get("/auth/profile").get_data(as_text=True)


def test_a_new_verified_email_gets_a_verified_account(oidc_app, provider):
    client = oidc_app.test_client()
    _sign_in(client, provider, email="new@district.example", email_verified=True, name="Nia New")
    user = db.session.scalars(select(User).where(User.email == "new@district.example")).one()
    assert user.name == "Nia New" and user.is_email_verified
    assert client.get("/auth/profile").status_code == 200


def test_an_unverified_email_is_refused(oidc_app, provider, make_user):
    make_user("lu@district.example")
    client = oidc_app.test_client()
    response = _sign_in(client, provider, email="lu@district.example", email_verified=False)
    assert response.headers["Location"] == "/auth/login"
    assert client.get("/auth/profile").status_code == 302
    assert db.session.scalar(select(func.count(User.id))) == 1


def test_a_wrong_nonce_is_refused(oidc_app, provider):
    provider.nonce_override = "not-the-nonce-we-sent"
    client = oidc_app.test_client()
    response = _sign_in(client, provider, email="eve@example.org", email_verified=True)
    assert response.headers["Location"] == "/auth/login"
    assert client.get("/auth/profile").status_code == 302


def test_a_replayed_callback_is_refused(oidc_app, provider):
    client = oidc_app.test_client()
    start = client.post("/account/oidc/google")
    code, state = provider.approve(
        start.headers["Location"], email="r@x.example", email_verified=True
    )
    provider.codes[code + "-copy"] = dict(provider.codes[code])
    client.get(f"/account/oidc/google/callback?code={code}&state={state}")
    client.post("/auth/logout")
    replay = client.get(f"/account/oidc/google/callback?code={code}-copy&state={state}")
    assert replay.headers["Location"] == "/auth/login"  # the state was used up
    assert client.get("/auth/profile").status_code == 302


def test_a_wrong_state_is_refused(oidc_app, provider):
    client = oidc_app.test_client()
    start = client.post("/account/oidc/google")
    code, _ = provider.approve(start.headers["Location"], email="s@x.example", email_verified=True)
    response = client.get(f"/account/oidc/google/callback?code={code}&state=forged")
    assert response.headers["Location"] == "/auth/login"


def test_an_unverified_portal_account_is_taken_over_safely(oidc_app, provider, make_user):
    squatter = make_user("owner@district.example", verified=False)
    client = oidc_app.test_client()
    _sign_in(client, provider, email="owner@district.example", email_verified=True)
    db.session.expire_all()
    assert squatter.is_email_verified
    assert accounts.authenticate("owner@district.example", TEST_PASSWORD) is None


def test_providers_are_off_unless_configured(client):
    assert client.post("/account/oidc/google").status_code == 404
    assert client.get("/account/oidc/google/callback").status_code == 404
    assert "Log in with" not in client.get("/auth/login").get_data(as_text=True)


def test_the_login_page_offers_configured_providers(oidc_app):
    page = oidc_app.test_client().get("/auth/login").get_data(as_text=True)
    assert "Log in with Google" in page
