"""The Stripe webhook: signatures, events stored once, order-independence, late payments."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from pdportal.models import (
    OutboxMessage,
    Payment,
    PaymentState,
    PaymentStatus,
    Registration,
    RegistrationStatus,
    StripeEvent,
)
from pdportal.services import payments, registration


def _state(db, registration_id: int) -> tuple:
    db.session.expire_all()
    held = db.session.get(Registration, registration_id)
    payment = db.session.scalar(select(Payment).where(Payment.registration_id == registration_id))
    return (
        held.status,
        held.payment_status,
        payment.status,
        payment.refunded_cents,
        payment.payment_intent_id,
    )


def _outbox_to(db, email: str) -> list[OutboxMessage]:
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.to_email == email)).all()


def test_signed_completion_confirms_the_held_seat(
    db, checkout, educator, paid_workshop, stripe_standin, webhooks
):
    held, session = checkout(educator, paid_workshop())
    assert held.status == RegistrationStatus.HELD

    paid = stripe_standin.pay(session["id"])
    response = webhooks.send("checkout.session.completed", paid)

    assert response.json == {"received": "ok"}
    status, payment_status, payment_state, refunded, intent = _state(db, held.id)
    assert (status, payment_status, payment_state) == (
        RegistrationStatus.CONFIRMED,
        PaymentStatus.PAID,
        PaymentState.PAID,
    )
    assert intent == paid["payment_intent"]
    assert any("You're registered" in m.subject for m in _outbox_to(db, educator.email))


@pytest.mark.parametrize(
    "signature",
    [
        "",  # missing
        "t=123,v1=deadbeef",  # wrong
        "garbage",
    ],
)
def test_unsigned_or_badly_signed_event_is_refused_and_changes_nothing(
    db, checkout, educator, paid_workshop, stripe_standin, webhooks, signature
):
    held, session = checkout(educator, paid_workshop())
    event = webhooks.event("checkout.session.completed", stripe_standin.pay(session["id"]))

    response = webhooks.post(event, signature=signature)

    assert response.status_code == 400
    assert _state(db, held.id)[:3] == (
        RegistrationStatus.HELD,
        PaymentStatus.PENDING,
        PaymentState.CREATED,
    )
    assert db.session.scalar(select(func.count()).select_from(StripeEvent)) == 0


def test_event_signed_with_another_secret_is_refused(
    db, checkout, educator, paid_workshop, stripe_standin, webhooks
):
    held, session = checkout(educator, paid_workshop())
    event = webhooks.event("checkout.session.completed", stripe_standin.pay(session["id"]))

    assert webhooks.post(event, secret="whsec_someone_else").status_code == 400
    assert _state(db, held.id)[0] == RegistrationStatus.HELD


def test_stale_timestamp_is_refused_even_with_a_valid_signature(
    db, checkout, educator, paid_workshop, stripe_standin, webhooks
):
    held, session = checkout(educator, paid_workshop())
    event = webhooks.event("checkout.session.completed", stripe_standin.pay(session["id"]))

    response = webhooks.post(event, timestamp=int(time.time()) - 301)

    assert response.status_code == 400
    assert _state(db, held.id)[0] == RegistrationStatus.HELD


def test_webhook_without_configured_secret_refuses_everything(
    app, db, client, webhooks, stripe_standin
):
    event = webhooks.event("checkout.session.completed", {"id": "cs_x"})
    assert webhooks.post(event).status_code == 400


def test_webhook_is_post_only(client):
    assert client.get("/payments/stripe/webhook").status_code == 405


def test_duplicate_event_is_applied_once(
    db, checkout, educator, paid_workshop, stripe_standin, webhooks
):
    held, session = checkout(educator, paid_workshop())
    event = webhooks.event("checkout.session.completed", stripe_standin.pay(session["id"]))

    first = webhooks.post(event)
    emails_after_first = len(_outbox_to(db, educator.email))
    second = webhooks.post(event)

    assert (first.status_code, second.status_code) == (200, 200)
    assert second.json == {"received": "duplicate"}
    assert len(_outbox_to(db, educator.email)) == emails_after_first
    assert db.session.scalar(select(func.count()).select_from(StripeEvent)) == 1
    assert _state(db, held.id)[0] == RegistrationStatus.CONFIRMED


def test_unused_event_types_are_acknowledged(stripe_app, webhooks):
    response = webhooks.send("customer.created", {"id": "cus_1", "object": "customer"})
    assert response.json == {"received": "ok"}


def _run_in_order(db, checkout, user, workshop, stripe_standin, webhooks, order):
    held, session = checkout(user, workshop)
    paid = stripe_standin.pay(session["id"])
    events = {
        "completed": ("checkout.session.completed", paid),
        "refunded": ("charge.refunded", webhooks.charge(paid)),
        "expired": ("checkout.session.expired", {**paid, "status": "expired"}),
    }
    for name in order:
        webhooks.send(*events[name])
    state = _state(db, held.id)
    return state[:4]


@pytest.mark.parametrize(
    "order",
    [
        ("refunded", "completed"),
        ("completed", "expired"),
        ("expired", "completed", "refunded"),
        ("refunded", "expired", "completed"),
    ],
)
def test_out_of_order_events_end_in_the_same_state_as_in_order(
    db, checkout, make_user, paid_workshop, stripe_standin, webhooks, order
):
    workshop = paid_workshop(capacity=5)
    expected_order = tuple(name for name in ("expired", "completed", "refunded") if name in order)
    if expected_order[0] == "expired":
        expected_order = expected_order[1:] + ("expired",)  # Stripe's real order
    expected = _run_in_order(
        db, checkout, make_user(), workshop, stripe_standin, webhooks, expected_order
    )
    actual = _run_in_order(db, checkout, make_user(), workshop, stripe_standin, webhooks, order)

    assert actual == expected
    if "refunded" in order:
        assert actual[1:3] == (PaymentStatus.REFUNDED, PaymentState.REFUNDED)
    else:
        assert actual[:3] == (RegistrationStatus.CONFIRMED, PaymentStatus.PAID, PaymentState.PAID)


def test_expired_checkout_releases_the_hold_and_the_waitlist_moves(
    db, checkout, educator, make_user, paid_workshop, stripe_standin, webhooks
):
    workshop = paid_workshop(capacity=1)
    held, session = checkout(educator, workshop)
    waiting = payments.pay_by_card(make_user(), workshop).registration
    assert waiting.status == RegistrationStatus.WAITLISTED

    webhooks.send("checkout.session.expired", stripe_standin.expire_now(session["id"]))

    assert _state(db, held.id)[:3] == (
        RegistrationStatus.CANCELLED,
        PaymentStatus.PENDING,
        PaymentState.EXPIRED,
    )
    promoted = db.session.get(Registration, waiting.id)
    assert promoted.status == RegistrationStatus.HELD  # a new hold, and an email to pay
    assert any("pay within 30 minutes" in m.subject for m in _outbox_to(db, promoted.user.email))


def test_a_delayed_payment_confirms_the_seat_when_it_succeeds(
    db, checkout, educator, paid_workshop, stripe_standin, webhooks
):
    held, session = checkout(educator, paid_workshop())
    pending = {**session, "status": "complete", "payment_status": "unpaid"}
    pending["payment_intent"] = "pi_test_bank_debit"

    webhooks.send("checkout.session.completed", pending)  # a bank debit, still clearing
    assert _state(db, held.id) == (
        RegistrationStatus.HELD,
        PaymentStatus.PENDING,
        PaymentState.CREATED,
        0,
        "pi_test_bank_debit",
    )
    assert not any("You're registered" in m.subject for m in _outbox_to(db, educator.email))

    webhooks.send("checkout.session.async_payment_succeeded", {**pending, "payment_status": "paid"})
    assert _state(db, held.id)[:3] == (
        RegistrationStatus.CONFIRMED,
        PaymentStatus.PAID,
        PaymentState.PAID,
    )
    assert any("You're registered" in m.subject for m in _outbox_to(db, educator.email))


def test_failed_async_payment_releases_the_hold(
    db, checkout, educator, paid_workshop, stripe_standin, webhooks
):
    held, session = checkout(educator, paid_workshop())
    webhooks.send("checkout.session.async_payment_failed", {**session, "status": "complete"})
    assert _state(db, held.id)[:3] == (
        RegistrationStatus.CANCELLED,
        PaymentStatus.PENDING,
        PaymentState.FAILED,
    )


def test_payment_for_a_released_hold_is_confirmed_when_a_seat_is_free(
    db, checkout, educator, paid_workshop, stripe_standin, webhooks
):
    held, session = checkout(educator, paid_workshop(capacity=2))
    registration.release_hold(held.id, "Payment time ran out.")

    webhooks.send("checkout.session.completed", stripe_standin.pay(session["id"]))

    assert _state(db, held.id)[:3] == (
        RegistrationStatus.CONFIRMED,
        PaymentStatus.PAID,
        PaymentState.PAID,
    )
    assert stripe_standin.refunds == {}


def test_payment_for_a_released_hold_without_a_seat_is_refunded_and_the_educator_told(
    db, checkout, educator, make_user, paid_workshop, stripe_standin, webhooks
):
    workshop = paid_workshop(capacity=1, has_waitlist=False)
    held, session = checkout(educator, workshop)
    registration.release_hold(held.id, "Payment time ran out.")
    taker, _ = checkout(make_user(), workshop)  # someone else now holds the only seat

    paid = stripe_standin.pay(session["id"])
    webhooks.send("checkout.session.completed", paid)

    status, payment_status, state, refunded, _ = _state(db, held.id)
    assert status == RegistrationStatus.CANCELLED
    assert (payment_status, state, refunded) == (
        PaymentStatus.REFUNDED,
        PaymentState.REFUNDED,
        workshop.price_cents,
    )
    (refund,) = stripe_standin.refunds.values()
    assert refund["payment_intent"] == paid["payment_intent"]
    (refund_request,) = stripe_standin.requests_to("POST", "/v1/refunds")
    payment = db.session.scalar(select(Payment).where(Payment.registration_id == held.id))
    assert refund_request.headers["idempotency-key"] == f"refund-{payment.id}"
    assert any("Refunded" in m.subject for m in _outbox_to(db, educator.email))
    assert db.session.get(Registration, taker.id).status == RegistrationStatus.HELD

    # Stripe then tells us about the refund it made: nothing changes.
    webhooks.send("charge.refunded", webhooks.charge(paid))
    assert _state(db, held.id)[:4] == (status, payment_status, state, refunded)
    assert len(stripe_standin.refunds) == 1
