"""An admin cancelling a paid workshop: one service call, a few card refunds inside the
request and the rest left to the sweep, and an honest word about each."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from pdportal.blueprints.payments import messages as payment_messages
from pdportal.blueprints.registration import messages as registration_messages
from pdportal.models import OutboxMessage, PaymentStatus, Registration, Workshop
from pdportal.services import sweep
from pdportal.services.common import stripe_client
from pdportal.services.payments import cancellation
from pdportal.services.payments import refunds as payment_refunds
from pdportal.services.payments.fees import FeeKind


@pytest.fixture
def paid_seats(db, make_user, checkout, stripe_standin, webhooks):
    """`n` educators who paid by card for the workshop."""

    def make(workshop: Workshop, n: int) -> list[Registration]:
        seats = []
        for i in range(n):
            held, session = checkout(make_user(name=f"Payer {i}"), workshop)
            webhooks.send("checkout.session.completed", stripe_standin.pay(session["id"]))
            seats.append(held)
        db.session.expire_all()
        return seats

    return make


def _cards_off(app) -> None:
    app.config["STRIPE_SECRET_KEY"] = ""
    app.extensions.pop(stripe_client.EXTENSION_KEY, None)


def _refund_emails(db) -> int:
    subjects = db.session.scalars(select(OutboxMessage.subject)).all()
    return sum(s.startswith("Refunded:") for s in subjects)


def test_cancelling_a_full_paid_workshop_refunds_a_few_at_once_and_the_sweep_the_rest(
    db, client, auth, make_user, paid_workshop, paid_seats, stripe_standin
):
    workshop = paid_workshop(price_cents=4500, capacity=20)
    seats = paid_seats(workshop, payment_refunds.REFUNDS_IN_REQUEST + 2)
    auth.login(make_user(admin_of=workshop.network))

    confirm = client.get(f"/admin/workshops/{workshop.slug}/cancel").text
    assert "7 card payments will be refunded in full, whatever the refund deadline:" in confirm
    assert "5 at once, the rest within a few minutes." in confirm

    response = client.post(
        f"/admin/workshops/{workshop.slug}/cancel",
        data={"reason": "The venue flooded."},
        follow_redirects=True,
    )

    page = response.text
    assert "7 registrations cancelled; each person is told." in page
    assert "5 card payments refunded in full." in page
    assert "2 more card payments will be refunded within a few minutes" in page
    assert len(stripe_standin.refunds) == 5
    assert _refund_emails(db) == 5

    assert "refunds: 2 card payments refunded for cancelled seats" in sweep.run()[1]

    assert len(stripe_standin.refunds) == 7
    assert _refund_emails(db) == 7
    db.session.expire_all()
    statuses = {db.session.get(Registration, seat.id).payment_status for seat in seats}
    assert statuses == {PaymentStatus.REFUNDED}


def test_a_few_card_payments_are_all_refunded_at_once(
    db, make_user, paid_workshop, paid_seats, stripe_standin
):
    workshop = paid_workshop(price_cents=4500)
    paid_seats(workshop, 2)

    done = cancellation.cancel_workshop(workshop, make_user(is_site_admin=True), "Snow.")

    assert done == cancellation.WorkshopCancellation(2, payment_refunds.WorkshopRefunds(2))
    assert payment_messages.workshop_cancelled(done) == (
        "Workshop cancelled. 2 registrations cancelled; each person is told."
        " 2 card payments refunded in full.",
        "success",
    )
    assert len(stripe_standin.refunds) == 2


def test_a_workshop_cancelled_while_stripe_is_down_leaves_its_refunds_to_the_sweep(
    db, make_user, paid_workshop, paid_seats, stripe_app, stripe_standin
):
    workshop = paid_workshop(price_cents=4500)
    paid_seats(workshop, 3)
    standin_base = stripe_app.config["STRIPE_API_BASE"]
    stripe_app.config["STRIPE_API_BASE"] = "http://127.0.0.1:9"  # Stripe unreachable
    stripe_app.extensions.pop(stripe_client.EXTENSION_KEY, None)

    done = cancellation.cancel_workshop(workshop, make_user(is_site_admin=True), "Snow.")

    assert done.refunds == payment_refunds.WorkshopRefunds(refunded=0, left=3, failed=True)
    message, _category = payment_messages.workshop_cancelled(done)
    assert "Stripe could not be reached just now, so 3 card payments will be refunded" in message
    assert "refunded in full" not in message
    stripe_app.config["STRIPE_API_BASE"] = standin_base
    stripe_app.extensions.pop(stripe_client.EXTENSION_KEY, None)
    assert "refunds: 3 card payments refunded" in sweep.run()[1]
    assert len(stripe_standin.refunds) == 3


def test_with_card_payments_off_the_admin_is_told_the_refunds_wait_for_the_stripe_keys(
    db, client, auth, make_user, paid_workshop, paid_seats, stripe_app, stripe_standin
):
    workshop = paid_workshop(price_cents=4500)
    paid_seats(workshop, 2)
    _cards_off(stripe_app)
    auth.login(make_user(admin_of=workshop.network))

    confirm = client.get(f"/admin/workshops/{workshop.slug}/cancel").text
    # One rule, the same words before (the confirm page) and after (the flash message).
    assert cancellation.card_refunds_preview(workshop) == payment_refunds.CardRefundsPreview(
        paid=2, paused=True
    )
    paused = (
        "Card refunds are paused right now (the Stripe keys are not set): 2 card payments will"
        " be refunded in full automatically as soon as card payments are back on, whatever the"
        " refund deadline, and each educator will be emailed then."
    )
    assert paused in html.unescape(confirm)

    response = client.post(
        f"/admin/workshops/{workshop.slug}/cancel",
        data={"reason": "The venue flooded."},
        follow_redirects=True,
    )

    assert paused in html.unescape(response.text)
    assert stripe_standin.refunds == {}
    assert "2 refunds waiting for the Stripe keys" in sweep.run()[1]


def test_a_free_workshop_confirm_page_promises_no_refunds(
    db, client, auth, make_user, make_workshop
):
    workshop = make_workshop()
    auth.login(make_user(admin_of=workshop.network))

    page = client.get(f"/admin/workshops/{workshop.slug}/cancel").text

    assert "refunded" not in page


def test_an_educator_cancelling_while_cards_are_off_is_told_the_refund_is_automatic(
    db, educator, paid_workshop, paid_seats, stripe_app, stripe_standin
):
    (seat,) = paid_seats(paid_workshop(price_cents=4500), 1)
    _cards_off(stripe_app)

    result = cancellation.cancel(seat, seat.user, "")

    assert result.fee.kind == FeeKind.CARD_REFUND_PAUSED
    message, category = registration_messages.cancelled(result.seat, result.fee)
    assert category == "warning"
    assert "refunded in full automatically as soon as card payments are back on" in message
    assert "You do not need to do anything." in message
    assert "network office" not in message
