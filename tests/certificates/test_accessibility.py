"""The attendance and certificate pages in a real Chromium, checked with axe-core.

Reuses the browser fixtures of tests/e2e (imported in this folder's conftest; Debian's
Chromium, skipped without it unless CI=true).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from pdportal.extensions import db
from pdportal.models import (
    Attendance,
    AttendanceStatus,
    CreditType,
    Network,
    Registration,
    RegistrationStatus,
    Workshop,
    WorkshopFacilitator,
    WorkshopSession,
    WorkshopStatus,
)
from pdportal.services import attendance, certificates
from pdportal.services.attendance import checkin
from pdportal.services.certificates import affidavits, evaluations
from tests.browser import log_in
from tests.clock_hours import approve_as_it_ran

pytestmark = pytest.mark.e2e


def _workshop(network: Network, slug: str, start: datetime, hours: int) -> Workshop:
    workshop = Workshop(
        network=network,
        slug=slug,
        title=f"Modeling with Mathematics ({slug})",
        status=WorkshopStatus.PUBLISHED,
        credit_type=CreditType.WA_CLOCK_HOURS,
        credit_hours=Decimal(hours),
        designations=["stem"],
        inservice_number="PSESD-42",
        starts_at=start,
        ends_at=start + timedelta(hours=hours),
    )
    workshop.sessions.append(
        WorkshopSession(starts_at=start, ends_at=start + timedelta(hours=hours))
    )
    db.session.add(workshop)
    return workshop


@pytest.fixture(scope="module")
def world(live_server):
    facilitator = live_server.make_user("fac-a11y@e2e.example", "Frances Facilitator")
    educator = live_server.make_user("edu-a11y@e2e.example", "Nguyễn Thị Ánh", school="Rainier MS")
    admin = live_server.make_user("admin-a11y@e2e.example", "Nadia Admin", is_site_admin=True)
    others = [live_server.make_user(f"peer{i}-a11y@e2e.example", f"Peer {i}") for i in range(3)]
    with live_server.app.app_context():
        network = Network(name="A11y STEM Network", slug="a11y-network", provider_number="WA-1")
        now = datetime.now(UTC).replace(microsecond=0)
        live = _workshop(network, "a11y-live", now - timedelta(minutes=10), 2)
        past = _workshop(network, "a11y-past", now - timedelta(days=10), 3)
        to_affirm = _workshop(network, "a11y-affirm", now - timedelta(days=5), 3)
        db.session.flush()
        peer_on_live = None
        for workshop in (live, past, to_affirm):
            db.session.add(WorkshopFacilitator(workshop_id=workshop.id, user_id=facilitator.id))
            for person in [educator, *others]:
                registration = Registration(
                    user_id=person.id, workshop_id=workshop.id, status=RegistrationStatus.CONFIRMED
                )
                db.session.add(registration)
                db.session.flush()
                if workshop is live and person is others[0]:
                    peer_on_live = registration
                if workshop is not live:
                    db.session.add(
                        Attendance(
                            registration_id=registration.id,
                            session_id=workshop.sessions[0].id,
                            status=AttendanceStatus.PRESENT,
                            minutes_attended=180,
                        )
                    )
        db.session.commit()
        # Answers show the evaluation results' table; a mark, the audit trail's. Washington
        # clock hours are issued once evaluated and affirmed (the peers have not affirmed).
        ratings = {"objectives_met": 5, "relevance": 4, "facilitation": 5, "likely_to_change": 3}
        for person in [educator, *others]:
            evaluations.submit(past, db.session.merge(person), ratings, "Useful")
        approve_as_it_ran(past)
        affidavits.affirm(past, db.session.merge(educator), Decimal(3))
        certificate = certificates.issue_for_workshop(past, None).issued[0]
        attendance.record(
            live.sessions[0], peer_on_live, AttendanceStatus.PRESENT, None, db.session.merge(admin)
        )
        code = checkin.current_code(live.sessions[0], datetime.now(UTC))
        return {
            "facilitator": facilitator,
            "educator": educator,
            "admin": admin,
            "live_session": live.sessions[0].id,
            "verify": f"/certificates/verify/{certificate.verification_code}",
            "checkin": f"/facilitate/checkin/{live.sessions[0].id}/{code}",
        }


def test_facilitator_pages_are_accessible(page, world, assert_accessible):
    log_in(page, world["facilitator"].email)
    session = world["live_session"]
    for path in [
        "/facilitate/",
        "/facilitate/workshops/a11y-live",
        f"/facilitate/sessions/{session}",
        f"/facilitate/sessions/{session}/checkin",
        f"/facilitate/sessions/{session}/checkin?paused=1",
        "/facilitate/workshops/a11y-past/evaluations",
    ]:
        page.goto(path)
        assert_accessible(page)

    # One tap marks a row, without JavaScript needed.
    page.goto(f"/facilitate/sessions/{session}")
    page.get_by_role("group", name="Mark Nguyễn Thị Ánh").get_by_role(
        "button", name="Present"
    ).click()
    assert "present, 120 minutes" in page.content()


def test_the_projected_check_in_code_updates_in_place_and_can_be_paused(
    page, world, assert_accessible
):
    """No meta refresh (axe: critical): the script swaps in each new code and says so in
    a status region; the pause link is shown only where the script runs."""
    log_in(page, world["facilitator"].email)
    session = world["live_session"]
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"/facilitate/sessions/{session}/checkin")
    status = page.get_by_role("status").filter(has_text="shows each new code")
    expect(status).to_be_visible()
    expect(page.get_by_role("link", name="Pause automatic updates")).to_be_visible()
    expect(page.get_by_role("link", name="Show a new code")).to_be_visible()
    assert_accessible(page)
    first = page.locator("#checkin-qr").inner_html()
    page.evaluate("() => { document.getElementById('checkin-qr').innerHTML = ''; }")
    # The next fetch (within one 30-second step) puts a code back, in place.
    expect(page.locator("#checkin-qr svg")).to_have_count(1, timeout=35_000)
    assert page.locator("#checkin-qr").inner_html().startswith(first[:4])
    page.get_by_role("link", name="Pause automatic updates").click()
    expect(page.get_by_role("link", name="Resume automatic updates")).to_be_visible()


def test_the_check_in_code_page_works_without_javascript(browser, live_server, world):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        log_in(page, world["facilitator"].email)
        page.goto(f"/facilitate/sessions/{world['live_session']}/checkin")
        assert page.locator("svg.qr-code").count() == 1
        expect(page.get_by_role("link", name="Pause automatic updates")).to_be_hidden()
        page.get_by_role("link", name="Show a new code").click()
        assert page.locator("svg.qr-code").count() == 1
    finally:
        context.close()


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("admin", "/facilitate/workshops/a11y-past/certificates"),
        ("admin", "/facilitate/sessions/{session}"),
        ("facilitator", "/facilitate/workshops/a11y-past/evaluations"),
        ("facilitator", "/facilitate/workshops/a11y-live"),
        ("educator", "/me/transcript"),
    ],
)
def test_tables_on_a_360px_phone_scroll_in_a_named_focusable_region(
    page, world, assert_accessible, who, path
):
    log_in(page, world[who].email)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(path.format(session=world["live_session"]))
    assert_accessible(page)
    for region in page.locator(".table-scroll").all():
        assert region.get_attribute("tabindex") == "0"
        assert region.get_attribute("role") == "region"
        assert region.get_attribute("aria-labelledby") or region.get_attribute("aria-label")


def test_admin_certificate_desk_is_accessible(page, world, assert_accessible):
    log_in(page, world["admin"].email)
    page.goto("/facilitate/workshops/a11y-past/certificates")
    assert_accessible(page)
    page.goto(f"/facilitate/sessions/{world['live_session']}")  # with the audit trail
    assert_accessible(page)


def test_educator_pages_are_accessible(page, world, assert_accessible):
    log_in(page, world["educator"].email)
    for path in [
        "/me/certificates",
        "/me/transcript",
        "/me/evaluations/a11y-affirm",
        "/me/clock-hours/a11y-affirm",
        "/me/renewal?role=administrator&expires_on=2030-06-30",
        "/evaluations/a11y-network",
        world["verify"],
        world["checkin"],
    ]:
        page.goto(path)
        assert_accessible(page)


def test_the_affidavit_with_an_error_is_accessible(page, world, assert_accessible):
    log_in(page, world["educator"].email)
    page.goto("/me/clock-hours/a11y-affirm")
    page.get_by_label("Clock hours I earned").fill("9")
    page.get_by_role("button", name="Affirm my hours").click()
    assert "Tick the box to affirm the hours." in page.content()
    assert_accessible(page)


def test_verify_by_number_page_is_accessible(page, world, assert_accessible):
    page.goto("/certificates/verify")
    assert_accessible(page)


def test_transcript_hours_read_on_a_375px_phone(page, world, assert_accessible):
    log_in(page, world["educator"].email)
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/me/transcript")
    hours = page.locator("td[data-label='Hours']").first
    box = hours.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
    assert "3.0" in hours.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)
