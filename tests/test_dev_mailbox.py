"""The development mailbox (/dev/mail): on only where DEV_MAILBOX is set."""

from __future__ import annotations

from pdportal.extensions import db
from pdportal.services import accounts
from tests.conftest import build_app


def test_the_development_mailbox_is_off_unless_configured(client):
    assert client.get("/dev/mail").status_code == 404


def test_the_development_mailbox_shows_the_newest_emails(app, sqlite_url, make_user):
    make_user("kim@example.org")
    make_user("lee@example.org")
    accounts.request_password_reset("kim@example.org")
    accounts.request_password_reset("lee@example.org")
    development = build_app(sqlite_url, DEV_MAILBOX=True)
    try:
        client = development.test_client()
        page = client.get("/dev/mail").get_data(as_text=True)
        assert page.count("Reset your pdportal password") == 2
        page = client.get("/dev/mail?to=kim@example.org").get_data(as_text=True)
        assert "kim@example.org" in page and "lee@example.org" not in page
    finally:
        with development.app_context():
            db.engine.dispose()
