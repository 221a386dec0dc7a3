"""What educators are told about their fee when they cancel, or their workshop is cancelled."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from pdportal.models import OutboxMessage
from pdportal.orm import utcnow
from pdportal.services import payments, workshops
from pdportal.services.payments import reports as payment_reports


@pytest.fixture
def po_workshop(paid_workshop, make_network):
    return paid_workshop(
        network=make_network(name="Cascade STEM"), allows_purchase_order=True, price_cents=7500
    )


def _po_seat(educator, workshop, *, paid_by=None):
    seat = payments.pay_by_purchase_order(
        educator, workshop, district="Kent SD", po_number="PO-77"
    ).registration
    if paid_by is not None:
        payment_reports.mark_po_paid(seat, paid_by)
    return seat


def _confirm_page(client, auth, seat) -> str:
    auth.login(seat.user)
    return client.get(f"/me/registrations/{seat.id}/cancel").text


def test_cancel_page_says_an_unpaid_purchase_order_will_not_be_due(
    client, auth, educator, po_workshop, stripe_app
):
    seat = _po_seat(educator, po_workshop)

    page = _confirm_page(client, auth, seat)

    assert "The $75.00 on purchase order PO-77 will not be due any more" in page


def test_cancel_page_says_the_network_office_refunds_a_paid_purchase_order(
    client, auth, educator, make_user, po_workshop, stripe_app
):
    seat = _po_seat(educator, po_workshop, paid_by=make_user(admin_of=po_workshop.network))

    page = _confirm_page(client, auth, seat)

    assert (
        "The $75.00 on purchase order PO-77 was paid and will be refunded by the network office."
        in page
    )


def test_cancel_page_says_no_refund_of_a_purchase_order_after_the_deadline(
    db, client, auth, educator, make_user, po_workshop, stripe_app
):
    seat = _po_seat(educator, po_workshop, paid_by=make_user(admin_of=po_workshop.network))
    po_workshop.refund_deadline_at = utcnow() - timedelta(hours=1)
    db.session.commit()

    page = _confirm_page(client, auth, seat)

    assert "No refund applies after " in page
    assert "the $75.00 on purchase order PO-77 was paid and is not refunded." in page
    assert "refunded by the network office" not in page


def _cancellation_email(db, workshop, admin) -> str:
    workshops.cancel_workshop(workshop, admin, "The venue flooded.")
    return db.session.scalars(
        select(OutboxMessage.body_text).where(
            OutboxMessage.subject.startswith("Workshop cancelled")
        )
    ).one()


def test_workshop_cancelled_email_says_the_network_office_refunds_a_paid_purchase_order(
    db, educator, make_user, po_workshop, stripe_app
):
    admin = make_user(admin_of=po_workshop.network)
    _po_seat(educator, po_workshop, paid_by=admin)

    body = _cancellation_email(db, po_workshop, admin)

    assert "was paid: the network office will refund it to Kent SD." in body
    assert "the organisers will refund you" not in body


def test_workshop_cancelled_email_says_an_unpaid_purchase_order_is_not_due(
    db, educator, make_user, po_workshop, stripe_app
):
    _po_seat(educator, po_workshop)

    body = _cancellation_email(db, po_workshop, make_user(admin_of=po_workshop.network))

    assert "Your purchase order PO-77 for $75.00 is not due any more" in body


def test_workshop_cancelled_email_says_a_card_payment_is_refunded_automatically(
    db, educator, make_user, paid_workshop, checkout, stripe_standin, webhooks
):
    workshop = paid_workshop(price_cents=12500)
    _, session = checkout(educator, workshop)
    webhooks.send("checkout.session.completed", stripe_standin.pay(session["id"]))

    body = _cancellation_email(db, workshop, make_user(admin_of=workshop.network))

    assert "Your card payment of $125.00 is refunded to your card automatically" in body
    assert "the organisers will refund you" not in body


def test_cancel_page_says_an_unpaid_purchase_order_stays_due_after_the_deadline(
    db, client, auth, educator, po_workshop, stripe_app
):
    seat = _po_seat(educator, po_workshop)
    po_workshop.refund_deadline_at = utcnow() - timedelta(hours=1)
    db.session.commit()

    page = _confirm_page(client, auth, seat)

    assert "Cancelling after " in page
    assert ": the $75.00 on purchase order PO-77 is still due." in page
    assert "not be due" not in page


def _walk_in_paid(po_workshop, educator, make_user):
    from pdportal.services import registration

    admin = make_user(admin_of=po_workshop.network)
    seat = registration.add_walk_in(po_workshop, educator.email, admin).registration
    payment_reports.mark_po_paid(seat, admin)
    return seat, admin


def test_a_walk_in_who_paid_is_not_told_they_paid_by_invoice(
    db, client, auth, educator, make_user, po_workshop, stripe_app
):
    seat, admin = _walk_in_paid(po_workshop, educator, make_user)

    page = _confirm_page(client, auth, seat)

    assert "The $75.00 fee was paid and will be refunded by the network office." in page
    assert "by invoice" not in page

    body = _cancellation_email(db, po_workshop, admin)

    assert "You paid the $75.00 fee (by invoice or at the door)" in body
    assert "You paid $75.00 by invoice" not in body
