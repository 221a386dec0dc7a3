"""Every admin page passes axe-core in a real Chromium, and its forms post with CSRF tokens."""

from __future__ import annotations

from datetime import date, time

import pytest

from pdportal.extensions import db
from pdportal.models import Network
from pdportal.services import workshops
from pdportal.services.workshops import WorkshopDetails
from tests.e2e.conftest import CHROMIUM_FLAGS, log_in

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def browser(chromium_path):
    """Closed when this module ends: only one sync Playwright may run at a time, and the
    e2e suite starts its own later in the run."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium_path), args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_admin_pages_are_accessible(page, live_server, network_admin, assert_accessible):
    site_admin = live_server.make_user("ops@a11y.example", "Sam Site", is_site_admin=True)
    next_year = date.today().year + 1
    with live_server.app.app_context():
        network = db.session.query(Network).filter_by(slug="puget-sound").one()
        workshop = workshops.create_workshop(
            network, WorkshopDetails(title="Accessible Math Talks", description="## Plan")
        )
        session = workshops.add_session(workshop, date(next_year, 3, 2), time(9), time(12))
        workshops.assign_facilitator(workshop, network_admin.email)
        base = f"/admin/workshops/{workshop.slug}"
        session_path = f"{base}/sessions/{session.id}/edit"

    log_in(page, site_admin.email)
    for path in [
        "/admin/",
        "/admin/workshops/new",
        base,
        f"{base}/edit",
        f"{base}/duplicate",
        f"{base}/cancel",
        f"{base}/sessions/new",
        session_path,
        "/admin/networks",
        "/admin/networks/new",
        "/admin/networks/puget-sound",
        "/admin/users?q=a",
    ]:
        page.goto(path)
        assert_accessible(page)

    page.goto("/admin/workshops/new")
    page.get_by_label("Title").fill("Too small")
    page.get_by_label("Capacity").fill("0")
    page.get_by_role("button", name="Save draft").click()
    assert page.get_by_text("Capacity must be at least 1.").first.is_visible()
    assert_accessible(page)

    page.goto(base)
    page.get_by_role("button", name="Publish").click()
    assert page.get_by_text("Published: it is now in the catalog.").is_visible()
