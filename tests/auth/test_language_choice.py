"""Choosing the interface language: the footer's buttons (POST /language), the cookie that
remembers the choice, a signed-in user's preference, and the order in which they count:
the user's preference, else the cookie, else Accept-Language."""

from __future__ import annotations

import pytest

from pdportal.i18n import LANGUAGE_COOKIE, LANGUAGE_COOKIE_MAX_AGE
from pdportal.models import User


def _html_lang(response) -> str:
    text = response.get_data(as_text=True)
    start = text.index("<html lang=") + len('<html lang="')
    return text[start : text.index('"', start)]


def test_the_footer_offers_each_language_as_a_post_button(client):
    html = client.get("/auth/login").get_data(as_text=True)

    assert 'action="/language"' in html and 'method="post"' in html
    assert 'name="language" value="es" lang="es"' in html
    assert ">Español</button>" in html and ">English</button>" in html


def test_choosing_a_language_sets_a_cookie_and_goes_back(client):
    response = client.post("/language", data={"language": "es", "next": "/workshops?topic=math"})

    assert response.status_code == 302
    assert response.location == "/workshops?topic=math"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"{LANGUAGE_COOKIE}=es;")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert f"Max-Age={LANGUAGE_COOKIE_MAX_AGE}" in cookie
    assert _html_lang(client.get("/auth/login")) == "es"


def test_the_choice_is_remembered_and_can_be_changed_back(client):
    client.post("/language", data={"language": "es"})
    assert _html_lang(client.get("/")) == "es"

    client.post("/language", data={"language": "en"})

    assert _html_lang(client.get("/", headers={"Accept-Language": "es"})) == "en"


def test_a_signed_in_users_choice_becomes_their_preference(client, auth, make_user, db):
    user = make_user(preferred_language="en")
    auth.login(user)

    client.post("/language", data={"language": "es", "next": "/auth/profile"})

    db.session.expire_all()
    assert db.session.get(User, user.id).preferred_language == "es"
    client.delete_cookie(LANGUAGE_COOKIE)
    assert _html_lang(client.get("/auth/profile")) == "es"  # the preference, not the cookie


def test_an_anonymous_choice_changes_no_account(client, make_user, db):
    user = make_user(preferred_language="en")

    client.post("/language", data={"language": "es"})

    db.session.expire_all()
    assert db.session.get(User, user.id).preferred_language == "en"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        "/\t/evil.example",
        "",
    ],
)
def test_next_is_followed_only_within_the_site(client, target):
    response = client.post("/language", data={"language": "es", "next": target})

    assert response.status_code == 302
    assert response.location == "/"
    assert f"{LANGUAGE_COOKIE}=es" in response.headers["Set-Cookie"]


def test_an_unknown_language_changes_nothing(client, auth, make_user, db):
    user = make_user(preferred_language="en")
    auth.login(user)

    response = client.post("/language", data={"language": "xx", "next": "/workshops"})

    assert response.status_code == 302 and response.location == "/workshops"
    assert "Set-Cookie" not in response.headers or LANGUAGE_COOKIE not in response.headers.get(
        "Set-Cookie", ""
    )
    db.session.expire_all()
    assert db.session.get(User, user.id).preferred_language == "en"


def test_a_signed_in_user_needs_a_csrf_token_to_choose(app, client, auth, make_user, db):
    user = make_user(preferred_language="en")
    auth.login(user)
    assert client.get("/language").status_code == 405
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post("/language", data={"language": "es", "next": "/workshops"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False

    assert LANGUAGE_COOKIE not in response.headers.get("Set-Cookie", "")
    db.session.expire_all()
    assert db.session.get(User, user.id).preferred_language == "en"


def test_a_visitor_reading_a_shared_cached_page_can_choose_a_language(app, make_workshop):
    make_workshop()
    app.config["WTF_CSRF_ENABLED"] = True
    first, second = app.test_client(), app.test_client()
    try:
        first.get("/workshops?q=soil")  # rendered for the first visitor, then shared
        shared = second.get("/workshops?q=soil").get_data(as_text=True)
        response = second.post("/language", data={"language": "es", "next": "/workshops"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False

    assert 'name="csrf_token"' not in shared  # no other visitor's token on a shared page
    assert response.status_code == 302
    assert response.headers["Set-Cookie"].startswith(f"{LANGUAGE_COOKIE}=es;")


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("es", "es"),
        ("es-MX,es;q=0.9,en;q=0.5", "es"),
        ("en-US,en;q=0.9", "en"),
        ("fr-FR,fr;q=0.9", "en"),  # a language we do not speak: English
        ("", "en"),
    ],
)
def test_accept_language_chooses_for_a_new_visitor(client, accept, expected):
    headers = {"Accept-Language": accept} if accept else {}
    assert _html_lang(client.get("/auth/login", headers=headers)) == expected


def test_the_cookie_beats_accept_language(client):
    client.set_cookie(LANGUAGE_COOKIE, "es")
    assert _html_lang(client.get("/auth/login", headers={"Accept-Language": "en"})) == "es"

    client.set_cookie(LANGUAGE_COOKIE, "en")
    assert _html_lang(client.get("/auth/login", headers={"Accept-Language": "es"})) == "en"


@pytest.mark.parametrize(
    ("preferred", "cookie", "accept"), [("en", "es", "es"), ("es", "en", "en")]
)
def test_the_users_preference_beats_the_cookie_and_accept_language(
    client, auth, make_user, preferred, cookie, accept
):
    auth.login(make_user(preferred_language=preferred))
    client.set_cookie(LANGUAGE_COOKIE, cookie)

    response = client.get("/auth/profile", headers={"Accept-Language": accept})

    assert _html_lang(response) == preferred


def test_a_preference_the_site_does_not_speak_falls_back_to_the_cookie(client, auth, make_user):
    auth.login(make_user(preferred_language="vi"))
    client.set_cookie(LANGUAGE_COOKIE, "es")

    assert _html_lang(client.get("/auth/profile", headers={"Accept-Language": "en"})) == "es"
