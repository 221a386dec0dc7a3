"""`flask sweep` expiring unpaid holds (asking Stripe first), and refunds on cancellation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from pdportal.blueprints.registration.messages import fee_sentence
from pdportal.models import (
    Payment,
    PaymentState,
    PaymentStatus,
    Registration,
    RegistrationStatus,
)
from pdportal.orm import utcnow
from pdportal.services import payments, registration, sweep
from pdportal.services.payments import cancellation, fees
from pdportal.services.payments import events as payment_events
from pdportal.services.payments.fees import FeeKind


def _expire(db, held: Registration) -> None:
    held.hold_expires_at = utcnow() - timedelta(seconds=5)
    db.session.commit()


def test_sweep_expires_checkout_at_stripe_then_releases_the_seat(
    db, checkout, educator, make_user, paid_workshop, stripe_standin
):
    workshop = paid_workshop(capacity=1)
    held, session = checkout(educator, workshop)
    waiting = payments.pay_by_card(make_user(), workshop).registration
    _expire(db, held)

    lines = sweep.run()

    assert "holds: 1 released" in lines[0]
    assert stripe_standin.sessions[session["id"]]["status"] == "expired"
    db.session.expire_all()
    assert db.session.get(Registration, held.id).status == RegistrationStatus.CANCELLED
    payment = db.session.scalar(select(Payment).where(Payment.registration_id == held.id))
    assert payment.status == PaymentState.EXPIRED
    assert db.session.get(Registration, waiting.id).status == RegistrationStatus.HELD


def test_sweep_confirms_the_seat_when_stripe_says_it_was_paid(
    db, checkout, educator, paid_workshop, stripe_standin
):
    held, session = checkout(educator, paid_workshop())
    stripe_standin.pay(session["id"])  # paid, but the webhook never came
    _expire(db, held)

    line = payment_events.expire_unpaid_holds(utcnow())

    assert "1 paid at Stripe and confirmed" in line
    db.session.expire_all()
    confirmed = db.session.get(Registration, held.id)
    assert (confirmed.status, confirmed.payment_status) == (
        RegistrationStatus.CONFIRMED,
        PaymentStatus.PAID,
    )
    assert stripe_standin.refunds == {}


def test_late_payment_for_an_expired_hold_does_not_jump_the_waitlist(
    db, checkout, educator, make_user, paid_workshop, stripe_standin
):
    """Invariant 3: the hold ran out before the sweep came, someone was waiting, then
    Stripe's completion for the expired hold arrived. The waiting educator gets the seat;
    the late payer is refunded, and the workshop is never overbooked."""
    workshop = paid_workshop(capacity=1)
    late, session = checkout(educator, workshop)
    waiting = payments.pay_by_card(make_user(), workshop).registration
    assert waiting.status == RegistrationStatus.WAITLISTED
    _expire(db, late)

    payment_events.session_paid(stripe_standin.pay(session["id"]))

    db.session.expire_all()
    assert db.session.get(Registration, waiting.id).status == RegistrationStatus.HELD
    late = db.session.get(Registration, late.id)
    assert (late.status, late.payment_status) == (
        RegistrationStatus.CANCELLED,
        PaymentStatus.REFUNDED,
    )
    (refund,) = stripe_standin.refunds.values()
    assert refund["amount"] == workshop.price_cents
    counts = registration.seat_counts([workshop.id])[workshop.id]
    assert (counts.taken, counts.waitlisted) == (1, 0)


def test_sweep_releases_a_promoted_hold_that_never_opened_checkout(
    db, checkout, educator, make_user, paid_workshop, stripe_standin
):
    workshop = paid_workshop(capacity=1)
    first, _ = checkout(make_user(), workshop)
    promoted = payments.pay_by_card(educator, workshop).registration
    registration.release_hold(first.id, "ran out")
    db.session.refresh(promoted)
    assert promoted.status == RegistrationStatus.HELD
    _expire(db, promoted)

    payment_events.expire_unpaid_holds(utcnow())

    db.session.expire_all()
    assert db.session.get(Registration, promoted.id).status == RegistrationStatus.CANCELLED


def test_sweep_leaves_live_holds_alone(db, checkout, educator, paid_workshop, stripe_standin):
    held, session = checkout(educator, paid_workshop())
    assert "0 released" in payment_events.expire_unpaid_holds(utcnow())
    assert stripe_standin.sessions[session["id"]]["status"] == "open"
    assert db.session.get(Registration, held.id).status == RegistrationStatus.HELD


def test_sweep_leaves_the_hold_for_later_when_stripe_is_unreachable(
    db, checkout, educator, paid_workshop, stripe_app
):
    held, _ = checkout(educator, paid_workshop())
    _expire(db, held)
    stripe_app.config["STRIPE_API_BASE"] = "http://127.0.0.1:9"
    stripe_app.extensions.pop("pdportal_stripe_client", None)

    line = payment_events.expire_unpaid_holds(utcnow())

    assert "left for the next sweep" in line
    db.session.expire_all()
    assert db.session.get(Registration, held.id).status == RegistrationStatus.HELD


@pytest.fixture
def paid_seat(db, checkout, educator, stripe_standin, webhooks):
    def make(workshop):
        held, session = checkout(educator, workshop)
        paid = stripe_standin.pay(session["id"])
        webhooks.send("checkout.session.completed", paid)
        db.session.expire_all()
        return db.session.get(Registration, held.id), paid

    return make


def test_cancelling_before_the_deadline_refunds_through_stripe(
    db, educator, paid_workshop, paid_seat, stripe_standin, webhooks
):
    workshop = paid_workshop(price_cents=12500)
    seat, paid = paid_seat(workshop)
    fee = fees.on_giving_up(seat)
    assert (fee.kind, fee.amount_cents) == (FeeKind.CARD_REFUND, 12500)
    assert fee_sentence(fee) == "You will be refunded $125.00 to your card."

    registration.cancel_registration(seat, educator, "")
    refunded = payments.refund_for_cancellation(seat)

    assert refunded == 12500
    (refund,) = stripe_standin.refunds.values()
    assert (refund["payment_intent"], refund["amount"]) == (paid["payment_intent"], 12500)
    (request,) = stripe_standin.requests_to("POST", "/v1/refunds")
    payment = db.session.scalar(select(Payment).where(Payment.registration_id == seat.id))
    assert request.headers["idempotency-key"] == f"refund-{payment.id}"
    assert payment.status == PaymentState.REFUNDED
    assert db.session.get(Registration, seat.id).payment_status == PaymentStatus.REFUNDED

    # A second call (a retry) refunds nothing more; Stripe's own event changes nothing.
    assert payments.refund_for_cancellation(seat) == 0
    webhooks.send("charge.refunded", webhooks.charge(paid))
    assert len(stripe_standin.refunds) == 1


def test_no_refund_after_the_deadline_and_the_educator_is_told_first(
    db, educator, paid_workshop, paid_seat, stripe_standin
):
    workshop = paid_workshop(refund_deadline_at=utcnow() + timedelta(days=1))
    seat, _ = paid_seat(workshop)
    workshop.refund_deadline_at = utcnow() - timedelta(minutes=1)
    db.session.commit()

    quote = payments.refund_quote(seat)
    assert not quote.applies
    fee = fees.on_giving_up(seat)
    assert (fee.kind, fee.deadline_at) == (FeeKind.NO_CARD_REFUND, workshop.refund_deadline_at)
    assert fee_sentence(fee).startswith("No refund applies after ")

    registration.cancel_registration(seat, educator, "")
    assert payments.refund_for_cancellation(seat) == 0
    assert stripe_standin.refunds == {}


def test_purchase_order_seats_have_no_card_refund(db, educator, paid_workshop, stripe_app):
    workshop = paid_workshop(allows_purchase_order=True)
    seat = payments.pay_by_purchase_order(
        educator, workshop, district="Kent SD", po_number="44"
    ).registration
    quote = payments.refund_quote(seat)
    assert (quote.applies, quote.amount_cents) == (False, 0)


def test_cancelling_a_held_seat_closes_its_checkout(
    db, checkout, educator, paid_workshop, stripe_standin
):
    held, session = checkout(educator, paid_workshop())

    registration.cancel_registration(held, educator, "")
    assert payments.refund_for_cancellation(held) == 0

    assert stripe_standin.sessions[session["id"]]["status"] == "expired"
    payment = db.session.scalar(select(Payment).where(Payment.registration_id == held.id))
    assert payment.status == PaymentState.EXPIRED


def test_cancelled_workshop_refunds_every_card_payment_even_after_the_deadline(
    db, make_user, paid_workshop, paid_seat, stripe_standin, checkout
):
    from pdportal.models import OutboxMessage, WorkshopStatus
    from pdportal.services import workshops
    from pdportal.services.payments import refunds as payment_refunds

    workshop = paid_workshop(refund_deadline_at=utcnow() - timedelta(days=1))
    seat, paid = paid_seat(workshop)
    admin = make_user(is_site_admin=True)

    workshops.cancel_workshop(workshop, admin, "The venue flooded.")
    done = payment_refunds.refund_cancelled_workshop(workshop)

    assert done == payment_refunds.WorkshopRefunds(refunded=1)
    (refund,) = stripe_standin.refunds.values()
    assert (refund["payment_intent"], refund["amount"]) == (paid["payment_intent"], 12500)
    db.session.expire_all()
    assert db.session.get(Registration, seat.id).payment_status == PaymentStatus.REFUNDED
    subjects = db.session.scalars(select(OutboxMessage.subject)).all()
    assert any(s.startswith("Refunded:") and "was cancelled" in s for s in subjects)
    assert db.session.get(type(workshop), workshop.id).status == WorkshopStatus.CANCELLED

    # The sweep's safety net finds nothing more to do.
    assert "refunds: 0 card payments refunded for cancelled seats" in sweep.run()[1]
    assert len(stripe_standin.refunds) == 1


def test_sweep_finishes_refunds_owed_for_a_cancelled_workshop(
    db, make_user, paid_workshop, paid_seat, stripe_standin
):
    from pdportal.services import workshops

    workshop = paid_workshop()
    paid_seat(workshop)
    workshops.cancel_workshop(workshop, make_user(is_site_admin=True), "Facilitator ill.")

    assert "refunds: 1 card payment refunded for cancelled seats" in sweep.run()[1]
    assert len(stripe_standin.refunds) == 1


def test_educator_sees_the_refund_before_confirming_and_is_refunded_over_http(
    db, client, auth, educator, paid_workshop, paid_seat, stripe_standin
):
    seat, paid = paid_seat(paid_workshop(price_cents=12500))
    auth.login(educator)
    path = f"/me/registrations/{seat.id}/cancel"

    confirm_page = client.get(path).get_data(as_text=True)
    assert "You will be refunded $125.00 to your card." in confirm_page
    assert stripe_standin.refunds == {}  # nothing happens before they confirm

    response = client.post(path, follow_redirects=True)

    assert "$125.00 will be refunded to the card" in response.get_data(as_text=True)
    (refund,) = stripe_standin.refunds.values()
    assert refund["payment_intent"] == paid["payment_intent"]


def test_educator_is_told_no_refund_applies_before_confirming(
    db, client, auth, educator, paid_workshop, paid_seat, stripe_standin
):
    workshop = paid_workshop()
    seat, _ = paid_seat(workshop)
    workshop.refund_deadline_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    auth.login(educator)
    path = f"/me/registrations/{seat.id}/cancel"

    assert "No refund applies after" in client.get(path).get_data(as_text=True)
    client.post(path)

    assert stripe_standin.refunds == {}
    db.session.expire_all()
    assert db.session.get(Registration, seat.id).status == RegistrationStatus.CANCELLED


def test_admin_cancelling_a_paid_workshop_over_http_refunds_and_says_so(
    db, client, auth, make_user, paid_workshop, paid_seat, stripe_standin
):
    workshop = paid_workshop(price_cents=12500)
    seat, paid = paid_seat(workshop)
    auth.login(make_user(is_site_admin=True))

    response = client.post(
        f"/admin/workshops/{workshop.slug}/cancel",
        data={"reason": "The venue flooded."},
        follow_redirects=True,
    )

    page = response.get_data(as_text=True)
    assert "1 registration cancelled" in page
    assert "1 card payment refunded in full." in page
    (refund,) = stripe_standin.refunds.values()
    assert refund["payment_intent"] == paid["payment_intent"]
    db.session.expire_all()
    assert db.session.get(Registration, seat.id).payment_status == PaymentStatus.REFUNDED


def test_a_refund_stripe_could_not_take_at_cancellation_is_finished_by_the_sweep(
    db, educator, paid_workshop, paid_seat, stripe_app, stripe_standin
):
    from pdportal.models import OutboxMessage

    seat, paid = paid_seat(paid_workshop(price_cents=12500))
    standin_base = stripe_app.config["STRIPE_API_BASE"]
    stripe_app.config["STRIPE_API_BASE"] = "http://127.0.0.1:9"  # Stripe unreachable
    stripe_app.extensions.pop("pdportal_stripe_client", None)

    result = cancellation.cancel(seat, educator, "")

    assert result.fee.kind == FeeKind.CARD_REFUND_DELAYED and result.fee.is_warning
    assert "try again automatically" in fee_sentence(result.fee)
    assert stripe_standin.refunds == {}
    stripe_app.config["STRIPE_API_BASE"] = standin_base
    stripe_app.extensions.pop("pdportal_stripe_client", None)

    assert "refunds: 1 card payment refunded for cancelled seats" in sweep.run()[1]
    (refund,) = stripe_standin.refunds.values()
    assert (refund["payment_intent"], refund["amount"]) == (paid["payment_intent"], 12500)
    db.session.expire_all()
    assert db.session.get(Registration, seat.id).payment_status == PaymentStatus.REFUNDED
    subjects = db.session.scalars(select(OutboxMessage.subject)).all()
    assert any(s.startswith("Refunded:") and "was cancelled" not in s for s in subjects)
    assert "refunds: 0 card payments refunded for cancelled seats" in sweep.run()[1]


def test_a_cancellation_after_the_refund_deadline_is_never_refunded_by_the_sweep(
    db, educator, paid_workshop, paid_seat, stripe_standin
):
    seat, _ = paid_seat(paid_workshop(refund_deadline_at=utcnow() - timedelta(days=1)))

    cancellation.cancel(seat, educator, "")

    assert "refunds: 0 card payments refunded for cancelled seats" in sweep.run()[1]
    assert stripe_standin.refunds == {}
