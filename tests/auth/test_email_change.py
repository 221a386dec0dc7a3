"""Email change and several addresses (issue 15): a new address is verified before it is
stored, the old one is told and can undo for a week, any address signs in."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from pdportal.extensions import db
from pdportal.models import AuditAction, AuditEntry, UserEmail
from pdportal.services import accounts
from pdportal.services.accounts import AccountError, AccountProblem
from tests.auth.test_accounts_service import _tokens_from_the_past
from tests.conftest import TEST_PASSWORD

OLD = "ana@old-district.example"
NEW = "ana@new-district.example"


@pytest.fixture
def ana(make_user):
    return make_user(OLD, "Ana Ruiz")


def _ask(client, email: str = NEW, *, primary: bool = True, password: str = TEST_PASSWORD):
    data = {"email": email, "current_password": password}
    if primary:
        data["make_primary"] = "y"
    return client.post("/account/emails", data=data)


def _log_in(app, email: str):
    client = app.test_client()
    client.post("/auth/login", data={"email": email, "password": TEST_PASSWORD})
    return client


def test_changing_the_address_verifies_the_new_one_and_lets_the_old_one_undo(
    app, client, auth, ana, outbox, link_in
):
    other_device = _log_in(app, OLD)
    auth.login(ana)
    assert _ask(client).headers["Location"] == "/account/emails"
    db.session.expire_all()
    assert ana.email == OLD  # nothing changes before the link is followed
    [message] = outbox(NEW)
    assert message.subject == "Confirm your new pdportal email address"
    verify = link_in(message)
    assert "ana@new-district.example" in client.get(verify).get_data(as_text=True)
    db.session.expire_all()
    assert ana.email == OLD  # a GET (a link scanner) changes nothing

    assert client.post(verify).headers["Location"] == "/account/emails"
    db.session.expire_all()
    assert ana.email == NEW
    assert db.session.scalar(select(UserEmail.email)) == OLD
    assert other_device.get("/auth/profile").status_code == 302  # other sessions ended
    assert client.get("/auth/profile").status_code == 200
    for email in (OLD, NEW, "ANA@New-District.example"):
        assert accounts.authenticate(email, TEST_PASSWORD) == ana
    told = outbox(OLD)[-1]
    assert told.subject == "Your pdportal email address was changed"
    assert "within 7 days" in told.body_text
    assert db.session.scalar(select(AuditEntry.action)) == AuditAction.EMAIL_CHANGED

    undo = link_in(told)
    assert "Undo the change" in client.get(undo).get_data(as_text=True)
    assert client.post(undo).headers["Location"] == "/auth/reset"
    db.session.expire_all()
    assert ana.email == OLD
    assert accounts.authenticate(NEW, TEST_PASSWORD) is None
    assert client.get("/auth/profile").status_code == 302  # every session ended
    assert db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()[-1] == (
        AuditAction.EMAIL_CHANGE_UNDONE
    )


def test_the_undo_link_expires_after_a_week(client, auth, ana, outbox, link_in, monkeypatch):
    _tokens_from_the_past(monkeypatch, accounts.emails.UNDO_MAX_AGE + 60)
    auth.login(ana)
    _ask(client)
    client.post(link_in(outbox(NEW)[0]))
    monkeypatch.undo()
    response = client.post(link_in(outbox(OLD)[-1]))
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)
    db.session.expire_all()
    assert ana.email == NEW


def test_an_added_address_signs_in_and_can_be_made_primary_later(
    client, auth, ana, outbox, link_in
):
    auth.login(ana)
    _ask(client, primary=False)
    client.post(link_in(outbox(NEW)[0]))
    db.session.expire_all()
    assert ana.email == OLD
    assert accounts.authenticate(NEW, TEST_PASSWORD) == ana
    page = client.get("/account/emails").get_data(as_text=True)
    assert NEW in page and "Make it my main address" in page
    row_id = db.session.scalar(select(UserEmail.id))
    client.post(f"/account/emails/{row_id}/primary")
    db.session.expire_all()
    assert ana.email == NEW
    assert outbox(OLD)[-1].subject == "Your pdportal email address was changed"


def test_an_address_not_yet_verified_is_not_stored_and_cannot_be_made_primary(
    client, auth, ana, make_user
):
    other = make_user("someone@example.org")
    auth.login(ana)
    _ask(client)
    assert accounts.authenticate(NEW, TEST_PASSWORD) is None
    assert db.session.scalar(select(UserEmail.id)) is None
    with pytest.raises(AccountError) as caught:
        accounts.emails.make_primary(ana, 12345)
    assert caught.value.reason == AccountProblem.NOT_YOUR_EMAIL
    theirs = UserEmail(user_id=other.id, email="theirs@example.org")
    db.session.add(theirs)
    db.session.commit()
    client.post(f"/account/emails/{theirs.id}/primary")
    client.post(f"/account/emails/{theirs.id}/remove")
    db.session.expire_all()
    assert ana.email == OLD
    assert db.session.get(UserEmail, theirs.id).user_id == other.id


def test_another_accounts_address_is_refused_when_the_link_is_followed(
    client, auth, ana, make_user, outbox, link_in
):
    make_user(NEW, "Other Ana")
    auth.login(ana)
    assert _ask(client).status_code == 302  # the form tells nobody whose address it is
    response = client.post(link_in(outbox(NEW)[-1]))
    assert response.status_code == 400
    assert "belongs to another pdportal account" in response.get_data(as_text=True)
    db.session.expire_all()
    assert ana.email == OLD


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        (NEW, "not my password", "That is not your current password."),
        ("not-an-email", TEST_PASSWORD, "Enter an email address like name@example.org."),
        (OLD, TEST_PASSWORD, "is already an address of your account"),
    ],
)
def test_the_add_form_refuses_with_a_message(client, auth, ana, outbox, email, password, message):
    auth.login(ana)
    response = _ask(client, email, password=password)
    assert response.status_code in (200, 400)
    assert message in response.get_data(as_text=True)
    assert outbox(NEW) == []


def test_removing_an_address_stops_it_signing_in(client, auth, ana, outbox, link_in):
    auth.login(ana)
    _ask(client, primary=False)
    client.post(link_in(outbox(NEW)[0]))
    row_id = db.session.scalar(select(UserEmail.id))
    client.post(f"/account/emails/{row_id}/remove")
    assert accounts.authenticate(NEW, TEST_PASSWORD) is None


def test_email_pages_need_a_log_in_but_links_do_not(client):
    assert client.get("/account/emails").headers["Location"].startswith("/auth/login")
    assert client.post("/account/emails/1/primary").headers["Location"].startswith("/auth/login")
    assert client.get("/account/emails/verify/nonsense").status_code == 400
    assert client.post("/account/emails/undo/nonsense").status_code == 400
