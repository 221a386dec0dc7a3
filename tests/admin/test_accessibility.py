"""Every admin page passes axe-core in a real Chromium, and its forms post with CSRF tokens."""

from __future__ import annotations

from datetime import date, time

import pytest

from pdportal.extensions import db
from pdportal.models import Network
from pdportal.services import workshops
from pdportal.services.workshops.editing import WorkshopDetails
from tests.browser import log_in

pytestmark = pytest.mark.e2e


def test_admin_pages_are_accessible(page, live_server, network_admin, assert_accessible):
    site_admin = live_server.make_user("ops@a11y.example", "Sam Site", is_site_admin=True)
    next_year = date.today().year + 1
    with live_server.app.app_context():
        network = db.session.query(Network).filter_by(slug="puget-sound").one()
        workshop = workshops.create_workshop(
            network, WorkshopDetails(title="Accessible Math Talks", description="## Plan")
        )
        session = workshops.add_session(workshop, date(next_year, 3, 2), time(9), time(12)).session
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


def test_clock_hour_pages_are_accessible(page, live_server, network_admin, assert_accessible):
    """Approval (with its errors), the records page with the uploads, the public summary."""
    from decimal import Decimal

    from pdportal.models import CreditType

    next_year = date.today().year + 1
    with live_server.app.app_context():
        network = db.session.query(Network).filter_by(slug="puget-sound").one()
        workshop = workshops.create_workshop(
            network,
            WorkshopDetails(
                title="Clock Hours in Physics",
                venue="ESD 121",
                credit_type=CreditType.WA_CLOCK_HOURS,
                credit_hours=Decimal(3),
            ),
        )
        workshops.add_session(workshop, date(next_year, 4, 2), time(9), time(12))
        base = f"/admin/workshops/{workshop.slug}"

    log_in(page, network_admin.email)
    page.goto(base)
    assert page.get_by_text("No approval record").is_visible()
    assert_accessible(page)
    page.goto(f"{base}/approval")
    assert_accessible(page)
    page.get_by_label("Learning objectives").fill("Model forces with data.")
    page.get_by_role("button", name="Save the record").click()
    page.get_by_label("Approved by (the network's designee)").fill("Dee Signer")
    page.get_by_label("Date of approval").fill(date.today().isoformat())
    page.get_by_role("button", name="Approve the offering").click()
    assert page.get_by_text("Fill this in before approving.").first.is_visible()
    assert_accessible(page)
    page.goto("/admin/networks/puget-sound/clock-hours")
    assert_accessible(page)
    page.goto("/evaluations/puget-sound")
    assert_accessible(page)
