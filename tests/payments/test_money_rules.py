"""Money is never kept without a seat: a purchase order of an educator who only ever
waited is never billed; each fee rule is worded once; the CSV keeps a plain PO column;
a refund still owed stays on the educator's page."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from pdportal.blueprints.registration.messages import fee_sentence
from pdportal.models import OutboxMessage, PaymentStatus, Registration, RegistrationStatus
from pdportal.orm import utcnow
from pdportal.services import payments, registration
from pdportal.services.payments import cancellation
from pdportal.services.payments import reports as payment_reports
from pdportal.services.payments.fees import FeeKind
from pdportal.services.registration import admin as registration_admin


@pytest.fixture
def full_po_workshop(db, make_user, make_network, paid_workshop, stripe_app):
    """A one-seat workshop taking purchase orders, its seat taken, its deadline passed."""
    network = make_network(name="Cascade STEM")
    workshop = paid_workshop(
        network=network, allows_purchase_order=True, price_cents=7500, capacity=1
    )
    admin = make_user(name="Office Admin", admin_of=network)
    seated = payments.pay_by_purchase_order(
        make_user(name="Sam Seated"), workshop, district="Kent SD", po_number="PO-SEAT"
    ).registration
    waiting = payments.pay_by_purchase_order(
        make_user(name="Wren Waiting"), workshop, district="Kent SD", po_number="PO-WAIT"
    ).registration
    assert waiting.status == RegistrationStatus.WAITLISTED
    workshop.refund_deadline_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    return workshop, admin, seated, waiting


def _csv_rows(client, workshop) -> list[dict[str, str]]:
    text = client.get(f"/payments/admin/workshops/{workshop.slug}/payments.csv").text
    return list(csv.DictReader(io.StringIO(text)))


def test_leaving_the_waitlist_after_the_deadline_leaves_no_purchase_order_due(
    db, client, auth, full_po_workshop
):
    workshop, admin, _, waiting = full_po_workshop
    auth.login(waiting.user)
    confirm = client.get(f"/me/registrations/{waiting.id}/cancel").text
    assert "The $75.00 on purchase order PO-WAIT will not be due any more" in confirm

    result = cancellation.cancel(waiting, waiting.user, "")

    assert (result.fee.kind, result.fee.amount_cents, result.fee.po_number) == (
        FeeKind.NO_LONGER_DUE,
        7500,
        "PO-WAIT",
    )
    assert "The $75.00 on purchase order PO-WAIT will not be due any more" in fee_sentence(
        result.fee
    )
    db.session.expire_all()
    assert db.session.get(Registration, waiting.id).payment_status == PaymentStatus.NOT_DUE
    body = db.session.scalars(
        select(OutboxMessage.body_text).where(OutboxMessage.subject.startswith("You have left"))
    ).one()
    assert "is still due" not in body
    auth.login(admin)
    rows = {row["Educator"]: row for row in _csv_rows(client, workshop)}
    assert rows["Wren Waiting"]["Due (USD)"] == "0.00"
    assert rows["Sam Seated"]["Due (USD)"] == "75.00"


def test_an_admin_taking_someone_off_the_waitlist_late_bills_nobody(
    db, client, auth, full_po_workshop
):
    workshop, admin, _, waiting = full_po_workshop

    registration.cancel_registration(waiting, admin, "Duplicate sign-up.")  # seat only
    auth.login(admin)

    (row,) = [r for r in _csv_rows(client, workshop) if r["Educator"] == "Wren Waiting"]
    assert (row["Payment status"], row["Due (USD)"]) == ("Not due (cancelled)", "0.00")
    assert payments.close_unpaid_offline(workshop_id=workshop.id) == 1


def test_a_purchase_order_seated_from_the_waitlist_stays_due_when_cancelled_late(
    db, full_po_workshop
):
    workshop, admin, seated, waiting = full_po_workshop
    registration_admin.set_capacity(workshop.id, 2)  # Wren gets a seat
    db.session.expire_all()
    waiting = db.session.get(Registration, waiting.id)
    assert waiting.status == RegistrationStatus.CONFIRMED

    cancellation.cancel(waiting, admin, "Left the district.")
    cancellation.cancel(seated, admin, "Left the district.")

    db.session.expire_all()
    for seat in (waiting, seated):
        assert db.session.get(Registration, seat.id).payment_status == PaymentStatus.DUE


def test_a_waitlisted_purchase_order_is_not_counted_as_due_in_the_report(db, full_po_workshop):
    workshop, _, _, _ = full_po_workshop

    report = payment_reports.report(workshop=workshop)

    assert report.due_cents == 7500
    assert [row.registration.po_number for row in report.outstanding] == ["PO-SEAT"]


def test_the_purchase_order_form_states_the_late_cancellation_rule(
    client, auth, make_user, full_po_workshop
):
    workshop, _, _, _ = full_po_workshop
    auth.login(make_user())

    page = client.get(f"/payments/workshops/{workshop.slug}/pay").text

    assert 'id="po-po_number-hint"' in page
    # the fixture's deadline has passed: no "cancel before …" promise any more
    assert "and nothing is due; cancel later" not in page
    assert "your district owes the fee even if you cancel" in page
    assert "On the waitlist, nothing is due until you get a seat." in page


def test_the_csv_keeps_a_plain_po_number_column(
    db, client, auth, full_po_workshop, make_user, paid_workshop, checkout, stripe_standin, webhooks
):
    workshop, admin, _, _ = full_po_workshop
    auth.login(admin)

    rows = _csv_rows(client, workshop)

    assert "PO number or method" not in rows[0]
    assert sorted(row["PO number"] for row in rows) == ["PO-SEAT", "PO-WAIT"]
    card_workshop = paid_workshop(network=workshop.network, price_cents=4500)
    _, session = checkout(make_user(name="Cara Card"), card_workshop)
    webhooks.send("checkout.session.completed", stripe_standin.pay(session["id"]))
    (card_row,) = _csv_rows(client, card_workshop)
    assert (card_row["PO number"], card_row["Method"]) == ("", "Card")


def _my_registrations(client, educator) -> str:
    return client.get("/me/registrations").text.split(">Cancelled</h2>")[1]


def test_a_refund_owed_stays_on_my_registrations_after_registering_again(
    db, client, auth, make_user, make_network, paid_workshop, stripe_app
):
    workshop = paid_workshop(
        network=make_network(name="Cascade STEM"), allows_purchase_order=True, price_cents=7500
    )
    admin = make_user(admin_of=workshop.network)
    educator = make_user(name="Paula Paid")
    first = payments.pay_by_purchase_order(
        educator, workshop, district="Kent SD", po_number="PO-FIRST"
    ).registration
    payment_reports.mark_po_paid(first, admin)
    cancellation.cancel(first, educator, "")
    auth.login(educator)
    assert "Refund owed by the network office" in _my_registrations(client, educator)

    payments.pay_by_purchase_order(educator, workshop, district="Kent SD", po_number="PO-AGAIN")

    cancelled = _my_registrations(client, educator)
    assert "PO number PO-FIRST" in cancelled
    assert "Refund owed by the network office" in cancelled
