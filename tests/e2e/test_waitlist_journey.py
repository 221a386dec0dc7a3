"""The last seat: the second educator waits in line and gets the seat when the first cancels."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import log_in

pytestmark = pytest.mark.e2e

TITLE = "Computational Thinking in K–2"


def test_waitlisted_educator_gets_the_freed_seat(browser, live_server, network_admin):
    live_server.make_workshop(
        "e2e-one-seat", TITLE, capacity=1, topics=["computer_science"], days_from_now=30
    )
    first = live_server.make_user("ana@waitlist.e2e.example", "Ana First")
    second = live_server.make_user("ben@waitlist.e2e.example", "Ben Second")
    contexts = [browser.new_context(base_url=live_server.url) for _ in range(2)]
    try:
        page_a, page_b = (context.new_page() for context in contexts)

        log_in(page_a, first.email)
        page_a.goto("/workshops/e2e-one-seat")
        expect(page_a.get_by_role("main")).to_contain_text("1 of 1 seat left")
        page_a.get_by_role("button", name="Register").click()
        expect(page_a.get_by_role("status")).to_contain_text(f"You're registered for {TITLE}")

        log_in(page_b, second.email)
        page_b.goto("/workshops/e2e-one-seat")
        expect(page_b.get_by_role("main")).to_contain_text("This workshop is full.")
        page_b.get_by_role("button", name="Join the waitlist").click()
        expect(page_b.get_by_role("status")).to_contain_text("on the waitlist at position 1")
        expect(page_b.get_by_text("You're number 1 on the waitlist.")).to_be_visible()
        page_b.goto("/me/registrations")
        waitlisted = page_b.get_by_role("region", name="Waitlisted")
        expect(waitlisted).to_contain_text(TITLE)
        expect(waitlisted).to_contain_text("You're number 1 in line.")

        page_a.get_by_role("link", name="Cancel my registration").click()
        page_a.get_by_role("button", name="Cancel your registration").click()
        expect(page_a.get_by_role("status")).to_contain_text("Your registration is cancelled.")

        page_b.reload()
        upcoming = page_b.get_by_role("region", name="Upcoming")
        expect(upcoming.get_by_role("link", name=TITLE, exact=True)).to_be_visible()
        expect(page_b.get_by_role("region", name="Waitlisted")).to_contain_text(
            "You're not on any waitlist."
        )
        page_b.goto("/workshops/e2e-one-seat")
        expect(page_b.get_by_text("You have a seat in this workshop.")).to_be_visible()
    finally:
        for context in contexts:
            context.close()
