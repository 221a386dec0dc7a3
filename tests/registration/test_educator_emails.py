"""What the registration emails tell educators: the fee on cancelling, the payment on
registering, and leaving a waitlist (which is not a cancelled seat)."""

from __future__ import annotations

import pytest

from pdportal.extensions import db
from pdportal.models import Payment, PaymentMethod, PaymentState, PaymentStatus, User, Workshop
from pdportal.services import payments, registration
from pdportal.services.payments import cancellation
from pdportal.services.payments import reports as payment_reports


@pytest.fixture
def po_workshop(make_workshop) -> Workshop:
    return make_workshop(title="Modeling Energy", price_cents=4500, allows_purchase_order=True)


@pytest.fixture
def office_admin(make_user, po_workshop) -> User:
    return make_user(name="Office Admin", admin_of=po_workshop.network)


def _po_seat(user: User, workshop: Workshop):
    return payments.pay_by_purchase_order(
        user, workshop, district="Kent School District", po_number="PO-2026-0042"
    ).registration


def _last(outbox, user: User):
    return outbox(user.email)[-1]


def test_cancelling_a_paid_purchase_order_emails_who_refunds_the_fee(
    make_user, po_workshop, office_admin, outbox
):
    educator = make_user()
    seat = _po_seat(educator, po_workshop)
    payment_reports.mark_po_paid(seat, office_admin)

    cancellation.cancel(seat, educator, "")

    email = _last(outbox, educator)
    assert email.subject == "Registration cancelled: Modeling Energy"
    body = " ".join(email.body_text.split())
    # The email's words come from fee_sentence, like the confirm page's.
    assert "$45.00" in body
    assert "PO-2026-0042" in body
    assert "refund" in body
    assert "network office" in body


def test_cancelling_an_unpaid_purchase_order_emails_that_nothing_is_due(
    make_user, po_workshop, outbox
):
    educator = make_user()
    seat = _po_seat(educator, po_workshop)

    cancellation.cancel(seat, educator, "")

    body = " ".join(_last(outbox, educator).body_text.split())
    assert "PO-2026-0042" in body
    assert "$45.00" in body
    assert "due" in body


def test_free_cancellation_email_says_nothing_about_a_fee(make_user, make_workshop, outbox):
    educator = make_user()
    seat = registration.take_seat(educator, make_workshop()).registration

    cancellation.cancel(seat, educator, "")

    assert "fee" not in _last(outbox, educator).body_text


def test_purchase_order_confirmation_names_amount_po_district_and_invoice(
    make_user, po_workshop, outbox
):
    educator = make_user()
    _po_seat(educator, po_workshop)

    email = _last(outbox, educator)
    assert email.subject == "You're registered: Modeling Energy"
    body = " ".join(email.body_text.split())
    assert "Payment: $45.00 by purchase order PO-2026-0042 from Kent School District." in body
    assert "The network office will invoice Kent School District for it" in body


def test_card_confirmation_says_what_was_paid(make_user, make_workshop, outbox):
    educator = make_user()
    workshop = make_workshop(title="Circuits", price_cents=4500)
    held = registration.take_seat(
        educator,
        workshop,
        payment_method=PaymentMethod.CARD,
        payment_status=PaymentStatus.PENDING,
        amount_cents=4500,
        hold=True,
    ).registration
    db.session.add(
        Payment(
            registration_id=held.id,
            checkout_session_id="cs_test_mail",
            payment_intent_id="pi_test_mail",
            amount_cents=4500,
            status=PaymentState.PAID,
        )
    )
    db.session.commit()

    assert registration.confirm_paid(held.id) is True

    email = _last(outbox, educator)
    assert email.subject == "You're registered: Circuits"
    assert "Payment: you paid $45.00 by card." in email.body_text


def test_free_confirmation_has_no_payment_line(make_user, make_workshop, outbox):
    educator = make_user()
    registration.take_seat(educator, make_workshop())
    assert "Payment:" not in _last(outbox, educator).body_text


def test_leaving_the_waitlist_sends_a_waitlist_email_not_a_cancellation(
    make_user, make_workshop, fill, outbox
):
    workshop = make_workshop(title="Data Science Lab", capacity=1)
    fill(workshop, 1)
    educator = make_user()
    waiting = registration.take_seat(educator, workshop).registration

    registration.cancel_registration(waiting, educator, "")

    email = _last(outbox, educator)
    assert email.subject == "You have left the waitlist: Data Science Lab"
    body = " ".join(email.body_text.split())
    assert "you have left the waitlist for Data Science Lab" in body
    assert "join the waitlist again from the workshop page, at the back of the line" in body
    assert "cancelled" not in body
    assert "while seats remain" not in body


def test_organiser_taking_someone_off_the_waitlist_says_so_with_the_reason(
    make_user, make_workshop, fill, outbox
):
    workshop = make_workshop(title="Data Science Lab", capacity=1)
    fill(workshop, 1)
    educator = make_user()
    waiting = registration.take_seat(educator, workshop).registration

    registration.cancel_registration(waiting, make_user(), "Duplicate account")

    body = " ".join(_last(outbox, educator).body_text.split())
    assert "taken you off the waitlist for Data Science Lab" in body
    assert "Reason: Duplicate account" in body
