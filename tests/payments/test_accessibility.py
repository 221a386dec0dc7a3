"""Every payments page passes axe-core in a real Chromium, and its forms post with CSRF tokens."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from pdportal.extensions import db
from pdportal.models import (
    Network,
    QuestionKind,
    Registration,
    RegistrationStatus,
    Workshop,
    WorkshopSession,
    WorkshopStatus,
)
from pdportal.orm import utcnow
from pdportal.services import registration
from pdportal.services.common import stripe_client
from tests.browser import log_in
from tests.payments.conftest import STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET

pytestmark = pytest.mark.e2e


def _paid_workshop(slug: str) -> str:
    network = db.session.query(Network).filter_by(slug="puget-sound").one()
    start = (utcnow() + timedelta(days=20)).replace(microsecond=0)
    workshop = Workshop(
        network=network,
        slug=slug,
        title="Argument-Driven Inquiry in Chemistry",
        price_cents=15000,
        allows_purchase_order=True,
        status=WorkshopStatus.PUBLISHED,
        credit_hours=Decimal("6"),
        starts_at=start,
        ends_at=start + timedelta(hours=6),
    )
    workshop.sessions.append(WorkshopSession(starts_at=start, ends_at=start + timedelta(hours=6)))
    db.session.add(workshop)
    db.session.commit()
    return workshop.slug


def test_payment_pages_are_accessible(
    browser, page, live_server, network_admin, assert_accessible, stripe_standin
):
    app = live_server.app
    app.config.update(
        STRIPE_SECRET_KEY=STRIPE_SECRET_KEY,
        STRIPE_WEBHOOK_SECRET=STRIPE_WEBHOOK_SECRET,
        STRIPE_API_BASE=stripe_standin.base_url,
    )
    app.extensions.pop(stripe_client.EXTENSION_KEY, None)
    with app.app_context():
        card_slug = _paid_workshop("a11y-card")
        po_slug = _paid_workshop("a11y-po")
    educator = live_server.make_user("payer@a11y.example", "Ngọc Payer")

    # The CSP lets forms lead to https://checkout.stripe.com only; the stand-in lives on
    # another origin, so this one context waives the CSP to follow the redirect to it.
    card_context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    card_page = card_context.new_page()
    log_in(card_page, educator.email)
    card_page.goto(f"/payments/workshops/{card_slug}/pay")
    assert_accessible(card_page)
    card_page.get_by_role("button", name="Continue to card payment").click()
    card_page.wait_for_url(stripe_standin.base_url + "/checkout/pay/cs_test_*")
    card_context.close()
    (session,) = stripe_standin.sessions.values()

    log_in(page, educator.email)
    registration_id = session["metadata"]["registration_id"]
    for path in ["pay", "success", "cancelled"]:
        page.goto(f"/payments/registrations/{registration_id}/{path}")
        assert_accessible(page)

    page.goto(f"/payments/workshops/{po_slug}/pay")
    page.get_by_role("button", name="Register with a purchase order").click()
    assert (
        page.locator("#po-po_number-error")
        .get_by_text("Enter the purchase order number from your district.")
        .is_visible()
    )
    assert_accessible(page)
    page.get_by_label("School district or organization").fill("Highline Public Schools")
    page.get_by_label("Purchase order number").fill("HPS-2291")
    page.get_by_role("button", name="Register with a purchase order").click()
    page.wait_for_url("**/me/registrations")

    page.context.clear_cookies()
    log_in(page, network_admin.email)
    for path in [
        "/payments/admin/",
        f"/payments/admin/workshops/{po_slug}",
        "/payments/admin/networks/puget-sound",
        f"/payments/admin/workshops/{po_slug}/codes",
        "/payments/admin/networks/puget-sound/codes",
    ]:
        page.goto(path)
        assert_accessible(page)

    page.goto(f"/payments/admin/workshops/{po_slug}/codes")
    page.get_by_label("Code", exact=True).fill("STEM-EQUITY")
    page.get_by_label("Percent or whole dollars off").fill("100")
    page.get_by_role("button", name="Create code").click()
    assert page.get_by_text("Code STEM-EQUITY created: 100% off.").is_visible()
    assert_accessible(page)

    page.goto(f"/payments/admin/workshops/{po_slug}")
    page.get_by_role("button", name="Mark paid").click()
    assert_accessible(page)  # the confirm step
    page.get_by_role("button", name="Mark paid").click()
    assert page.get_by_text("Nothing is outstanding.").is_visible()


def test_a_paid_workshops_questions_are_asked_before_the_seat(
    page, live_server, network_admin, assert_accessible
):
    with live_server.app.app_context():
        slug = _paid_workshop("a11y-questions")
        workshop = db.session.query(Workshop).filter_by(slug=slug).one()
        role = registration.add_question(
            workshop, QuestionKind.SHORT_TEXT, "Your role", [], is_required=True
        ).id
        sub = registration.add_question(workshop, QuestionKind.YES_NO, "Substitute needed", []).id
    educator = live_server.make_user("asked@a11y.example", "Ana Asked")
    log_in(page, educator.email)

    page.goto(f"/payments/workshops/{slug}/pay")
    assert_accessible(page)
    page.get_by_label("School district or organization").fill("Highline Public Schools")
    page.get_by_label("Purchase order number").fill("HPS-2292")
    page.get_by_role("button", name="Register with a purchase order").click()
    assert page.get_by_text("Please answer this question.", exact=True).is_visible()
    assert_accessible(page)

    page.get_by_label("Your role").fill("Science coach")
    page.get_by_label("Yes").check()
    page.get_by_label("Purchase order number").fill("HPS-2292")
    page.get_by_role("button", name="Register with a purchase order").click()
    page.wait_for_url("**/me/registrations")
    with live_server.app.app_context():
        seat = db.session.query(Registration).filter_by(user_id=educator.id).one()
        assert seat.status == RegistrationStatus.CONFIRMED
        assert registration.answers_for([seat.id])[seat.id] == {role: "Science coach", sub: True}


def test_content_security_policy_lets_forms_continue_to_stripe_checkout(client):
    policy = client.get("/healthz").headers["Content-Security-Policy"]
    assert "form-action 'self' https://checkout.stripe.com" in policy
