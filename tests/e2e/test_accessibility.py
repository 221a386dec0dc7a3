"""axe-core finds no violations on the pages educators and visitors use, in every state.

Admin pages, the facilitator's roster, certificates and verification are also checked
inside their journeys (test_admin_journey, test_attendance_certificates).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import log_in

pytestmark = pytest.mark.e2e


def test_the_checker_reports_a_violation(page, axe):
    """A clean report means something: an unlabelled field is caught."""
    page.set_content('<html lang="en"><title>t</title><main><input type="text"></main></html>')
    results = axe.run(page)
    assert "label" in {violation["id"] for violation in results.response["violations"]}


def test_visitor_pages_are_accessible(page, live_server, network_admin, assert_accessible):
    live_server.make_workshop(
        "e2e-a11y-visitor", "Equitable Grading Practices", topics=["assessment", "equity"]
    )
    live_server.make_workshop("e2e-a11y-full", "Sensemaking with Phenomena", capacity=1)
    live_server.make_workshop("e2e-a11y-paid", "Data Science Summer Institute", price_cents=35000)
    live_server.make_user("casey@a11y.e2e.example", "Casey Early")
    live_server.register("casey@a11y.e2e.example", "e2e-a11y-full")
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)

    page.goto("/workshops")
    assert_accessible(page)
    page.goto("/workshops?topic=assessment&free=y&q=grading")
    expect(page.get_by_role("link", name="Equitable Grading Practices")).to_be_visible()
    assert_accessible(page)
    page.goto("/workshops?q=no-such-workshop-anywhere")
    expect(page.get_by_role("heading", name="No workshops match")).to_be_visible()
    assert_accessible(page)
    page.goto("/workshops?from=next-tuesday&topic=astrology")
    expect(page.get_by_role("alert")).to_contain_text("is not a date")
    assert_accessible(page)

    page.goto("/workshops/e2e-a11y-visitor")
    expect(page.get_by_role("heading", level=1)).to_have_text("Equitable Grading Practices")
    assert_accessible(page)

    page.goto("/workshops/e2e-a11y-full")
    expect(page.get_by_role("button", name="Join the waitlist")).to_be_visible()
    assert_accessible(page)

    page.goto("/workshops/e2e-a11y-paid")
    expect(page.get_by_role("main")).to_contain_text("$350.00")
    assert_accessible(page)

    page.goto("/workshops/no-such-workshop")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)  # the not-found page
    page.goto("/certificates/verify/no-such-certificate-code")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)

    page.goto("/auth/login")
    assert_accessible(page)
    log_in(page, "nobody@a11y.e2e.example", "not the password")
    expect(page.get_by_role("alert")).to_contain_text("We could not log you in")
    assert_accessible(page)

    page.goto("/auth/signup")
    page.get_by_label("Name").fill("Sam")
    page.get_by_label("Email").fill("not-an-email")
    page.get_by_label("Password").fill("short")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)


def test_educator_pages_are_accessible(page, live_server, network_admin, assert_accessible):
    live_server.make_workshop("e2e-a11y-registered", "Number Talks for Coaches", capacity=1)
    live_server.make_workshop("e2e-a11y-waitlisted", "Number Talks, Part 2", capacity=1)
    educator = live_server.make_user("alex@a11y.e2e.example", "Alex Ng")
    other = live_server.make_user("blair@a11y.e2e.example", "Blair Okafor")
    live_server.register(other.email, "e2e-a11y-waitlisted")
    live_server.register(educator.email, "e2e-a11y-waitlisted")  # waitlisted, position 1
    log_in(page, educator.email)

    page.goto("/workshops/e2e-a11y-registered")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("status")).to_contain_text("You're registered")
    assert_accessible(page)  # the workshop page as a registered educator
    page.goto("/workshops/e2e-a11y-waitlisted")
    expect(page.get_by_text("You're number 1 on the waitlist.")).to_be_visible()
    assert_accessible(page)

    page.goto("/me/registrations")
    expect(page.get_by_role("region", name="Waitlisted")).to_contain_text("Number Talks, Part 2")
    assert_accessible(page)
    page.get_by_role("link", name="Cancel registration for Number Talks for Coaches").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel your registration?")
    assert_accessible(page)  # the confirm step

    for path in ["/auth/profile", "/me/certificates", "/me/calendar"]:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
