"""What the pay page, the pay link and the payments report tell people: closed registration,
a full workshop, a passed deadline, waitlisted purchase orders and cancelled registrations."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from pdportal.models import DiscountCode, Registration, RegistrationStatus
from pdportal.orm import utcnow
from pdportal.services import payments, registration


def _pay_url(workshop) -> str:
    return f"/payments/workshops/{workshop.slug}/pay"


def _po(district: str = "Tacoma Public Schools", number: str = "PO-7781") -> dict[str, str]:
    return {"po-district": district, "po-po_number": number, "po-submit": "1"}


def test_closed_registration_shows_the_reason_instead_of_the_forms(
    db, client, auth, educator, paid_workshop, stripe_app
):
    workshop = paid_workshop(
        allows_purchase_order=True, registration_closes_at=utcnow() - timedelta(hours=1)
    )
    auth.login(educator)

    page = client.get(_pay_url(workshop)).text

    assert "Registration for this workshop has closed." in page
    assert "Register with a purchase order" not in page
    assert "Continue to card payment" not in page
    assert "Purchase order number" not in page

    refused = client.post(_pay_url(workshop), data=_po())
    assert refused.status_code == 422
    assert "Registration for this workshop has closed." in refused.text
    assert db.session.scalar(select(Registration)) is None


def test_full_workshop_says_a_purchase_order_joins_the_waitlist(
    db, client, auth, educator, make_user, paid_workshop, stripe_app
):
    workshop = paid_workshop(capacity=1, allows_purchase_order=True)
    payments.pay_by_purchase_order(make_user(), workshop, district="Kent SD", po_number="PO-1")
    auth.login(educator)

    page = client.get(_pay_url(workshop)).text

    assert "Your seat is confirmed now" not in page
    assert "you will join the waitlist" in page
    assert "Nothing is due unless you are given a seat" in page

    client.post(_pay_url(workshop), data=_po())
    waiting = db.session.scalar(select(Registration).where(Registration.user_id == educator.id))
    assert waiting.status == RegistrationStatus.WAITLISTED


def test_open_workshop_still_says_the_purchase_order_confirms_the_seat(
    db, client, auth, educator, paid_workshop, stripe_app
):
    workshop = paid_workshop(allows_purchase_order=True)
    auth.login(educator)

    page = client.get(_pay_url(workshop)).text

    assert "Your seat is confirmed now; the network invoices your district." in page
    assert "Cancel before" in page


def test_after_the_deadline_the_hint_says_the_fee_stays_due(
    db, client, auth, educator, paid_workshop, stripe_app
):
    workshop = paid_workshop(
        allows_purchase_order=True, refund_deadline_at=utcnow() - timedelta(days=1)
    )
    auth.login(educator)

    page = client.get(_pay_url(workshop)).text

    assert "Cancel before" not in page
    assert "has passed" in page
    assert "your district owes the fee even if you cancel" in page


def test_waitlisted_purchase_order_reads_not_due_in_the_report_and_csv(
    db, client, auth, make_user, make_network, paid_workshop, stripe_app
):
    network = make_network(name="Salish STEM")
    workshop = paid_workshop(network=network, capacity=1, allows_purchase_order=True)
    payments.pay_by_purchase_order(make_user(), workshop, district="Kent SD", po_number="PO-1")
    waiting = payments.pay_by_purchase_order(
        make_user(name="Wai Ting"), workshop, district="Renton SD", po_number="PO-2"
    ).registration
    assert waiting.status == RegistrationStatus.WAITLISTED
    auth.login(make_user(name="Network Admin", admin_of=network))

    page = client.get(f"/payments/admin/workshops/{workshop.slug}").text
    row = page[page.index("Wai Ting", page.index("All payments")) :].split("</tr>", 1)[0]
    assert "Not due while waitlisted" in row
    assert "<td>Due</td>" not in row

    csv_text = client.get(f"/payments/admin/workshops/{workshop.slug}/payments.csv").text
    waiting_line = next(line for line in csv_text.splitlines() if "Wai Ting" in line)
    assert "Not due while waitlisted" in waiting_line
    assert ",Due," not in waiting_line

    roster = client.get(f"/facilitate/workshops/{workshop.slug}/roster").text
    roster_row = roster[roster.index("Wai Ting") :].split("</tr>", 1)[0]
    assert "Not due while waitlisted" in roster_row


def test_purchase_order_fields_say_what_is_missing(
    db, client, auth, educator, paid_workshop, stripe_app
):
    workshop = paid_workshop(allows_purchase_order=True)
    auth.login(educator)

    response = client.post(_pay_url(workshop), data=_po(district="", number=""))

    assert response.status_code == 422
    page = response.text
    assert "Enter the school district or organization that pays." in page
    assert "Enter the purchase order number from your district." in page
    assert "This field is required" not in page


def test_discount_code_form_refuses_a_past_expiry_and_names_missing_fields(
    db, client, auth, make_user, make_network, paid_workshop
):
    network = make_network(name="Puget Sound STEM")
    workshop = paid_workshop(network=network)
    auth.login(make_user(name="Network Admin", admin_of=network))
    path = f"/payments/admin/workshops/{workshop.slug}/codes"

    past = client.post(
        path,
        data={"code": "OLD", "kind": "percent", "value": "20", "expires_at": "2020-04-01T17:00"},
    )
    assert past.status_code == 422
    assert "Choose an expiry date and time in the future." in past.text
    assert db.session.scalar(select(DiscountCode).where(DiscountCode.code == "OLD")) is None

    empty = client.post(path, data={"code": "", "kind": "percent", "value": "20"})
    assert empty.status_code == 422
    assert "Enter a code for educators to type." in empty.text
    assert "This field is required" not in empty.text


def test_old_pay_link_of_a_cancelled_purchase_order_says_nothing_is_due(
    db, client, auth, educator, paid_workshop, stripe_app
):
    workshop = paid_workshop(allows_purchase_order=True)
    seat = payments.pay_by_purchase_order(
        educator, workshop, district="Kent SD", po_number="PO-1"
    ).registration
    registration.cancel_registration(seat, educator, "Plans changed")
    auth.login(educator)

    page = client.get(f"/payments/registrations/{seat.id}/pay").text

    assert "seat hold has expired" not in page
    assert "you were not charged" not in page
    assert "This registration was cancelled" in page
    assert "Nothing is due." in page


def test_old_pay_link_of_a_late_cancelled_purchase_order_says_the_fee_is_still_due(
    db, client, auth, educator, paid_workshop, stripe_app
):
    workshop = paid_workshop(
        allows_purchase_order=True,
        price_cents=12500,
        refund_deadline_at=utcnow() - timedelta(days=1),
    )
    seat = payments.pay_by_purchase_order(
        educator, workshop, district="Kent SD", po_number="PO-1"
    ).registration
    registration.cancel_registration(seat, educator, "Plans changed")
    auth.login(educator)

    page = client.get(f"/payments/registrations/{seat.id}/pay").text

    assert "seat hold has expired" not in page
    assert "This registration was cancelled" in page
    assert "The fee of $125.00 is still due" in page
