"""An educator signs up, finds a workshop with the catalog filters, registers and cancels."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from pdportal.extensions import db
from pdportal.models import OutboxMessage
from tests.browser import log_in

pytestmark = pytest.mark.e2e


def test_sign_up_confirm_email_and_log_in(page, live_server, assert_accessible):
    page.goto("/auth/signup")
    assert_accessible(page)

    page.get_by_role("button", name="Create account").click()  # empty: errors, nothing made
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Name").fill("Rosa Parkes-Nguyễn")
    page.get_by_label("Email").fill("rosa@signup.e2e.example")
    page.get_by_label("Password").fill("lantern ferry copper maple")
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_accessible(page)

    with live_server.app.app_context():
        body = db.session.scalars(
            select(OutboxMessage.body_text)
            .where(OutboxMessage.to_email == "rosa@signup.e2e.example")
            .order_by(OutboxMessage.id.desc())
        ).first()
    link = re.search(r"https?://\S+/auth/verify/\S+", body).group(0)
    page.goto(link)
    assert_accessible(page)
    page.get_by_role("button", name="Confirm my email address").click()
    # The browser that signed up is logged in by the link's first use (issue 10).
    expect(page.get_by_role("status")).to_contain_text(
        "rosa@signup.e2e.example is verified, and you are logged in"
    )
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    log_in(page, "rosa@signup.e2e.example", "lantern ferry copper maple")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_educator_finds_registers_and_cancels(page, live_server, network_admin, assert_accessible):
    live_server.make_workshop(
        "e2e-tidepools",
        "Tide Pools and Data Literacy",
        topics=["ngss_science"],
        summary="Field data from rocky shores in the science classroom.",
        days_from_now=10,
    )
    live_server.make_workshop(
        "e2e-fractions-paid",
        "Fractions on the Number Line",
        topics=["mathematics"],
        price_cents=4500,
        days_from_now=10,
    )
    live_server.make_workshop(
        "e2e-circuits", "Paper Circuits for Young Engineers", topics=["engineering"]
    )
    educator = live_server.make_user("eddie@journey.e2e.example", "Eddie Educator")

    log_in(page, educator.email)
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    page.goto("/workshops")
    results = page.locator("ul.cards")
    expect(results.get_by_role("link", name="Fractions on the Number Line")).to_be_visible()
    expect(
        results.get_by_role("link", name="Tide Pools and Data Literacy", exact=True)
    ).to_be_visible()

    filters = page.get_by_role("search", name="Filter workshops")
    filters.get_by_label("Topic").select_option(label="Mathematics")
    filters.get_by_role("button", name="Show workshops").click()
    expect(page).to_have_url(re.compile(r"topic=mathematics"))
    expect(results.get_by_role("link", name="Fractions on the Number Line")).to_be_visible()
    expect(
        results.get_by_role("link", name="Tide Pools and Data Literacy", exact=True)
    ).to_have_count(0)

    filters.get_by_label("Free workshops only").check()
    filters.get_by_role("button", name="Show workshops").click()
    expect(page).to_have_url(re.compile(r"free="))
    expect(results.get_by_role("link", name="Fractions on the Number Line")).to_have_count(0)

    filters.get_by_label("Topic").select_option(label="Any")
    filters.get_by_label("Search").fill("tide pools")
    filters.get_by_role("button", name="Show workshops").click()
    query = parse_qs(urlsplit(page.url).query)
    assert query["q"] == ["tide pools"]
    assert query["free"]  # the free-only filter is kept in the address
    expect(filters.get_by_label("Search")).to_have_value("tide pools")
    expect(filters.get_by_label("Free workshops only")).to_be_checked()
    expect(results.get_by_role("link", name="Paper Circuits for Young Engineers")).to_have_count(0)

    results.get_by_role("link", name="Tide Pools and Data Literacy", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tide Pools and Data Literacy")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("status")).to_contain_text(
        "You're registered for Tide Pools and Data Literacy"
    )
    expect(page.get_by_text("You have a seat in this workshop.")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="My registrations").click()
    upcoming = page.get_by_role("region", name="Upcoming")
    expect(
        upcoming.get_by_role("link", name="Tide Pools and Data Literacy", exact=True)
    ).to_be_visible()

    upcoming.get_by_role(
        "link", name="Cancel registration for Tide Pools and Data Literacy"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel your registration?")
    page.get_by_role("button", name="Cancel your registration").click()

    expect(page.get_by_role("status")).to_contain_text("Your registration is cancelled.")
    page.goto("/me/registrations")
    expect(page.get_by_role("region", name="Upcoming")).to_contain_text(
        "No upcoming workshops yet."
    )
    expect(page.get_by_role("region", name="Cancelled")).to_contain_text(
        "Tide Pools and Data Literacy"
    )
