"""Password reset over HTTP: no enumeration, expiring single-use links."""

from __future__ import annotations

from itsdangerous import TimestampSigner

from pdportal.services import accounts
from tests.conftest import TEST_PASSWORD

NEW_PASSWORD = "lanterns over the sound"


def test_reset_request_page_has_a_labelled_email_field(client):
    page = client.get("/auth/reset")
    assert page.status_code == 200
    assert '<label for="email">Email address</label>' in page.get_data(as_text=True)


def test_reset_answers_alike_for_known_and_unknown_addresses(client, make_user, outbox):
    make_user("kim@example.org")
    known = client.post("/auth/reset", data={"email": "KIM@example.org"})
    unknown = client.post("/auth/reset", data={"email": "nobody@example.org"})
    assert (known.status_code, known.location) == (unknown.status_code, unknown.location)
    assert known.status_code == 302
    assert client.get(known.location).data == client.get(unknown.location).data
    assert len(outbox("kim@example.org")) == 1
    assert outbox("nobody@example.org") == []


def test_reset_request_with_a_bad_address_shows_the_problem(client):
    response = client.post("/auth/reset", data={"email": "kim"})
    assert response.status_code == 200
    assert "name@example.org" in response.get_data(as_text=True)


def test_reset_link_sets_a_new_password_once(client, make_user, outbox, link_in):
    make_user("kim@example.org")
    client.post("/auth/reset", data={"email": "kim@example.org"})
    path = link_in(outbox("kim@example.org")[0])

    form = client.get(path)
    assert form.status_code == 200
    assert '<label for="password">New password</label>' in form.get_data(as_text=True)
    response = client.post(path, data={"password": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.location == "/auth/login"
    assert accounts.authenticate("kim@example.org", NEW_PASSWORD) is not None

    again = client.post(path, data={"password": "another good password"})
    assert again.status_code == 400
    assert "already been used" in again.get_data(as_text=True)
    assert client.get(path).status_code == 400


def test_reset_link_refuses_a_weak_password_and_keeps_the_old_one(
    client, make_user, outbox, link_in
):
    make_user("kim@example.org", name="Kimberly Lee")
    client.post("/auth/reset", data={"email": "kim@example.org"})
    path = link_in(outbox("kim@example.org")[0])
    for weak, message in [("letmein1", "common passwords"), ("kim lee", "at least 8")]:
        response = client.post(path, data={"password": weak})
        assert response.status_code == 200
        assert message in response.get_data(as_text=True)
    response = client.post(path, data={"password": "kimberly lee"})
    assert "your name" in response.get_data(as_text=True)
    assert accounts.authenticate("kim@example.org", TEST_PASSWORD) is not None


def test_expired_reset_link_is_refused(client, make_user, outbox, link_in, monkeypatch):
    make_user("kim@example.org")
    real = TimestampSigner.get_timestamp
    monkeypatch.setattr(
        TimestampSigner, "get_timestamp", lambda self: real(self) - accounts.RESET_TOKEN_MAX_AGE - 1
    )
    client.post("/auth/reset", data={"email": "kim@example.org"})
    monkeypatch.undo()
    path = link_in(outbox("kim@example.org")[0])
    response = client.post(path, data={"password": NEW_PASSWORD})
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)
    assert accounts.authenticate("kim@example.org", TEST_PASSWORD) is not None


def test_reset_signs_out_sessions_that_were_logged_in(app, client, make_user, outbox, link_in):
    make_user("kim@example.org")
    client.post("/auth/login", data={"email": "kim@example.org", "password": TEST_PASSWORD})
    other = app.test_client()
    other.post("/auth/reset", data={"email": "kim@example.org"})
    other.post(link_in(outbox("kim@example.org")[0]), data={"password": NEW_PASSWORD})
    assert client.get("/auth/profile").status_code == 302  # back to log in
