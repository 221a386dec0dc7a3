"""Issue 10, measured: a new visitor goes from the home page to a seat in at most eight
clicks, signing up on the way (the verification email read from the development
mailbox), and never loses the workshop. Every page on the way passes axe-core at 360 px
and 1280 px. On a phone the date and the button are in the first screen and stay in
reach, and the menu folds."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, expect

pytestmark = pytest.mark.e2e

MAX_CLICKS = 8
EMAIL = "kelp.newcomer@journey.e2e.example"


class Clicks:
    """Counts what the visitor clicks (typing into a field is not a click)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, target: Locator) -> None:
        self.count += 1
        target.click()


def test_new_visitor_finds_signs_up_and_registers_in_eight_clicks(
    page, live_server, network_admin, assert_accessible
):
    live_server.make_workshop(
        "e2e-kelp-forest",
        "Kelp Forest Data Investigations",
        topics=["ngss_science"],
        summary="Real kelp forest survey data for middle school science.",
        sessions=3,
    )
    click = Clicks()

    page.goto("/")
    assert_accessible(page)
    page.get_by_role("searchbox", name="Search workshops").fill("kelp forest")
    click(page.get_by_role("button", name="Search"))
    expect(page).to_have_url(re.compile(r"/workshops\?q=kelp"))
    assert_accessible(page)

    click(page.get_by_role("link", name="Kelp Forest Data Investigations"))
    expect(page).to_have_url(re.compile(r"/workshops/e2e-kelp-forest$"))
    glance = page.get_by_role("region", name="At a glance")
    expect(glance).to_contain_text("3 sessions, the last on")
    expect(glance).to_contain_text("Free")
    assert_accessible(page)

    panel = page.get_by_role("region", name="Registration")
    click(panel.get_by_role("link", name="Create an account"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Create your account")
    assert_accessible(page)

    page.get_by_label("Your name").fill("Kai Newcomer")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password").fill("kelp otter urchin tide")
    click(page.get_by_role("button", name="Create account"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_accessible(page)

    click(page.get_by_role("link", name="Open the development mailbox"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Development mailbox")
    assert_accessible(page)
    message = page.get_by_role("article").filter(has_text=f"To {EMAIL}").first
    expect(message).to_contain_text("Confirm your email address")

    click(message.locator('a[href*="/auth/verify/"]'))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your email address")
    assert_accessible(page)

    click(page.get_by_role("button", name="Confirm my email address"))
    expect(page).to_have_url(re.compile(r"/workshops/e2e-kelp-forest$"))  # back, logged in
    expect(page.get_by_role("status")).to_contain_text("you are logged in")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    back = page.get_by_role("link", name="Back to all workshops")
    expect(back).to_have_attribute("href", re.compile(r"^/workshops\?q=kelp\+forest$"))
    assert_accessible(page)

    click(page.get_by_role("region", name="Registration").get_by_role("button", name="Register"))
    expect(page.get_by_role("status")).to_contain_text("registered")
    expect(page.get_by_role("region", name="Registration")).to_contain_text("Registered")
    assert_accessible(page)

    assert click.count <= MAX_CLICKS, f"{click.count} clicks from the home page"


def test_on_a_phone_the_date_and_button_lead_and_stay_in_reach(
    browser, live_server, network_admin, assert_accessible
):
    live_server.make_workshop(
        "e2e-phone-first",
        "Phone First Engineering Design",
        topics=["engineering"],
        description="## Plan\n\n" + "Design, build, test and improve. " * 150,
        sessions=2,
    )
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740})
    try:
        phone = context.new_page()
        phone.goto("/workshops/e2e-phone-first")
        button = phone.get_by_role("region", name="Registration").get_by_role(
            "button", name="Register"
        )
        when = phone.get_by_role("region", name="At a glance").locator("dd").first
        for target in (when, button):
            box = target.bounding_box()
            assert box["y"] + box["height"] <= 740, "not in the first screen"

        bar = phone.locator(".action-bar")
        phone.get_by_role("heading", name="About this workshop").scroll_into_view_if_needed()
        phone.mouse.wheel(0, 1500)
        expect(bar).to_be_in_viewport()
        box = bar.bounding_box()
        assert abs(box["y"] + box["height"] - 740) <= 1, "the bar sits at the screen's bottom"
        expect(bar.get_by_role("button", name="Register")).to_be_visible()
        assert bar.get_by_role("button", name="Register").bounding_box()["height"] >= 44

        menu = phone.get_by_role("navigation", name="Main")
        expect(menu.get_by_role("link", name="Log in")).to_be_hidden()
        menu.locator("summary").click()
        expect(menu.get_by_role("link", name="Log in")).to_be_visible()
        assert_accessible(phone)
    finally:
        context.close()


def test_on_a_wide_screen_the_menu_is_open_and_the_bar_hidden(page, live_server, network_admin):
    live_server.make_workshop("e2e-wide-screen", "Wide Screen Circuits")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/workshops/e2e-wide-screen")
    menu = page.get_by_role("navigation", name="Main")
    expect(menu.get_by_role("link", name="Log in")).to_be_visible()
    expect(menu.locator("summary")).to_be_hidden()
    expect(page.locator(".action-bar")).to_be_hidden()
