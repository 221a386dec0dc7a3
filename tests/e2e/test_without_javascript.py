"""With JavaScript off (a locked-down school browser), log-in, registration and cancelling
still work."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import log_in

pytestmark = pytest.mark.e2e


def test_log_in_register_and_cancel_without_javascript(browser, live_server, network_admin):
    live_server.make_workshop(
        "e2e-nojs-bridges", "Bridges and Load Testing", topics=["engineering"]
    )
    educator = live_server.make_user("noor@nojs.e2e.example", "Noor Plain")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/workshops/e2e-nojs-bridges")
        page.get_by_role("button", name="Register").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Log in")  # asked to log in

        log_in(page, educator.email)
        expect(page.get_by_role("button", name="Log out")).to_be_visible()
        page.goto("/workshops/e2e-nojs-bridges")
        page.get_by_role("button", name="Register").click()
        expect(page.get_by_role("status")).to_contain_text(
            "You're registered for Bridges and Load Testing"
        )
        page.goto("/me/registrations")
        upcoming = page.get_by_role("region", name="Upcoming")
        expect(upcoming).to_contain_text("Bridges and Load Testing")

        upcoming.get_by_role(
            "link", name="Cancel registration for Bridges and Load Testing"
        ).click()
        page.get_by_role("button", name="Cancel your registration").click()
        expect(page.get_by_role("status")).to_contain_text("Your registration is cancelled.")
    finally:
        context.close()
