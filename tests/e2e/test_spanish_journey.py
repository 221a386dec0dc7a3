"""The newcomer's journey in Spanish (issue 14): catalog, search, workshop, sign up,
register, my registrations, cancel, with a browser that asks for Spanish. No English
interface text on any of those pages (workshop content stays as its organiser wrote it),
and axe-core finds nothing."""

from __future__ import annotations

import re
from functools import cache

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import expect
from sqlalchemy import select

from pdportal.extensions import db
from pdportal.models import Network, OutboxMessage, User, Workshop
from tests.i18n.checks import TRANSLATIONS

pytestmark = pytest.mark.e2e

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")
# What a person reads: the interface's own elements, not the workshop's text.
INTERFACE = "nav a, button, label, legend, h1, h2, h3, th, .flash, .hint, .error, dt, summary"


@cache
def _english() -> tuple[set[str], set[str]]:
    """(phrases, words): English fragments of messages whose Spanish differs."""
    with (TRANSLATIONS / "es" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    phrases: set[str] = set()
    words: set[str] = set()
    for message in catalog:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not ids[0] or ids[0] in strings:
            continue
        for english in ids:
            for fragment in PLACEHOLDER.split(english):
                fragment = fragment.strip(" .,:;·—-()\n")
                if len(fragment.split()) >= 3:
                    phrases.add(fragment)
                elif len(fragment.split()) == 1 and len(fragment) >= 4 and fragment.isalpha():
                    words.add(fragment)
    return phrases, words


def _content(app) -> list[str]:
    """What organisers and people wrote (titles, names): it stays in its own language."""
    with app.app_context():
        titles = db.session.scalars(select(Workshop.title)).all()
        names = db.session.scalars(select(Network.name)).all()
        people = db.session.scalars(select(User.name)).all()
    return sorted([*titles, *names, *people], key=len, reverse=True)


def english_on(page, content: list[str]) -> list[str]:
    phrases, words = _english()
    text = page.evaluate("document.body.innerText")
    for written in content:
        text = text.replace(written, " ")
    leaks = [phrase for phrase in phrases if phrase in text]
    for element_text in page.locator(INTERFACE).all_inner_texts():
        for written in content:
            element_text = element_text.replace(written, " ")
        leaks += [word for word in element_text.split() if word.strip(".,:;()") in words]
    return sorted(set(leaks))


def check(page, assert_accessible, app) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert english_on(page, _content(app)) == [], page.url
    assert_accessible(page)


def test_a_newcomer_finds_registers_and_cancels_in_spanish(
    browser, live_server, network_admin, assert_accessible
):
    live_server.make_workshop(
        "e2e-es-mareas",
        "Mareas y datos en el aula",
        topics=["ngss_science"],
        summary="Datos de campo de las costas rocosas en la clase de ciencias.",
        description="## Qué haremos\n\nLas mismas tareas que harán sus estudiantes.",
        days_from_now=12,
    )
    context = browser.new_context(base_url=live_server.url, locale="es-US")
    page = context.new_page()

    page.goto("/")
    check(page, assert_accessible, live_server.app)
    page.goto("/workshops")
    check(page, assert_accessible, live_server.app)
    page.locator("#q").fill("mareas")
    page.locator("form[role=search] button[type=submit]").first.click()  # "Buscar"
    expect(page.locator("ul.cards a", has_text="Mareas y datos en el aula")).to_be_visible()
    check(page, assert_accessible, live_server.app)

    page.locator("ul.cards a", has_text="Mareas y datos en el aula").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mareas y datos en el aula")
    check(page, assert_accessible, live_server.app)

    page.goto("/auth/signup")
    check(page, assert_accessible, live_server.app)
    page.locator("#name").fill("Lucía Hernández")
    page.locator("#email").fill("lucia@es.e2e.example")
    page.locator("#password").fill("marea alta ciencia clara")
    page.locator("main form [type=submit]").first.click()
    check(page, assert_accessible, live_server.app)
    with live_server.app.app_context():
        message = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.to_email == "lucia@es.e2e.example")
        ).one()
    phrases, _words = _english()  # the email is in the language she signed up in
    assert [phrase for phrase in phrases if phrase in message.body_text] == []
    assert message.subject and message.subject not in phrases
    page.goto(re.search(r"https?://\S+/auth/verify/\S+", message.body_text).group(0))
    check(page, assert_accessible, live_server.app)
    page.locator("main form [type=submit]").first.click()
    # The browser that signed up is logged in by the link's first use (issue 10); log out
    # to check the log-in page in Spanish too.
    with page.expect_navigation():
        page.locator("form[action$='/auth/logout'] button").click()

    page.goto("/auth/login")
    check(page, assert_accessible, live_server.app)
    page.locator("#email").fill("lucia@es.e2e.example")
    page.locator("#password").fill("marea alta ciencia clara")
    with page.expect_navigation():
        page.locator("main form [type=submit]").first.click()

    page.goto("/workshops/e2e-es-mareas")
    page.locator(
        ".registration-panel form[action$='/workshops/e2e-es-mareas/register'] button"
    ).click()
    expect(page.locator(".flash")).to_be_visible()
    check(page, assert_accessible, live_server.app)

    page.goto("/me/registrations")
    check(page, assert_accessible, live_server.app)
    page.locator("a[href*='/cancel']").first.click()
    check(page, assert_accessible, live_server.app)
    page.locator("main form [type=submit]").first.click()
    expect(page.locator(".flash")).to_be_visible()
    check(page, assert_accessible, live_server.app)
    context.close()
