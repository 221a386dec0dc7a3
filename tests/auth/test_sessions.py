"""Sign-in sessions (issue 15): listed with their device, ended one by one or all but this
one; log-out ends only this one, a password change the others, a deactivation all."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from pdportal.blueprints.account.devices import describe_device
from pdportal.extensions import db
from pdportal.models import SignInSession
from pdportal.services import accounts
from tests.conftest import TEST_PASSWORD

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def _signed_in_client(app, email: str, user_agent: str):
    client = app.test_client()
    response = client.post(
        "/auth/login",
        data={"email": email, "password": TEST_PASSWORD},
        headers={"User-Agent": user_agent},
        environ_base={"REMOTE_ADDR": "203.0.113.7"},
    )
    assert response.status_code == 302
    return client


def _sessions(user) -> int:
    return db.session.scalar(
        select(func.count()).select_from(SignInSession).where(SignInSession.user_id == user.id)
    )


@pytest.fixture
def two_browsers(app, make_user):
    user = make_user("li@example.org")
    laptop = _signed_in_client(app, "li@example.org", FIREFOX)
    phone = _signed_in_client(app, "li@example.org", IPHONE)
    return user, laptop, phone


def test_the_security_page_lists_each_browser_with_device_and_address(two_browsers):
    _, laptop, _ = two_browsers
    page = laptop.get("/account/security").get_data(as_text=True)
    assert "Firefox on Windows" in page
    assert "Safari on iPhone" in page
    assert "203.0.113.7" in page
    assert page.count("This device") == 1


def test_ending_another_session_signs_that_browser_out(two_browsers):
    user, laptop, phone = two_browsers
    phone_session = accounts.list_sessions(user)[0]  # the newest
    response = laptop.post(f"/account/sessions/{phone_session.id}/end")
    assert response.headers["Location"] == "/account/security"
    assert phone.get("/auth/profile").status_code == 302
    assert laptop.get("/auth/profile").status_code == 200


def test_nobody_ends_someone_elses_session(two_browsers, app, make_user):
    user, _, phone = two_browsers
    make_user("mallory@example.org")
    mallory = _signed_in_client(app, "mallory@example.org", FIREFOX)
    for row in accounts.list_sessions(user):
        mallory.post(f"/account/sessions/{row.id}/end")
    assert _sessions(user) == 2
    assert phone.get("/auth/profile").status_code == 200


def test_log_out_all_other_devices(two_browsers):
    user, laptop, phone = two_browsers
    laptop.post("/account/sessions/end-others")
    assert _sessions(user) == 1
    assert phone.get("/auth/profile").status_code == 302
    assert laptop.get("/auth/profile").status_code == 200


def test_log_out_ends_only_this_browsers_session(two_browsers):
    user, laptop, phone = two_browsers
    laptop.post("/auth/logout")
    assert _sessions(user) == 1
    assert laptop.get("/auth/profile").status_code == 302
    assert phone.get("/auth/profile").status_code == 200


def test_ending_this_session_from_the_list_logs_out(two_browsers):
    user, laptop, _ = two_browsers
    laptop.get("/account/security")
    current = next(row for row in accounts.list_sessions(user) if row.user_agent == FIREFOX)
    assert laptop.post(f"/account/sessions/{current.id}/end").headers["Location"] == "/"
    assert laptop.get("/auth/profile").status_code == 302


def test_a_password_change_ends_the_other_sessions_only(two_browsers):
    user, laptop, phone = two_browsers
    laptop.post(
        "/auth/profile/password",
        data={"pw-current_password": TEST_PASSWORD, "pw-password": "a brand new passphrase"},
    )
    assert _sessions(user) == 1
    assert phone.get("/auth/profile").status_code == 302
    assert laptop.get("/auth/profile").status_code == 200


def test_a_deactivated_account_is_signed_out_and_cannot_log_in(two_browsers, app, make_user):
    user, laptop, phone = two_browsers
    admin = make_user(is_site_admin=True)
    assert accounts.deactivate(user, actor=admin)
    assert not accounts.deactivate(user, actor=admin)  # once
    assert _sessions(user) == 0
    assert laptop.get("/auth/profile").status_code == 302
    refused = app.test_client().post(
        "/auth/login", data={"email": "li@example.org", "password": TEST_PASSWORD}
    )
    assert refused.status_code == 200
    assert "Invalid email or password" in refused.get_data(as_text=True)
    assert accounts.reactivate(user, actor=admin)
    assert _signed_in_client(app, "li@example.org", FIREFOX).get("/auth/profile").status_code == 200


def test_a_request_refreshes_a_stale_last_used_time(two_browsers):
    _, laptop, _ = two_browsers
    session = db.session.scalars(
        select(SignInSession).where(SignInSession.user_agent == FIREFOX)
    ).one()
    stale = session.last_seen_at - timedelta(hours=1)
    session.last_seen_at = stale
    db.session.commit()
    laptop.get("/auth/profile")
    db.session.refresh(session)
    assert session.last_seen_at > stale + timedelta(minutes=59)


@pytest.mark.parametrize(
    ("user_agent", "expected"),
    [
        (FIREFOX, "Firefox on Windows"),
        (IPHONE, "Safari on iPhone"),
        (
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36",
            "Chrome on Linux",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/131.0 Safari/537.36 Edg/131.0",
            "Edge on Windows",
        ),
        ("curl/8.5", "Unknown browser"),
        ("", "Unknown browser"),
    ],
)
def test_devices_are_named_by_browser_and_system(app, user_agent, expected):
    with app.test_request_context():
        assert describe_device(user_agent) == expected
