"""Accounts in a real browser (issue 15): a site admin's first sign-in is led through
two-step set-up; an educator changes email address with both emails read from the
development mailbox, and the old address undoes it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from playwright.sync_api import expect

from tests.browser import E2E_PASSWORD, log_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def staff_rule(live_server) -> Iterator[None]:
    live_server.app.config["TWO_STEP_REQUIRED_FOR_STAFF"] = True
    yield
    live_server.app.config["TWO_STEP_REQUIRED_FOR_STAFF"] = False


def _code(secret: str, steps_from_now: int = 0) -> str:
    return pyotp.TOTP(secret).at(datetime.now(UTC) + timedelta(seconds=30 * steps_from_now))


def _link_in_mail(page, to_email: str, subject: str) -> str:
    """The first portal link of the newest message with this subject to this address."""
    page.goto(f"/dev/mail?to={to_email}")
    message = page.locator("article", has=page.get_by_role("heading", name=subject)).first
    body = message.locator("pre").inner_text()
    return re.search(r"https?://\S+", body).group(0)


def test_a_site_admins_first_sign_in_leads_through_two_step_set_up(
    page, live_server, staff_rule, assert_accessible
):
    admin = live_server.make_user("first-admin@e2e.example", "Farah First", is_site_admin=True)
    log_in(page, admin.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-step sign-in")
    expect(page.get_by_role("main")).to_contain_text("needs two-step sign-in before you go on")
    assert_accessible(page)

    page.goto("/admin/")  # admin pages wait until it is set up
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-step sign-in")

    secret = page.locator(".secret-key").inner_text()
    page.get_by_label("6-digit code from your app").fill(
        "000000" if _code(secret) != "000000" else "111111"
    )
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("alert")).to_contain_text("That code is not right")
    assert_accessible(page)  # the set-up page with its error

    page.get_by_label("6-digit code from your app").fill(_code(secret))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    assert_accessible(page)
    page.get_by_role("link", name="I have kept them").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Security")
    assert_accessible(page)

    page.goto("/admin/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Administration")
    page.get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("main")).to_contain_text("Two-step sign-in turned on")
    assert_accessible(page)

    page.get_by_role("button", name="Log out").first.click()
    log_in(page, admin.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-step sign-in")
    assert_accessible(page)
    page.get_by_label("Code").fill(_code(secret, steps_from_now=1))
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    page.goto("/admin/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Administration")


def test_an_educator_changes_email_and_the_old_address_undoes_it(
    page, live_server, assert_accessible
):
    old, new = "maya@old-district.e2e", "maya@new-district.e2e"
    live_server.make_user(old, "Maya Moreno")
    log_in(page, old)
    page.goto("/auth/profile")
    page.get_by_role("link", name="Change or add an email address").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your email addresses")
    assert_accessible(page)
    page.get_by_label("New email address").fill(new)
    page.get_by_label("Your current password").fill(E2E_PASSWORD)
    page.get_by_role("button", name="Send a confirmation link").click()
    expect(page.get_by_role("status")).to_contain_text(f"We sent a confirmation link to {new}")

    page.goto(_link_in_mail(page, new, "Confirm your new pdportal email address"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your new email address")
    assert_accessible(page)
    page.get_by_role("button", name="Confirm this address").click()
    expect(page.get_by_role("status")).to_contain_text(f"{new} is now your email address")

    page.goto(_link_in_mail(page, old, "Your pdportal email address was changed"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Undo the email change")
    assert_accessible(page)
    page.get_by_role("button", name="Undo the change").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    expect(page.get_by_role("status")).to_contain_text(f"{old} is your account's address again")

    log_in(page, old)
    page.goto("/account/emails")
    expect(page.get_by_role("main")).not_to_contain_text(new)


def test_account_pages_are_accessible(page, live_server, assert_accessible):
    live_server.make_user("tomas@e2e.example", "Tomás Torres")
    log_in(page, "tomas@e2e.example")
    for path, heading in [
        ("/account/security", "Security"),
        ("/account/two-step/setup", "Set up two-step sign-in"),
        ("/account/data", "Your data"),
        ("/account/emails", "Your email addresses"),
        ("/account/certificates", "Your name on certificates"),
        ("/account/close", "Close your account"),
    ]:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)
    page.get_by_role("button", name="Close my account").click()
    expect(page.get_by_role("alert")).to_contain_text("Tick the box")
    assert_accessible(page)


def test_role_change_confirm_page_is_accessible(page, live_server, assert_accessible):
    live_server.make_user("ops@e2e.example", "Olga Ops", is_site_admin=True)
    live_server.make_user("promote@e2e.example", "Pia Promote")
    log_in(page, "ops@e2e.example")
    page.goto("/admin/users?q=promote")
    page.get_by_role("button", name="Make site admin").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("a site admin?")
    assert_accessible(page)
    page.get_by_role("button", name="Make site admin").click()
    expect(page.get_by_role("status")).to_contain_text("Pia Promote is now a site admin.")


def test_merge_preview_is_accessible(page, live_server, assert_accessible):
    live_server.make_user("ops2@e2e.example", "Oscar Ops", is_site_admin=True)
    live_server.make_user("kept@e2e.example", "Kim Kept")
    live_server.make_user("dupe@e2e.example", "Kim Duplicate")
    log_in(page, "ops2@e2e.example")
    page.goto("/admin/users?q=kept")
    page.get_by_role("link", name="Merge a duplicate").click()
    assert_accessible(page)
    page.get_by_label("Email of their account").fill("dupe@e2e.example")
    page.get_by_role("button", name="Show what will happen").click()
    expect(page.get_by_role("main")).to_contain_text("The duplicate account is closed")
    assert_accessible(page)
    page.get_by_role("button", name="Merge the accounts").click()
    expect(page.get_by_role("status")).to_contain_text("The duplicate is merged")
