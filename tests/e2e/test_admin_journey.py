"""A network admin creates a workshop with a session, publishes it, and visitors find it."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser import log_in

pytestmark = pytest.mark.e2e


def test_admin_creates_and_publishes_a_workshop(
    browser, page, live_server, network_admin, assert_accessible
):
    log_in(page, network_admin.email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Admin").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Administration")
    assert_accessible(page)

    page.get_by_role("link", name="New workshop").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New workshop")
    page.get_by_label("Title").fill("Modeling Ecosystems with Spreadsheets")
    page.get_by_label("Capacity").fill("0")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("alert")).to_contain_text("Capacity must be at least 1.")
    assert_accessible(page)  # the workshop form with errors

    page.get_by_label("Slug").fill("e2e-modeling-ecosystems")
    page.get_by_label("Summary").fill("Build food-web models your students can change and test.")
    page.get_by_label("Description").fill("## Plan\n\n- Build a model\n- Test it with data")
    page.get_by_label("NGSS science").check()
    page.get_by_label("Grades 6–8").check()
    page.get_by_label("Audience").fill("Middle-school science teachers")
    page.get_by_label("Venue").fill("North Sound ESD, Room 4")
    page.get_by_label("Address", exact=True).fill("1601 R Ave, Anacortes")
    page.get_by_label("Capacity").fill("24")
    page.get_by_label("Credit hours").fill("6")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("status")).to_contain_text("Draft saved.")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Modeling Ecosystems with Spreadsheets"
    )

    page.get_by_role("link", name="Add a session").click()
    page.get_by_label("Date").fill(f"{date.today().year + 1}-04-14")
    page.get_by_label("Starts").fill("09:00")
    page.get_by_label("Ends").fill("15:30")
    page.get_by_role("button", name="Add session").click()
    expect(page.get_by_role("status")).to_contain_text("Session added.")
    expect(page.get_by_role("main")).to_contain_text("Apr 14")

    # Washington clock hours (the first credit type): the designee approves it first.
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status").first).to_contain_text("need an approved offering")
    page.get_by_role("link", name="Objectives, agenda, instructors, standards and approval").click()
    page.get_by_label("Learning objectives").fill("Build a food-web model\nTest it with data")
    page.get_by_label("Agenda").fill("9:00 Models; 12:00 Lunch; 13:00 Data")
    page.get_by_label("Instructors and their qualifications").fill("Ana Ruiz, NBCT biology")
    page.get_by_label("How it meets the standards").fill("NGSS MS-LS2-3; SEP 2")
    page.get_by_role("button", name="Save the record").click()
    page.get_by_label("Approved by (the network's designee)").fill("Dr. Dee Signer")
    page.get_by_label("Date of approval").fill(date.today().isoformat())
    page.get_by_role("button", name="Approve the offering").click()
    expect(page.get_by_role("status")).to_contain_text("Approved: the offering may be published.")
    page.get_by_role("link", name="Back to the workshop").click()

    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status")).to_contain_text("Published")

    visitor = browser.new_context(base_url=live_server.url)
    try:
        public = visitor.new_page()
        public.goto("/workshops?q=ecosystems")
        public.get_by_role("link", name="Modeling Ecosystems with Spreadsheets").click()
        expect(public.get_by_role("heading", level=1)).to_have_text(
            "Modeling Ecosystems with Spreadsheets"
        )
        expect(public.get_by_role("main")).to_contain_text("24 of 24 seats left")
        objectives = public.get_by_role("region", name="Learning objectives")
        expect(objectives.get_by_role("listitem")).to_have_count(2)
        expect(public.get_by_role("button", name="Register")).to_be_visible()
    finally:
        visitor.close()
