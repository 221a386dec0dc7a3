"""Accounts in more than one language: refusals are reasons the views put in words,
account emails go in the recipient's language, and the profile offers the interface's
languages before the others."""

from __future__ import annotations

import pytest

from pdportal.blueprints.auth.messages import account_problem_message
from pdportal.models import User
from pdportal.services import accounts
from pdportal.services.accounts import AccountProblem
from tests.conftest import TEST_PASSWORD

NEW_PASSWORD = "lanterns over the sound"


def test_every_refusal_has_words(app):
    with app.test_request_context():
        for problem in AccountProblem:
            assert account_problem_message(problem, email="x", detail="y")


@pytest.mark.parametrize(
    ("problem", "words"),
    [
        (AccountProblem.PASSWORD_TOO_SHORT, "Use at least 8 characters."),
        (AccountProblem.PASSWORD_TOO_LONG, "Use at most 256 characters."),
        (AccountProblem.LINK_EXPIRED, "This link has expired. Please ask for a new one."),
        (AccountProblem.WRONG_CURRENT_PASSWORD, "That is not your current password."),
    ],
)
def test_refusals_read_as_before_in_english(app, problem, words):
    with app.test_request_context():
        assert account_problem_message(problem) == words


def test_a_weak_password_is_explained_beside_the_field(client, db):
    response = client.post(
        "/auth/signup",
        data={"name": "Ada", "email": "ada@example.org", "password": "password1"},
    )
    assert "on lists of common passwords that attackers try first" in response.text
    assert 'id="password-error"' in response.text


def test_create_admin_explains_a_refusal_in_words(app, db):
    result = app.test_cli_runner().invoke(
        args=["create-admin", "not-an-email", "--password", NEW_PASSWORD]
    )
    assert result.exit_code == 1
    assert "'not-an-email' is not an email address" in result.output


def test_signing_up_in_spanish_makes_spanish_the_preference_and_the_emails_language(
    client, db, outbox, marked_spanish
):
    client.post(
        "/auth/signup",
        data={"name": "Rosa", "email": "rosa@example.org", "password": NEW_PASSWORD},
        headers={"Accept-Language": "es-MX,es;q=0.9"},
    )

    assert accounts.find_user_by_email("rosa@example.org").preferred_language == "es"
    [message] = outbox("rosa@example.org")
    assert message.subject.startswith("[es] ")  # written in Spanish
    assert message.body_text.startswith("[es] ") and "Rosa" in message.body_text


def test_an_account_email_goes_in_its_owners_language_not_the_requests(
    client, make_user, outbox, marked_spanish
):
    make_user("lupe@example.org", name="Lupe", preferred_language="es")
    make_user("kim@example.org", name="Kim", preferred_language="en")

    client.post(
        "/auth/reset", data={"email": "lupe@example.org"}, headers={"Accept-Language": "en"}
    )
    client.post("/auth/reset", data={"email": "kim@example.org"}, headers={"Accept-Language": "es"})
    client.post(
        "/auth/signup",
        data={"name": "Impostor", "email": "kim@example.org", "password": NEW_PASSWORD},
        headers={"Accept-Language": "es"},
    )

    assert outbox("lupe@example.org")[0].subject.startswith("[es] ")
    assert [m.subject for m in outbox("kim@example.org")] == [
        "Reset your pdportal password",
        "Someone tried to sign up with your email address",
    ]


def test_a_language_we_do_not_speak_gets_english_emails(make_user, outbox, marked_spanish):
    user = make_user("tuan@example.org", preferred_language="vi")

    accounts.change_password(user, TEST_PASSWORD, NEW_PASSWORD)

    assert outbox("tuan@example.org")[0].subject == "Your pdportal password was changed"


def test_profile_offers_the_sites_languages_first_then_the_others(client, auth, make_user):
    auth.login(make_user(preferred_language="vi"))

    html = client.get("/auth/profile").get_data(as_text=True)

    start = html.index('id="preferred_language"')
    select = html[start : html.index("</select>", start)]
    site = select.index('<optgroup label="Languages of this site">')
    others = select.index('<optgroup label="Other languages">')
    assert site < select.index('value="en"') < select.index('value="es"') < others
    assert others < select.index('value="vi"')
    assert select.count('value="es"') == 1  # not listed twice
    assert 'selected value="vi"' in select or 'value="vi" selected' in select
    assert 'lang="es"' in select and 'lang="vi"' in select


def test_choosing_spanish_on_the_profile_switches_the_interface(client, auth, make_user, db):
    user = make_user(preferred_language="en")
    auth.login(user)

    client.post(
        "/auth/profile", data={"name": "Ada", "educator_type": "", "preferred_language": "es"}
    )

    db.session.expire_all()
    assert db.session.get(User, user.id).preferred_language == "es"
    assert '<html lang="es">' in client.get("/auth/profile").text
