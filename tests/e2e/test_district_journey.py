"""Districts in a real browser: an admin appoints a coordinator, who registers five staff
(two new) on one purchase order; the new staff accept the invitation and find the
workshop in My registrations. A workshop with a question and supervisor approval is
registered for and approved through the supervisor's link. Every new page passes axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from pdportal.extensions import db
from pdportal.models import OutboxMessage, QuestionKind, Workshop
from pdportal.services import registration
from tests.browser import log_in

pytestmark = pytest.mark.e2e


def _link(live_server, to_email: str, path: str) -> str:
    with live_server.app.app_context():
        registration.write_seat_emails()
        bodies = db.session.scalars(
            select(OutboxMessage.body_text).where(OutboxMessage.to_email == to_email)
        ).all()
    body = next(text for text in bodies if path in text)
    return path + body.split(path)[1].split()[0]


def _set(live_server, slug: str, **fields) -> Workshop:
    with live_server.app.app_context():
        workshop = db.session.scalar(select(Workshop).where(Workshop.slug == slug))
        for name, value in fields.items():
            setattr(workshop, name, value)
        db.session.commit()
        return workshop.id


def test_coordinator_registers_five_staff_and_new_staff_accept(
    page, live_server, network_admin, assert_accessible
):
    live_server.make_workshop(
        "e2e-district-po", "Three-Dimensional Science Teaching", price_cents=12000
    )
    _set(live_server, "e2e-district-po", allows_purchase_order=True)
    live_server.make_user("casey@kent.e2e.example", "Casey Coordinator")
    for n in range(3):
        live_server.make_user(f"teacher{n}@kent.e2e.example", f"Teacher {n}")

    log_in(page, network_admin.email)
    page.goto("/admin/networks/puget-sound/coordinators")
    page.get_by_label("Coordinator's account email").fill("casey@kent.e2e.example")
    page.get_by_label("Or the district's name, when it is not listed").fill("Kent School District")
    page.get_by_role("button", name="Appoint").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Make Casey Coordinator (casey@kent.e2e.example) coordinator of Kent School District?"
    )
    page.get_by_role("button", name="Appoint").click()
    expect(page.get_by_role("main")).to_contain_text("Kent School District: Casey Coordinator")
    assert_accessible(page)
    page.context.clear_cookies()

    log_in(page, "casey@kent.e2e.example")
    page.goto("/district")
    assert_accessible(page)
    page.get_by_role("link", name="Register staff").click()
    page.get_by_label("Workshop", exact=True).select_option(
        label="Three-Dimensional Science Teaching"
    )
    staff = [f"teacher{n}@kent.e2e.example" for n in range(3)]
    staff += ["new.one@kent.e2e.example, Nia Newhire", "new.two@kent.e2e.example, Omar Newhire"]
    page.get_by_label("Staff, one a line, in the order seats should go").fill("\n".join(staff))
    page.get_by_label("Purchase order number (for workshops with a fee)").fill("PO-2026-118")
    assert_accessible(page)
    page.get_by_role("button", name="Register these staff").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Group registration")
    expect(page.get_by_role("main")).to_contain_text("PO-2026-118")
    expect(page.get_by_role("cell", name="Confirmed")).to_have_count(5)
    assert_accessible(page)

    for email, password in [
        ("new.one@kent.e2e.example", "tide pools and lanterns"),
        ("new.two@kent.e2e.example", "quiet harbour at noon"),
    ]:
        page.context.clear_cookies()
        page.goto(_link(live_server, email, "/district/invitation/"))
        assert_accessible(page)
        page.get_by_label("New password").fill(password)
        page.get_by_role("button", name="Set my password").click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        page.goto("/me/registrations")
        expect(
            page.get_by_role("link", name="Three-Dimensional Science Teaching", exact=True)
        ).to_be_visible()


def test_question_and_supervisor_approval_in_the_browser(
    page, live_server, network_admin, assert_accessible
):
    live_server.make_workshop("e2e-approval", "Leading Math Discourse")
    workshop_id = _set(live_server, "e2e-approval", requires_approval=True)
    live_server.make_user("rosa@approval.e2e.example", "Rosa Teacher")
    with live_server.app.app_context():
        workshop = db.session.get(Workshop, workshop_id)
        registration.add_question(workshop, QuestionKind.ONE_CHOICE, "Lunch", ["Vegetarian", "Any"])

    log_in(page, network_admin.email)
    page.goto("/admin/workshops/e2e-approval/questions")
    assert_accessible(page)
    page.get_by_role("button", name="Dietary needs").click()
    expect(page.get_by_role("cell", name="Dietary needs", exact=True)).to_be_visible()
    page.context.clear_cookies()

    log_in(page, "rosa@approval.e2e.example")
    page.goto("/workshops/e2e-approval")
    page.get_by_role("button", name="Register").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Register for")
    assert_accessible(page)
    page.get_by_label("Vegetarian").check()
    page.get_by_label("Your supervisor's email").fill("principal@approval.e2e.example")
    page.get_by_role("button", name="Ask for approval").click()
    expect(page.get_by_role("main")).to_contain_text("Awaiting your supervisor")
    page.context.clear_cookies()

    page.goto(_link(live_server, "principal@approval.e2e.example", "/approvals/"))
    expect(page.get_by_role("main")).to_contain_text("Rosa Teacher")
    assert_accessible(page)
    page.get_by_label("A substitute is needed while they attend").check()
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("status")).to_contain_text("approved")
    assert_accessible(page)
    page.context.clear_cookies()

    log_in(page, "rosa@approval.e2e.example")
    page.goto("/workshops/e2e-approval")
    page.get_by_role("link", name="Your answers to the workshop's questions").click()
    expect(page.get_by_label("Vegetarian")).to_be_checked()
    assert_accessible(page)
