"""Well-signed but malformed Stripe events: refused (400) or ignored (200), never a 500;
nothing stored for a refused event, and the good event that follows is applied."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from pdportal.models import Payment, PaymentState, PaymentStatus, RegistrationStatus
from tests.payments.malformed_events import IGNORED, REFUSED, stored_state


def _confirmed_by_the_good_event(db, webhooks, paid) -> None:
    webhooks.send("checkout.session.completed", paid)
    db.session.expire_all()
    payment = db.session.scalar(select(Payment).where(Payment.checkout_session_id == paid["id"]))
    assert payment.status == PaymentState.PAID
    assert (payment.registration.status, payment.registration.payment_status) == (
        RegistrationStatus.CONFIRMED,
        PaymentStatus.PAID,
    )


@pytest.mark.parametrize("spoil", REFUSED)
def test_well_signed_malformed_event_is_refused_and_changes_nothing(
    db, checkout, educator, paid_workshop, stripe_standin, webhooks, spoil
):
    _, session = checkout(educator, paid_workshop())
    paid = stripe_standin.pay(session["id"])
    before = stored_state(db.session)

    response = webhooks.post(spoil(webhooks, paid))

    assert response.status_code == 400
    assert stored_state(db.session) == before
    _confirmed_by_the_good_event(db, webhooks, paid)


@pytest.mark.parametrize("spoil", IGNORED)
def test_well_formed_event_we_cannot_use_is_acknowledged_and_ignored(
    db, checkout, educator, paid_workshop, stripe_standin, webhooks, spoil
):
    _, session = checkout(educator, paid_workshop())
    paid = stripe_standin.pay(session["id"])
    _, payments, registrations, outbox = stored_state(db.session)

    response = webhooks.post(spoil(webhooks, paid))

    assert (response.status_code, response.json) == (200, {"received": "ok"})
    events, *rest = stored_state(db.session)
    assert len(events) == 1  # stored once, so Stripe's retry is a duplicate
    assert rest == [payments, registrations, outbox]
    _confirmed_by_the_good_event(db, webhooks, paid)
