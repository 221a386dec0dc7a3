"""Purchase orders and invoices of cancelled registrations, by the rule card refunds
follow (the workshop was cancelled, or the registration before the refund deadline):
unpaid ones stop being due and paid ones are refunds the network office owes, listed in
the report until an admin marks them refunded; cancelled later, an unpaid fee stays due."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from pdportal.blueprints.registration.messages import fee_sentence
from pdportal.models import OutboxMessage, PaymentStatus, Registration
from pdportal.orm import utcnow
from pdportal.services import payments, registration, sweep
from pdportal.services.payments import cancellation
from pdportal.services.payments import reports as payment_reports
from pdportal.services.payments.fees import FeeKind


@pytest.fixture
def office(db, make_user, make_network, paid_workshop, stripe_app):
    """A workshop taking purchase orders, its network admin, and a way to buy a PO seat."""
    network = make_network(name="Cascade STEM")
    workshop = paid_workshop(network=network, allows_purchase_order=True, price_cents=7500)
    admin = make_user(name="Office Admin", admin_of=network)

    def po_seat(name: str, *, paid: bool = False) -> Registration:
        educator = make_user(name=name)
        seat = payments.pay_by_purchase_order(
            educator, workshop, district="Kent SD", po_number=f"PO-{name[:4]}"
        ).registration
        if paid:
            payment_reports.mark_po_paid(seat, admin)
        return seat

    return workshop, admin, po_seat


def _report(client, workshop) -> str:
    return client.get(f"/payments/admin/workshops/{workshop.slug}").text


def _csv_rows(client, workshop) -> list[dict[str, str]]:
    text = client.get(f"/payments/admin/workshops/{workshop.slug}/payments.csv").text
    return list(csv.DictReader(io.StringIO(text)))


def _all_payments_row(page: str, name: str) -> str:
    return page.split("<h2>All payments</h2>")[1].split(name)[1].split("</tr>")[0]


def test_an_unpaid_purchase_order_cancelled_by_the_educator_is_no_longer_due(
    db, client, auth, office
):
    workshop, admin, po_seat = office
    seat = po_seat("Uma Unpaid")

    cancellation.cancel(seat, seat.user, "")

    db.session.expire_all()
    assert db.session.get(Registration, seat.id).payment_status == PaymentStatus.NOT_DUE
    auth.login(admin)
    page = _report(client, workshop)
    row = _all_payments_row(page, "Uma Unpaid")
    assert "Not due (cancelled)" in row and "Due" not in row
    assert "Nothing is outstanding." in page
    (csv_row,) = _csv_rows(client, workshop)
    assert (csv_row["Payment status"], csv_row["Due (USD)"]) == ("Not due (cancelled)", "0.00")


def test_unpaid_purchase_orders_of_a_cancelled_workshop_are_no_longer_due(db, client, auth, office):
    workshop, admin, po_seat = office
    seat = po_seat("Uma Unpaid")
    auth.login(admin)

    response = client.post(
        f"/admin/workshops/{workshop.slug}/cancel",
        data={"reason": "The venue flooded."},
        follow_redirects=True,
    )

    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.get(Registration, seat.id).payment_status == PaymentStatus.NOT_DUE
    assert "Due" not in _all_payments_row(_report(client, workshop), "Uma Unpaid")


def test_a_purchase_order_cancelled_elsewhere_reads_not_due_and_the_sweep_closes_it(
    db, client, auth, office
):
    workshop, admin, po_seat = office
    seat = po_seat("Uma Unpaid")
    registration.cancel_registration(seat, seat.user, "")  # the seat only, not the money
    auth.login(admin)

    assert "Not due (cancelled)" in _all_payments_row(_report(client, workshop), "Uma Unpaid")
    assert "1 unpaid purchase order or invoice closed" in sweep.run()[1]
    db.session.expire_all()
    assert db.session.get(Registration, seat.id).payment_status == PaymentStatus.NOT_DUE


def test_a_paid_purchase_order_cancelled_before_the_deadline_is_owed_back_until_marked(
    db, client, auth, office, make_user
):
    workshop, admin, po_seat = office
    seat = po_seat("Paula Paid", paid=True)
    kept = po_seat("Kim Kept", paid=True)  # not cancelled: nothing owed

    result = cancellation.cancel(seat, seat.user, "")

    assert result.fee.kind == FeeKind.OFFICE_WILL_REFUND
    assert fee_sentence(result.fee) == (
        "The $75.00 on purchase order PO-Paul was paid and will be refunded by the network office."
    )
    auth.login(admin)
    page = _report(client, workshop)
    owed = page.split("<h2>Refunds owed by the network office</h2>")[1].split("<h2>")[0]
    assert "Paula Paid" in owed and "$75.00" in owed and "Mark refunded" in owed
    assert "Kim Kept" not in owed
    assert "<dt>Owed back by the network office</dt><dd>$75.00</dd>" in page
    rows = {row["Educator"]: row for row in _csv_rows(client, workshop)}
    assert rows["Paula Paid"]["Refund owed by the network office (USD)"] == "75.00"
    assert rows["Kim Kept"]["Refund owed by the network office (USD)"] == "0.00"

    response = client.post(
        f"/payments/admin/registrations/{seat.id}/mark-refunded", follow_redirects=True
    )

    assert "Marked Paula Paid&#39;s purchase order PO-Paul refunded." in response.text
    db.session.expire_all()
    assert db.session.get(Registration, seat.id).payment_status == PaymentStatus.REFUNDED
    assert db.session.get(Registration, kept.id).payment_status == PaymentStatus.PAID
    page = _report(client, workshop)
    assert "No refunds are owed." in page
    assert "<dt>Refunded</dt><dd>$75.00</dd>" in page
    rows = {row["Educator"]: row for row in _csv_rows(client, workshop)}
    assert rows["Paula Paid"]["Payment status"] == "Refunded"
    assert rows["Paula Paid"]["Refund owed by the network office (USD)"] == "0.00"


def test_paid_purchase_orders_of_a_cancelled_workshop_are_owed_back(db, client, auth, office):
    workshop, admin, po_seat = office
    po_seat("Paula Paid", paid=True)
    workshop.refund_deadline_at = utcnow() - timedelta(days=1)  # the deadline does not matter
    db.session.commit()
    auth.login(admin)

    response = client.post(
        f"/admin/workshops/{workshop.slug}/cancel",
        data={"reason": "The venue flooded."},
        follow_redirects=True,
    )

    assert "1 purchase order or invoice already paid must be refunded" in response.text
    owed = _report(client, workshop).split("<h2>Refunds owed by the network office</h2>")[1]
    assert "Paula Paid" in owed.split("<h2>")[0]


def test_no_refund_is_owed_on_a_purchase_order_cancelled_after_the_deadline(
    db, client, auth, office
):
    workshop, admin, po_seat = office
    seat = po_seat("Late Larry", paid=True)
    workshop.refund_deadline_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    cancellation.cancel(seat, seat.user, "")
    auth.login(admin)

    assert "No refunds are owed." in _report(client, workshop)
    response = client.post(
        f"/payments/admin/registrations/{seat.id}/mark-refunded", follow_redirects=True
    )
    assert "No refund is owed on Late Larry&#39;s purchase order" in response.text
    db.session.expire_all()
    assert db.session.get(Registration, seat.id).payment_status == PaymentStatus.PAID


@pytest.mark.parametrize(("role", "status"), [("educator", 403), ("other_admin", 403)])
def test_only_the_networks_admins_mark_a_refund(
    db, client, auth, office, make_user, make_network, role, status
):
    workshop, admin, po_seat = office
    seat = po_seat("Paula Paid", paid=True)
    cancellation.cancel(seat, seat.user, "")
    users = {"educator": seat.user, "other_admin": make_user(admin_of=make_network())}
    auth.login(users[role])

    response = client.post(f"/payments/admin/registrations/{seat.id}/mark-refunded")

    assert response.status_code == status
    db.session.expire_all()
    assert db.session.get(Registration, seat.id).payment_status == PaymentStatus.PAID


def test_an_unpaid_purchase_order_cancelled_after_the_deadline_stays_due(db, client, auth, office):
    workshop, admin, po_seat = office
    seat = po_seat("Lou Late")
    workshop.refund_deadline_at = utcnow() - timedelta(hours=1)
    db.session.commit()

    result = cancellation.cancel(seat, seat.user, "")

    assert result.fee.kind == FeeKind.STILL_DUE
    said = fee_sentence(result.fee)
    assert said.startswith("Cancelling after ")
    assert said.endswith("the $75.00 on purchase order PO-Lou is still due.")
    assert "closed" not in sweep.run()[1]
    db.session.expire_all()
    assert db.session.get(Registration, seat.id).payment_status == PaymentStatus.DUE
    auth.login(admin)
    page = _report(client, workshop)
    assert "<dt>Due by purchase order or invoice</dt><dd>$75.00</dd>" in page
    outstanding = page.split("<h2>Outstanding purchase orders and invoices</h2>")[1]
    outstanding = outstanding.split("<h2>")[0]
    assert "Lou Late" in outstanding and "(cancelled " in outstanding and "PO-Lou" in outstanding
    row = _all_payments_row(page, "Lou Late")
    assert "<td>Due</td>" in row and "Not due" not in row
    (csv_row,) = _csv_rows(client, workshop)
    assert (csv_row["Payment status"], csv_row["Due (USD)"]) == ("Due", "75.00")

    response = client.post(
        f"/payments/admin/registrations/{seat.id}/mark-paid",
        data={"confirmed": "1"},
        follow_redirects=True,
    )

    assert "Marked Lou Late&#39;s purchase order PO-Lou paid." in response.text
    db.session.expire_all()
    assert db.session.get(Registration, seat.id).payment_status == PaymentStatus.PAID
    assert "No refunds are owed." in _report(client, workshop)  # paid late: nothing owed back


def test_a_late_cancelled_purchase_order_is_closed_when_the_workshop_is_cancelled(
    db, client, auth, office
):
    workshop, admin, po_seat = office
    seat = po_seat("Lou Late")
    workshop.refund_deadline_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    cancellation.cancel(seat, seat.user, "")
    auth.login(admin)

    client.post(f"/admin/workshops/{workshop.slug}/cancel", data={"reason": "Snow."})

    db.session.expire_all()
    assert db.session.get(Registration, seat.id).payment_status == PaymentStatus.NOT_DUE
    assert "Nothing is outstanding." in _report(client, workshop)


def test_a_cancelled_purchase_order_cannot_be_marked_paid_once_it_is_not_due(
    db, client, auth, office
):
    workshop, admin, po_seat = office
    seat = po_seat("Uma Unpaid")
    cancellation.cancel(seat, seat.user, "")
    auth.login(admin)

    response = client.post(
        f"/payments/admin/registrations/{seat.id}/mark-paid",
        data={"confirmed": "1"},
        follow_redirects=True,
    )

    assert "That registration is cancelled; nothing is due." in response.text
    db.session.expire_all()
    assert db.session.get(Registration, seat.id).payment_status == PaymentStatus.NOT_DUE


def test_the_refunds_panel_states_the_rule_and_marking_one_refunded_emails_the_educator(
    db, client, auth, office
):
    workshop, admin, po_seat = office
    seat = po_seat("Paula Paid", paid=True)
    cancellation.cancel(seat, seat.user, "")
    auth.login(admin)

    page = _report(client, workshop)
    owed = page.split("<h2>Refunds owed by the network office</h2>")[1].split("<h2>")[0]
    assert "before the refund deadline (the first session when the workshop" in owed
    assert "PO number or method" in owed

    client.post(f"/payments/admin/registrations/{seat.id}/mark-refunded")

    (told,) = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.subject.startswith("Refunded:"))
    ).all()
    assert told.to_email == seat.user.email
    assert told.subject == f"Refunded: {workshop.title}"
    assert "The network office has refunded the $75.00 paid for" in told.body_text
    assert "on purchase order PO-Paul, to Kent SD." in told.body_text
