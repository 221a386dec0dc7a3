"""A facilitator takes attendance, an admin issues certificates, the educator gets one and
anyone can verify it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import log_in

pytestmark = pytest.mark.e2e

TITLE = "Formative Assessment in Math Talks"


def test_attendance_to_verified_certificate(
    browser, page, live_server, network_admin, assert_accessible
):
    facilitator = live_server.make_user("fran@facilitate.e2e.example", "Fran Facilitator")
    educator = live_server.make_user("ngoc@attend.e2e.example", "Ngọc Trần")
    absentee = live_server.make_user("abe@attend.e2e.example", "Abe Absent")
    (session_id,) = live_server.make_workshop(
        "e2e-formative-math",
        TITLE,
        days_from_now=-9,  # over: attendance is taken, certificates can be issued
        facilitator_emails=[facilitator.email],
    )
    live_server.seat(educator.email, "e2e-formative-math")
    live_server.seat(absentee.email, "e2e-formative-math")

    log_in(page, facilitator.email)
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Facilitate").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)  # the facilitator's overview
    page.goto(f"/facilitate/sessions/{session_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Attendance: {TITLE}")
    assert_accessible(page)  # the facilitator's session roster

    page.get_by_role("group", name="Mark Ngọc Trần").get_by_role("button", name="Present").click()
    expect(page.get_by_role("status")).to_contain_text("Ngọc Trần: present, 180 minutes.")
    page.get_by_role("group", name="Mark Abe Absent").get_by_role("button", name="Absent").click()
    expect(page.get_by_role("status")).to_contain_text("Abe Absent: absent")
    expect(
        page.get_by_role("group", name="Mark Ngọc Trần").get_by_role("button", name="Present")
    ).to_have_attribute("aria-pressed", "true")
    assert_accessible(page)

    page.goto("/facilitate/workshops/e2e-formative-math/roster")  # facilitate.roster
    expect(page.get_by_role("main")).to_contain_text("Ngọc Trần")
    assert_accessible(page)

    admin = browser.new_context(base_url=live_server.url)
    try:
        admin_page = admin.new_page()
        log_in(admin_page, network_admin.email)
        admin_page.goto("/facilitate/workshops/e2e-formative-math/certificates")
        assert_accessible(admin_page)
        admin_page.get_by_role("button", name="Issue certificates to everyone eligible").click()
        expect(admin_page.get_by_role("main")).to_contain_text(
            "1 eligible educator without a certificate gets one"
        )
        assert_accessible(admin_page)  # the confirm page every bulk action shares
        admin_page.get_by_role("button", name="Issue certificates", exact=True).click()
        expect(admin_page.get_by_role("status")).to_contain_text(
            "1 certificate issued; 1 not eligible"
        )
        expect(admin_page.get_by_role("row", name="Abe Absent")).to_contain_text("Not eligible")
        expect(admin_page.get_by_role("row", name="Ngọc Trần")).to_contain_text("Issued")
    finally:
        admin.close()

    page.get_by_role("button", name="Log out").click()
    log_in(page, educator.email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Certificates").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My certificates")
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Total hours: 3.0")
    assert_accessible(page)
    page.get_by_role("main").get_by_role("link", name="Transcript", exact=True).click()
    expect(page.get_by_role("main")).to_contain_text(TITLE)
    assert_accessible(page)
    page.go_back()
    verify_path = page.get_by_role("link", name=f"Verification page for {TITLE}").get_attribute(
        "href"
    )

    visitor = browser.new_context(base_url=live_server.url)
    try:
        public = visitor.new_page()
        public.goto(verify_path)
        expect(public.get_by_role("main")).to_contain_text("Valid.")
        expect(public.get_by_role("main")).to_contain_text("Ngọc Trần")
        expect(public.get_by_role("main")).to_contain_text(TITLE)
        assert_accessible(public)
    finally:
        visitor.close()
