"""Paying for a seat through HTTP: card (Checkout), held seats, purchase orders, no keys."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from pdportal.models import (
    Payment,
    PaymentMethod,
    PaymentStatus,
    Registration,
    RegistrationStatus,
)
from pdportal.services import payments


def _pay_url(workshop) -> str:
    return f"/payments/workshops/{workshop.slug}/pay"


def test_full_flow_from_register_to_confirmed_seat_over_http(
    db, client, auth, educator, paid_workshop, stripe_app, stripe_standin, webhooks
):
    workshop = paid_workshop(title="Modeling Energy in Middle School")
    auth.login(educator)

    page = client.get(_pay_url(workshop))
    assert page.status_code == 200
    assert "Pay by card" in page.get_data(as_text=True)

    response = client.post(_pay_url(workshop), data={"card-code": "", "card-submit": "1"})
    assert response.status_code == 303
    checkout_url = response.headers["Location"]
    assert checkout_url.startswith(stripe_standin.base_url + "/checkout/pay/cs_test_")
    session_id = checkout_url.rsplit("/", 1)[1]

    held = db.session.scalar(select(Registration).where(Registration.user_id == educator.id))
    assert held.status == RegistrationStatus.HELD
    assert held.payment_method == PaymentMethod.CARD

    success_path = f"/payments/registrations/{held.id}/success"
    waiting_page = client.get(success_path).get_data(as_text=True)
    assert "Payment received — confirming your seat" in waiting_page

    paid = stripe_standin.pay(session_id)  # the educator pays on Stripe's page
    webhooks.send("checkout.session.completed", paid)

    db.session.expire_all()
    assert db.session.get(Registration, held.id).status == RegistrationStatus.CONFIRMED
    done_page = client.get(success_path).get_data(as_text=True)
    assert "You're registered" in done_page
    assert "confirming your seat" not in done_page


def test_checkout_session_carries_the_hold_amount_metadata_and_idempotency_key(
    db, checkout, educator, paid_workshop, stripe_standin
):
    workshop = paid_workshop(price_cents=8950, title="Assessment Literacy")
    held, session = checkout(educator, workshop)

    (request,) = stripe_standin.requests_to("POST", "/v1/checkout/sessions")
    form = request.form
    assert form["mode"] == "payment"
    assert form["line_items[0][price_data][unit_amount]"] == "8950"
    assert form["line_items[0][price_data][currency]"] == "usd"
    assert form["line_items[0][price_data][product_data][name]"] == "Assessment Literacy"
    assert form["metadata[registration_id]"] == str(held.id)
    assert form["client_reference_id"] == str(held.id)
    assert form["success_url"].endswith(f"/payments/registrations/{held.id}/success")
    assert form["cancel_url"].endswith(f"/payments/registrations/{held.id}/cancelled")
    db.session.refresh(held)
    expires = int(held.hold_expires_at.timestamp())
    assert int(form["expires_at"]) == expires  # the hold and the Checkout end together
    assert 30 * 60 <= expires - time.time() <= 32 * 60
    assert request.headers["idempotency-key"] == f"checkout-{held.id}-{expires}"
    payment = db.session.scalar(select(Payment).where(Payment.registration_id == held.id))
    assert (payment.checkout_session_id, payment.amount_cents) == (session["id"], 8950)


def test_asking_again_for_a_held_seat_reuses_the_open_checkout(
    db, client, auth, checkout, educator, paid_workshop, stripe_standin
):
    held, session = checkout(educator, paid_workshop())
    auth.login(educator)

    response = client.post(f"/payments/registrations/{held.id}/pay")

    assert response.status_code == 303
    assert response.headers["Location"].endswith(session["id"])
    assert len(stripe_standin.requests_to("POST", "/v1/checkout/sessions")) == 1


def test_promoted_educator_pays_for_the_new_hold(
    db, client, auth, checkout, educator, make_user, paid_workshop, stripe_standin, webhooks
):
    from pdportal.services import registration

    workshop = paid_workshop(capacity=1)
    first, _ = checkout(make_user(), workshop)
    waiting = payments.pay_by_card(educator, workshop).registration
    assert waiting.status == RegistrationStatus.WAITLISTED
    assert len(stripe_standin.requests_to("POST", "/v1/checkout/sessions")) == 1  # no payment yet
    registration.release_hold(first.id, "Payment time ran out.")
    auth.login(educator)

    page = client.get(f"/payments/registrations/{waiting.id}/pay").get_data(as_text=True)
    assert "holding a seat for you" in page
    response = client.post(f"/payments/registrations/{waiting.id}/pay")
    assert response.status_code == 303
    session_id = response.headers["Location"].rsplit("/", 1)[1]
    webhooks.send("checkout.session.completed", stripe_standin.pay(session_id))

    db.session.expire_all()
    assert db.session.get(Registration, waiting.id).status == RegistrationStatus.CONFIRMED


def test_pay_hold_belongs_to_its_educator_only(
    client, auth, checkout, educator, make_user, paid_workshop
):
    held, _ = checkout(educator, paid_workshop())
    path = f"/payments/registrations/{held.id}/pay"

    assert client.get(path).status_code == 302  # anonymous → log in
    auth.login(make_user())
    assert client.get(path).status_code == 403
    assert client.post(path).status_code == 403
    assert client.get("/payments/registrations/999999/pay").status_code == 404


@pytest.mark.parametrize(
    ("method", "route"),
    [
        ("GET", "pay"),
        ("POST", "pay"),
        ("GET", "success"),
        ("GET", "cancelled"),
        ("POST", "release"),
    ],
)
def test_every_page_of_a_held_seat_is_its_educators_only(
    client, auth, checkout, educator, make_user, paid_workshop, method, route
):
    held, _ = checkout(educator, paid_workshop())
    auth.login(make_user())
    assert client.open(f"/payments/registrations/{held.id}/{route}", method=method).status_code == (
        403
    )
    missing = client.open(f"/payments/registrations/999999/{route}", method=method)
    assert missing.status_code == 404


def test_expired_hold_says_so_clearly(db, client, auth, checkout, educator, paid_workshop):
    from datetime import timedelta

    from pdportal.orm import utcnow

    held, _ = checkout(educator, paid_workshop())
    held.hold_expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    auth.login(educator)

    page = client.get(f"/payments/registrations/{held.id}/pay").get_data(as_text=True)

    assert "This seat hold has expired" in page
    assert "Pay by card" not in page


def test_cancel_page_offers_retry_and_release_which_expires_checkout(
    db, client, auth, checkout, educator, paid_workshop, stripe_standin
):
    held, session = checkout(educator, paid_workshop())
    auth.login(educator)

    page = client.get(f"/payments/registrations/{held.id}/cancelled").get_data(as_text=True)
    assert "Try paying again" in page and "Release my seat" in page

    response = client.post(f"/payments/registrations/{held.id}/release")

    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Registration, held.id).status == RegistrationStatus.CANCELLED
    assert stripe_standin.sessions[session["id"]]["status"] == "expired"


def test_full_workshop_puts_card_payer_on_waitlist_without_taking_payment(
    db, client, auth, checkout, educator, make_user, paid_workshop, stripe_standin
):
    workshop = paid_workshop(capacity=1)
    checkout(make_user(), workshop)
    auth.login(educator)

    response = client.post(_pay_url(workshop), data={"card-submit": "1"})

    assert response.status_code == 303
    assert "/me/registrations" in response.headers["Location"]
    waiting = db.session.scalar(select(Registration).where(Registration.user_id == educator.id))
    assert waiting.status == RegistrationStatus.WAITLISTED
    assert len(stripe_standin.requests_to("POST", "/v1/checkout/sessions")) == 1


def test_purchase_order_confirms_the_seat_with_payment_due(
    db, client, auth, educator, paid_workshop, make_user, stripe_app
):
    workshop = paid_workshop(allows_purchase_order=True)
    auth.login(educator)

    response = client.post(
        _pay_url(workshop),
        data={"po-district": "Tacoma Public Schools", "po-po_number": "PO-7781", "po-submit": "1"},
    )

    assert response.status_code == 303
    seat = db.session.scalar(select(Registration).where(Registration.user_id == educator.id))
    assert seat.status == RegistrationStatus.CONFIRMED
    assert (seat.payment_method, seat.payment_status) == (
        PaymentMethod.PURCHASE_ORDER,
        PaymentStatus.DUE,
    )
    assert (seat.po_district, seat.po_number) == ("Tacoma Public Schools", "PO-7781")


def test_purchase_order_needs_district_and_number(
    db, client, auth, educator, paid_workshop, stripe_app
):
    workshop = paid_workshop(allows_purchase_order=True)
    auth.login(educator)

    response = client.post(_pay_url(workshop), data={"po-district": "", "po-submit": "1"})

    assert response.status_code == 422
    assert "Enter the school district or organization that pays." in response.get_data(as_text=True)
    assert db.session.scalar(select(Registration)) is None


def test_purchase_order_refused_when_the_workshop_does_not_take_them(
    db, client, auth, educator, paid_workshop, stripe_app
):
    workshop = paid_workshop(allows_purchase_order=False)
    auth.login(educator)

    response = client.post(
        _pay_url(workshop), data={"po-district": "X", "po-po_number": "1", "po-submit": "1"}
    )

    assert "does not take purchase orders" in response.get_data(as_text=True)
    assert db.session.scalar(select(Registration)) is None


def test_without_stripe_keys_card_payment_is_off_and_admins_see_why(
    app, db, client, auth, educator, make_user, paid_workshop
):
    workshop = paid_workshop(allows_purchase_order=True)
    admin = make_user(admin_of=workshop.network)

    auth.login(educator)
    page = client.get(_pay_url(workshop)).get_data(as_text=True)
    assert "Pay by card" not in page
    assert "STRIPE_SECRET_KEY" not in page  # educators are not shown configuration
    response = client.post(_pay_url(workshop), data={"card-submit": "1"})
    assert "Card payment is not available" in response.get_data(as_text=True)
    assert db.session.scalar(select(Registration)) is None

    auth.login(admin)
    admin_page = client.get(_pay_url(workshop)).get_data(as_text=True)
    assert "STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are not set" in admin_page
    assert "STRIPE_SECRET_KEY" in client.get("/payments/admin/").get_data(as_text=True)


def test_free_workshop_has_nothing_to_pay(client, auth, educator, make_workshop, stripe_app):
    workshop = make_workshop(price_cents=0)
    auth.login(educator)
    response = client.get(_pay_url(workshop))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/workshops/{workshop.slug}")


def test_checkout_options_needs_login_and_a_public_workshop(
    client, auth, educator, paid_workshop, stripe_app
):
    from pdportal.models import WorkshopStatus

    workshop = paid_workshop()
    assert client.get(_pay_url(workshop)).status_code == 302
    auth.login(educator)
    draft = paid_workshop(status=WorkshopStatus.DRAFT)
    assert client.get(_pay_url(draft)).status_code == 404
    assert client.get("/payments/workshops/no-such-workshop/pay").status_code == 404


def test_stripe_down_keeps_the_hold_and_says_what_to_do(
    db, client, auth, educator, paid_workshop, stripe_app
):
    stripe_app.config["STRIPE_API_BASE"] = "http://127.0.0.1:9"  # nothing listens there
    stripe_app.extensions.pop("pdportal_stripe_client", None)
    workshop = paid_workshop()
    auth.login(educator)

    response = client.post(_pay_url(workshop), data={"card-submit": "1"}, follow_redirects=True)

    assert "could not reach the card processor" in response.get_data(as_text=True)
    held = db.session.scalar(select(Registration).where(Registration.user_id == educator.id))
    assert held.status == RegistrationStatus.HELD
    assert db.session.scalar(select(Payment)) is None


def test_success_page_tells_a_late_payer_they_were_refunded(
    db, client, auth, checkout, educator, make_user, paid_workshop, stripe_standin, webhooks
):
    from pdportal.services import registration

    workshop = paid_workshop(capacity=1, has_waitlist=False)
    held, session = checkout(educator, workshop)
    registration.release_hold(held.id, "Payment time ran out.")
    checkout(make_user(), workshop)
    webhooks.send("checkout.session.completed", stripe_standin.pay(session["id"]))
    auth.login(educator)

    page = client.get(f"/payments/registrations/{held.id}/success").get_data(as_text=True)

    assert "No seat this time" in page
    assert "refunded" in page and "$125.00" in page
    assert 'http-equiv="refresh"' not in page


def test_release_is_only_for_held_seats(db, client, auth, educator, paid_workshop, stripe_app):
    workshop = paid_workshop(allows_purchase_order=True)
    seat = payments.pay_by_purchase_order(
        educator, workshop, district="D", po_number="1"
    ).registration
    auth.login(educator)

    response = client.post(f"/payments/registrations/{seat.id}/release", follow_redirects=True)

    assert "nothing to release" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Registration, seat.id).status == RegistrationStatus.CONFIRMED


def test_raising_capacity_on_a_paid_workshop_says_the_waitlist_got_holds_not_seats(
    db, make_user, paid_workshop, stripe_app, stripe_standin
):
    from pdportal.blueprints.registration import messages as registration_messages
    from pdportal.services import registration

    workshop = paid_workshop(capacity=1)
    payments.pay_by_card(make_user(), workshop)
    waiting = payments.pay_by_card(make_user(), workshop).registration
    assert waiting.status == RegistrationStatus.WAITLISTED

    change = registration.set_capacity(workshop.id, 2)

    assert (change.seated, change.held) == (0, 1)
    with stripe_app.test_request_context():
        words, _category = registration_messages.capacity_changed(change)
    assert "held a seat for 1 educator for 30 minutes while they pay" in words
    assert "gave a seat" not in words
