"""Keyboard-only use (Tab, Enter, Space) with a visible focus indicator, and phone-width pages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser import log_in

pytestmark = pytest.mark.e2e

FOCUS_INDICATOR = """el => {
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return outline || style.boxShadow !== "none";
}"""


def tab_to(page: Page, target: Locator, limit: int = 60) -> None:
    """Press Tab until `target` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{target} never received the focus after {limit} Tab presses")


def assert_focus_visible(target: Locator) -> None:
    expect(target).to_be_focused()
    assert target.evaluate(FOCUS_INDICATOR), "the focused element shows no outline or ring"


def test_catalog_filters_and_registration_by_keyboard(page, live_server, network_admin):
    live_server.make_workshop(
        "e2e-keyboard-rockets", "Water Rockets and Forces", topics=["engineering"]
    )
    educator = live_server.make_user("kiri@keyboard.e2e.example", "Kiri Keyboard")
    log_in(page, educator.email)

    page.goto("/workshops")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert_focus_visible(skip)
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()  # the next Tab goes into the page

    filters = page.get_by_role("search", name="Filter workshops")
    search = filters.get_by_label("Search")
    tab_to(page, search)
    assert_focus_visible(search)
    page.keyboard.type("rockets")

    topic = filters.get_by_label("Topic")
    tab_to(page, topic)
    assert_focus_visible(topic)
    page.keyboard.type("Engin")  # type-ahead picks an option of a closed select
    expect(topic).to_have_value("engineering")

    free_only = filters.get_by_label("Free workshops only")
    tab_to(page, free_only)
    assert_focus_visible(free_only)
    page.keyboard.press("Space")
    expect(free_only).to_be_checked()

    submit = filters.get_by_role("button", name="Show workshops")
    tab_to(page, submit)
    assert_focus_visible(submit)
    page.keyboard.press("Enter")
    for kept in ("q=rockets", "topic=engineering", "free="):
        expect(page).to_have_url(re.compile(kept))
    result = page.get_by_role("link", name="Water Rockets and Forces")
    expect(result).to_be_visible()

    tab_to(page, result)
    assert_focus_visible(result)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Water Rockets and Forces")

    register = page.get_by_role("button", name="Register")
    tab_to(page, register)
    assert_focus_visible(register)
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("You're registered for Water Rockets")


def assert_no_sideways_scroll(page: Page, path: str) -> None:
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    scroll_width, inner_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert inner_width == 375
    assert scroll_width <= inner_width, (
        f"{path} scrolls sideways on a phone: {scroll_width}px > {inner_width}px"
    )


def test_pages_fit_a_phone_screen(browser, live_server, network_admin):
    # No is_mobile: a mobile viewport would zoom out to fit a wide page and hide the overflow.
    live_server.make_workshop(
        "e2e-phone-microscopes",
        "Microscopes, Magnifiers and Evidence-Based Argumentation in Life Science",
        topics=["ngss_science"],
        summary="Long words such as photosynthesis-chlorophyll-mitochondria in a narrow column.",
        description=(
            "Pre-reading: https://docs.google.com/document/d/1aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"
            "aBcDeFgHiJkLmNoPqRsTuVwXyZ/edit?usp=sharing&ouid=1234567890\n\n"
            "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3
        ),
        sessions=3,
    )
    context = browser.new_context(base_url=live_server.url, viewport={"width": 375, "height": 667})
    try:
        phone = context.new_page()
        for path in [
            "/workshops",
            "/workshops?topic=ngss_science",
            "/workshops/e2e-phone-microscopes",
        ]:
            assert_no_sideways_scroll(phone, path)
        log_in(phone, network_admin.email)  # wide tables scroll inside their box, not the page
        for path in [
            "/workshops/e2e-phone-microscopes",
            "/me/registrations",
            "/admin/",
            "/admin/workshops/e2e-phone-microscopes",
        ]:
            assert_no_sideways_scroll(phone, path)
    finally:
        context.close()


def test_menu_links_are_big_enough_to_tap_on_a_phone(browser, live_server, network_admin):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 375, "height": 667})
    try:
        phone = context.new_page()
        log_in(phone, network_admin.email)  # the longest menu: admin and facilitate too
        phone.goto("/workshops")
        menu = phone.get_by_role("navigation", name="Main")
        expect(menu.get_by_role("link", name="Admin")).to_be_hidden()  # folded on a phone
        summary = menu.locator("summary")
        assert summary.bounding_box()["height"] >= 44
        summary.click()  # a <details>: opens without JavaScript
        targets = menu.get_by_role("link").all() + menu.get_by_role("button").all()
        assert len(targets) >= 6
        for target in targets:
            box = target.bounding_box()
            assert box["height"] >= 44, f"{target.inner_text()} is {box['height']}px tall"
    finally:
        context.close()
