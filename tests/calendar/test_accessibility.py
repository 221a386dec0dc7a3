"""/me/calendar and "Add to calendar" pass axe-core in a real Chromium; reset posts with CSRF."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pdportal.extensions import db
from pdportal.models import Network, User, Workshop, WorkshopSession, WorkshopStatus
from tests.browser import log_in

pytestmark = pytest.mark.e2e


def _workshop(live_server, slug: str) -> None:
    with live_server.app.app_context():
        network = db.session.query(Network).filter_by(slug="puget-sound").one()
        start = (datetime.now(UTC) + timedelta(days=20)).replace(hour=16, minute=0, microsecond=0)
        workshop = Workshop(
            network=network,
            slug=slug,
            title="Calendars, clocks; and time",
            status=WorkshopStatus.PUBLISHED,
            venue="ESD 112",
        )
        for week in range(2):
            begins = start + timedelta(days=7 * week)
            workshop.sessions.append(
                WorkshopSession(starts_at=begins, ends_at=begins + timedelta(hours=3))
            )
        workshop.starts_at, workshop.ends_at = start, start + timedelta(days=7, hours=3)
        db.session.add(workshop)
        db.session.commit()


def test_calendar_pages_are_accessible(page, live_server, network_admin, assert_accessible, axe):
    _workshop(live_server, "calendar-a11y")
    educator = live_server.make_user("cal@a11y.example", "Cal Endar")

    page.goto("/workshops/calendar-a11y")
    assert page.get_by_role("link", name="Download calendar file (.ics)").is_visible()
    # The include only: the rest of the workshop page belongs to the catalog's own test.
    results = axe.run(page, context=".add-to-calendar")
    assert results.violations_count == 0, results.generate_report()

    log_in(page, educator.email)
    page.goto("/me/calendar")
    assert_accessible(page)
    old = page.get_by_label("Calendar address (copy it into your calendar app)").input_value()

    page.get_by_role("button", name="Make a new address").click()
    assert page.get_by_label("I understand that my current address stops working").is_visible()
    assert "Tick the box to make a new address" in page.content()
    assert_accessible(page)  # the refusal, with its message tied to the box
    page.get_by_label("I understand that my current address stops working").check()
    page.get_by_role("button", name="Make a new address").click()

    assert "The old one no longer works" in page.content()
    new = page.get_by_label("Calendar address (copy it into your calendar app)").input_value()
    assert new != old
    with live_server.app.app_context():
        token = db.session.query(User).filter_by(email=educator.email).one().calendar_token
    assert new.endswith(f"/calendar/feed/{token}.ics")
    assert_accessible(page)
