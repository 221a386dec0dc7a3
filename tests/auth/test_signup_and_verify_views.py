"""Sign-up and email verification over HTTP."""

from __future__ import annotations

import pytest

from pdportal.models import User
from pdportal.services import accounts

NEW_PASSWORD = "lanterns over the sound"


def _sign_up(client, email: str, name: str = "Rosa Parks", password: str = NEW_PASSWORD):
    return client.post("/auth/signup", data={"name": name, "email": email, "password": password})


def test_signup_page_has_labelled_fields(client):
    page = client.get("/auth/signup")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for field_id, label in [
        ("name", "Your name"),
        ("email", "Email address"),
        ("password", "Password"),
    ]:
        assert f'<label for="{field_id}">{label}</label>' in html
    assert 'autocomplete="new-password"' in html
    assert html.count("<h1>") == 1


def test_signup_creates_an_account_and_emails_a_link(client, db, outbox):
    response = _sign_up(client, "Rosa@Example.org")
    assert response.status_code == 302
    assert response.location.endswith("/auth/signup/check-email")
    user = accounts.find_user_by_email("rosa@example.org")
    assert user is not None and not user.is_email_verified
    assert outbox("rosa@example.org")[0].subject == "Confirm your email address"
    page = client.get(response.location)
    assert "Check your email" in page.get_data(as_text=True)


def test_signup_answers_alike_for_registered_and_new_addresses(client, make_user, outbox):
    make_user("taken@example.org", name="Owner")
    taken = _sign_up(client, "TAKEN@example.org")
    fresh = _sign_up(client, "fresh@example.org")
    assert (taken.status_code, taken.location) == (fresh.status_code, fresh.location)
    assert client.get(taken.location).data == client.get(fresh.location).data
    [notice] = outbox("taken@example.org")
    assert "already has an account" in notice.body_text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "email": "a@example.org", "password": NEW_PASSWORD}, "Enter your name."),
        ({"name": "A", "email": "not-an-email", "password": NEW_PASSWORD}, "name@example.org"),
        ({"name": "A", "email": "a@example.org", "password": "short"}, "at least 8 characters"),
        ({"name": "A", "email": "a@example.org", "password": "password123"}, "common passwords"),
        ({"name": "A", "email": "a@example.org", "password": "a@example.org"}, "email address"),
    ],
)
def test_signup_with_bad_input_shows_the_problem_and_creates_nothing(client, db, data, message):
    response = client.post("/auth/signup", data=data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in html
    assert 'aria-invalid="true"' in html
    assert db.session.query(User).count() == 0


def test_signed_in_educator_is_sent_away_from_signup(client, auth, make_user):
    auth.login(make_user())
    assert client.get("/auth/signup").status_code == 302


def test_verification_link_shows_a_confirm_button_and_changes_nothing_on_get(
    client, db, outbox, link_in
):
    _sign_up(client, "rosa@example.org")
    path = link_in(outbox("rosa@example.org")[0])
    page = client.get(path)
    assert page.status_code == 200
    assert "Confirm my email address" in page.get_data(as_text=True)
    assert not accounts.find_user_by_email("rosa@example.org").is_email_verified

    response = client.post(path)
    assert response.status_code == 302
    db.session.expire_all()
    assert accounts.find_user_by_email("rosa@example.org").is_email_verified


def test_forged_verification_link_gets_a_clear_page(client):
    response = client.get("/auth/verify/not-a-real-token")
    assert response.status_code == 400
    assert "not valid" in response.get_data(as_text=True)
    assert client.post("/auth/verify/not-a-real-token").status_code == 400


def test_resend_verification_emails_a_new_link(client, auth, make_user, outbox):
    user = make_user("new@example.org", verified=False)
    auth.login(user)
    response = client.post("/auth/resend-verification")
    assert response.status_code == 302
    assert len(outbox("new@example.org")) == 1
    page = client.get("/auth/profile").get_data(as_text=True)
    assert "We sent a new confirmation link" in page


def test_resend_verification_needs_log_in_and_post(client):
    assert client.post("/auth/resend-verification").status_code == 302
    assert client.get("/auth/resend-verification").status_code == 405
