"""Log-in, log-out, remember-me and the `next` redirect over HTTP."""

from __future__ import annotations

import pytest

from tests.conftest import TEST_PASSWORD


def _log_in(client, email, password=TEST_PASSWORD, **extra):
    return client.post("/auth/login", data={"email": email, "password": password, **extra})


def _signed_in(client) -> bool:
    return "Log out" in client.get("/auth/login", follow_redirects=True).get_data(as_text=True)


def test_login_page_has_labelled_fields(client):
    page = client.get("/auth/login")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<label for="email">Email address</label>' in html
    assert '<label for="password">Password</label>' in html
    assert '<label for="remember">Keep me logged in on this device</label>' in html
    assert 'autocomplete="current-password"' in html


def test_login_with_the_right_password_signs_in(client, make_user):
    make_user("mae@example.org")
    response = _log_in(client, "MAE@example.org")
    assert response.status_code == 302
    assert response.location == "/workshops"  # an educator with no registrations: the catalog
    assert _signed_in(client)


@pytest.mark.parametrize(
    ("email", "password"),
    [("mae@example.org", "wrong password"), ("nobody@example.org", TEST_PASSWORD)],
)
def test_bad_login_gets_the_same_generic_message(client, make_user, email, password):
    make_user("mae@example.org")
    response = _log_in(client, email, password)
    assert response.status_code == 200
    assert "Invalid email or password." in response.get_data(as_text=True)
    assert not _signed_in(client)


def test_unknown_and_known_email_failures_look_identical(client, make_user):
    make_user("mae@example.org")
    known = _log_in(client, "mae@example.org", "wrong password")
    unknown = _log_in(client, "nobody@example.org", "wrong password")
    assert known.status_code == unknown.status_code
    assert known.get_data(as_text=True).replace("mae@example.org", "X") == unknown.get_data(
        as_text=True
    ).replace("nobody@example.org", "X")


def test_unverified_educator_may_log_in_and_is_asked_to_verify(client, make_user):
    make_user("new@example.org", verified=False)
    response = _log_in(client, "new@example.org")
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Please confirm your email address" in page


def test_remember_me_sets_the_remember_cookie(client, make_user):
    make_user("mae@example.org")
    _log_in(client, "mae@example.org", remember="y")
    cookie = client.get_cookie("remember_token")
    assert cookie is not None
    assert cookie.http_only


def test_without_remember_me_there_is_no_remember_cookie(client, make_user):
    make_user("mae@example.org")
    _log_in(client, "mae@example.org")
    assert client.get_cookie("remember_token") is None


def test_next_path_on_this_site_is_followed(client, make_user):
    make_user("mae@example.org")
    page = client.get("/auth/login?next=/me/registrations").get_data(as_text=True)
    assert 'value="/me/registrations"' in page
    response = _log_in(client, "mae@example.org", next="/me/registrations")
    assert response.location == "/me/registrations"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/path",
        "/\\evil.example",
        "http:/evil.example",
        "javascript:alert(1)",
        "/\t/evil.example",  # browsers drop the tab: //evil.example
        "/%2F/evil.example",  # decoded once by a proxy: //evil.example
        "/%5Cevil.example",  # /\evil.example once decoded
        "/%252F%252Fevil.example",  # decoded twice
        "%2F%2Fevil.example",
        "/%09/evil.example",
        "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        " //evil.example",
        "/" + "a" * 2000,  # too long to carry in an emailed link
    ],
)
def test_next_to_another_host_is_ignored(client, make_user, target):
    make_user("mae@example.org")
    page = client.get("/auth/login", query_string={"next": target})
    if page.status_code == 200:  # (control characters are refused at the edge: 400)
        html = page.get_data(as_text=True)
        assert 'name="next" type="hidden" value=""' in html
        assert "/auth/signup?next" not in html and "/auth/reset?next" not in html
    response = _log_in(client, "mae@example.org", next=target)
    assert response.status_code == 302
    assert response.location == "/workshops"


def test_login_required_page_sends_anonymous_visitors_to_login_with_next(client):
    response = client.get("/auth/profile")
    assert response.status_code == 302
    assert response.location.startswith("/auth/login?next=")


def test_logout_is_post_only(client, auth, make_user):
    auth.login(make_user())
    assert client.get("/auth/logout").status_code == 405
    assert _signed_in(client)
    response = client.post("/auth/logout")
    assert response.status_code == 302
    assert not _signed_in(client)


def test_changing_password_signs_out_other_sessions(app, client, make_user):
    user = make_user("mae@example.org")
    other_device = app.test_client()
    _log_in(other_device, "mae@example.org", remember="y")
    _log_in(client, "mae@example.org")
    response = client.post(
        "/auth/profile/password",
        data={"pw-current_password": TEST_PASSWORD, "pw-password": "lanterns over the sound"},
    )
    assert response.status_code == 302
    assert _signed_in(client)  # this session carries on
    assert not _signed_in(other_device)
    assert user.email == "mae@example.org"


def test_logging_out_ends_copies_of_the_session_and_remember_cookies(app, client, make_user):
    make_user("mae@example.org")
    _log_in(client, "mae@example.org", remember="y")
    session_copy = client.get_cookie("session").value
    remember_copy = client.get_cookie("remember_token").value

    client.post("/auth/logout")

    thief = app.test_client()
    thief.set_cookie("session", session_copy)
    assert not _signed_in(thief)
    thief = app.test_client()
    thief.set_cookie("remember_token", remember_copy)
    assert not _signed_in(thief)
