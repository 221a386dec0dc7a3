"""The roster on a 375px phone, in a real Chromium: every registration reads as a block
of labelled values, with Cancel on the screen (no sideways scroll)."""

from __future__ import annotations

import pytest

from tests.browser import log_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 740}


def _label(cell) -> str:
    """The label a stacked cell shows before its value (CSS generated content)."""
    return cell.evaluate("el => getComputedStyle(el, '::before').content")


@pytest.fixture(scope="module")
def roster_path(live_server, network_admin) -> str:
    live_server.make_workshop("roster-phone", "Argumentation in Science Class", capacity=1)
    for n, name in enumerate(["Maximiliana Okonkwo-Fitzgerald", "Bea Waiting", "Cy Waiting"]):
        email = f"roster-phone-{n}@e2e.example"
        live_server.make_user(email, name, school="Rainier Beach High School")
        live_server.register(email, "roster-phone")
    return "/facilitate/workshops/roster-phone/roster"


def test_roster_reads_as_labelled_blocks_on_a_375px_phone(
    page, network_admin, roster_path, assert_accessible
):
    log_in(page, network_admin.email)
    page.set_viewport_size(PHONE)
    page.goto(roster_path)

    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    row = page.locator("tbody tr").filter(has_text="Bea Waiting")
    status = row.locator("td[data-label='Status']")
    assert _label(status) == '"Status: "'
    assert status.inner_text().startswith("Waitlisted")
    assert status.is_visible() and row.locator("td[data-label='Waitlist']").inner_text() == "1"
    cancel = row.get_by_role("link", name="Cancel Bea Waiting")
    box = cancel.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    # A stacked row is a short block, not a tall narrow column of wrapped words.
    seated = page.locator("tbody tr").filter(has_text="Maximiliana").bounding_box()
    assert seated is not None and seated["width"] > 300 and seated["height"] < 260
    assert_accessible(page)


def test_roster_stays_a_table_on_a_wide_screen(page, network_admin, roster_path):
    log_in(page, network_admin.email)
    page.set_viewport_size({"width": 1200, "height": 800})
    page.goto(roster_path)

    assert page.locator("thead").is_visible()
    assert _label(page.locator("td[data-label='Status']").first) == "none"
    status = page.locator("tbody tr").filter(has_text="Bea Waiting").locator("td").first
    assert status.inner_text().startswith("Waitlisted")
