"""Admin payment pages: reports, CSV, marking purchase orders paid, discount codes, permissions."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import func, select

from pdportal.models import (
    DiscountCode,
    OutboxMessage,
    PaymentStatus,
    Registration,
    RegistrationStatus,
)
from pdportal.services import payments
from pdportal.services.payments import discounts


@pytest.fixture
def world(db, make_user, make_network, paid_workshop, stripe_app):
    """A paid workshop with a PO registration and a code; its admin; another network's admin."""
    network = make_network(name="Puget Sound STEM")
    workshop = paid_workshop(network=network, allows_purchase_order=True, price_cents=20000)
    admin = make_user(name="Network Admin", admin_of=network)
    site_admin = make_user(name="Site Admin", is_site_admin=True)
    other_admin = make_user(name="Other Admin", admin_of=make_network())
    educator = make_user(name='=HYPERLINK("http://evil")')
    po_seat = payments.pay_by_purchase_order(
        educator, workshop, district="+Kent SD", po_number="PO-1"
    ).registration
    code = discounts.create_code(admin, workshop=workshop, code="HALF", percent_off=50)
    return {
        "network": network,
        "workshop": workshop,
        "admin": admin,
        "site_admin": site_admin,
        "other_admin": other_admin,
        "educator": educator,
        "po_seat": po_seat,
        "code": code,
    }


ADMIN_ROUTES = [
    ("get", "/payments/admin/", 200),
    ("get", "/payments/admin/workshops/{workshop}", 200),
    ("get", "/payments/admin/workshops/{workshop}/payments.csv", 200),
    ("get", "/payments/admin/networks/{network}", 200),
    ("get", "/payments/admin/networks/{network}/payments.csv", 200),
    ("get", "/payments/admin/workshops/{workshop}/codes", 200),
    ("get", "/payments/admin/networks/{network}/codes", 200),
    ("post", "/payments/admin/registrations/{po_seat}/mark-paid", 200),  # asks first
    ("post", "/payments/admin/registrations/{po_seat}/mark-refunded", 303),
    ("post", "/payments/admin/codes/{code}/deactivate", 303),
]


def _path(template: str, world) -> str:
    return template.format(
        workshop=world["workshop"].slug,
        network=world["network"].slug,
        po_seat=world["po_seat"].id,
        code=world["code"].id,
    )


@pytest.mark.parametrize(("method", "template", "ok"), ADMIN_ROUTES)
@pytest.mark.parametrize("role", ["anonymous", "educator", "other_admin", "admin", "site_admin"])
def test_admin_payment_routes_permission_table(client, auth, world, method, template, ok, role):
    if role != "anonymous":
        auth.login(world[role])
    response = getattr(client, method)(_path(template, world))
    expected = {
        "anonymous": 302,
        "educator": 403,
        "other_admin": 403 if template != "/payments/admin/" else 200,
        "admin": ok,
        "site_admin": ok,
    }[role]
    assert response.status_code == expected
    if role == "anonymous":
        assert "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize(
    "template",
    [
        "/payments/admin/workshops/nope",
        "/payments/admin/networks/nope",
        "/payments/admin/workshops/nope/payments.csv",
        "/payments/admin/workshops/nope/codes",
    ],
)
def test_admin_pages_for_missing_objects_are_404(client, auth, world, template):
    auth.login(world["site_admin"])
    assert client.get(template).status_code == 404
    assert client.post("/payments/admin/registrations/999999/mark-paid").status_code == 404
    assert client.post("/payments/admin/registrations/999999/mark-refunded").status_code == 404
    assert client.post("/payments/admin/codes/999999/deactivate").status_code == 404


EDUCATOR_ROUTES = [
    ("get", "/payments/registrations/{id}/pay"),
    ("post", "/payments/registrations/{id}/pay"),
    ("get", "/payments/registrations/{id}/success"),
    ("get", "/payments/registrations/{id}/cancelled"),
    ("post", "/payments/registrations/{id}/release"),
]


@pytest.mark.parametrize(("method", "template"), EDUCATOR_ROUTES)
@pytest.mark.parametrize("role", ["anonymous", "other_educator", "admin", "owner"])
def test_educator_payment_routes_belong_to_the_registration_owner(
    client, auth, make_user, world, method, template, role
):
    path = template.format(id=world["po_seat"].id)
    users = {"other_educator": make_user(), "admin": world["admin"], "owner": world["educator"]}
    if role != "anonymous":
        auth.login(users[role])
    response = getattr(client, method)(path)
    if role == "anonymous":
        assert response.status_code == 302
        assert "/auth/login" in response.headers["Location"]
    elif role == "owner":
        assert response.status_code in (200, 303)
    else:
        assert response.status_code == 403


def test_report_shows_paid_due_and_mark_paid_clears_it(db, client, auth, world):
    auth.login(world["admin"])
    path = f"/payments/admin/workshops/{world['workshop'].slug}"
    page = client.get(path).get_data(as_text=True)
    assert "Outstanding purchase orders" in page
    assert "PO-1" in page and "$200.00" in page

    response = client.post(
        f"/payments/admin/registrations/{world['po_seat'].id}/mark-paid", data={"confirmed": "1"}
    )

    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Registration, world["po_seat"].id).payment_status == PaymentStatus.PAID
    page = client.get(path).get_data(as_text=True)
    assert "Nothing is outstanding." in page


def test_csv_export_is_safe_from_formula_injection(client, auth, world):
    auth.login(world["admin"])
    response = client.get(f"/payments/admin/networks/{world['network'].slug}/payments.csv")

    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Workshop", "Educator", "Email"]
    (row,) = rows[1:]
    assert row[1].startswith("'=HYPERLINK")
    assert row[10] == "'+Kent SD"
    assert row[9] == "200.00"  # due


def test_report_links_card_payments_to_stripe(
    db, client, auth, world, checkout, stripe_standin, webhooks, make_user
):
    held, session = checkout(make_user(), world["workshop"])
    paid = stripe_standin.pay(session["id"])
    webhooks.send("checkout.session.completed", paid)
    auth.login(world["admin"])

    page = client.get(f"/payments/admin/workshops/{world['workshop'].slug}").get_data(as_text=True)

    assert f"https://dashboard.stripe.com/test/payments/{paid['payment_intent']}" in page


def test_admin_creates_and_deactivates_codes(db, client, auth, world):
    auth.login(world["admin"])
    path = f"/payments/admin/workshops/{world['workshop'].slug}/codes"

    response = client.post(
        path,
        data={"code": "Teach-Equity", "kind": "amount", "value": "25", "max_uses": "10"},
    )

    assert response.status_code == 303
    created = db.session.scalar(select(DiscountCode).where(DiscountCode.code == "TEACH-EQUITY"))
    assert (created.amount_off_cents, created.max_uses) == (2500, 10)

    duplicate = client.post(path, data={"code": "teach-equity", "kind": "percent", "value": "5"})
    assert duplicate.status_code == 422
    assert "already exists" in duplicate.get_data(as_text=True)

    too_much = client.post(path, data={"code": "BIG", "kind": "percent", "value": "150"})
    assert "at most 100" in too_much.get_data(as_text=True)
    huge = {"code": "HUGE", "kind": "amount", "value": "99999999999999999999"}
    assert "from 1 to 100,000" in client.post(path, data=huge).get_data(as_text=True)
    huge_uses = {"code": "HUGE", "kind": "percent", "value": "5", "max_uses": "9" * 20}
    assert "uses from 1 to 100,000" in client.post(path, data=huge_uses).get_data(as_text=True)
    assert db.session.scalar(select(DiscountCode).where(DiscountCode.code == "HUGE")) is None

    client.post(f"/payments/admin/codes/{created.id}/deactivate")
    db.session.expire_all()
    assert db.session.get(DiscountCode, created.id).is_active is False
    with pytest.raises(discounts.DiscountError):
        discounts.quote(world["workshop"], "teach-equity")


def test_network_code_created_with_local_expiry(db, client, auth, world):
    auth.login(world["admin"])
    response = client.post(
        f"/payments/admin/networks/{world['network'].slug}/codes",
        data={"code": "SPRING", "kind": "percent", "value": "20", "expires_at": "2030-04-01T17:00"},
    )
    assert response.status_code == 303
    code = db.session.scalar(select(DiscountCode).where(DiscountCode.code == "SPRING"))
    assert code.network_id == world["network"].id
    assert code.expires_at.isoformat() == "2030-04-02T00:00:00+00:00"  # 17:00 PDT


def test_marking_paid_asks_first_and_changes_nothing_until_confirmed(db, client, auth, world):
    auth.login(world["admin"])
    seat = world["po_seat"]
    asked = client.post(f"/payments/admin/registrations/{seat.id}/mark-paid")
    text = asked.get_data(as_text=True)
    assert asked.status_code == 200 and 'name="confirmed" value="1"' in text
    assert "The payment of 1 person" in text and "PO-1" in text
    db.session.expire_all()
    assert db.session.get(Registration, seat.id).payment_status == PaymentStatus.DUE
    assert not db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.subject.startswith("Payment received"))
    ).all()


def test_cancelled_registration_cannot_be_marked_paid(db, client, auth, world):
    from pdportal.services import registration

    registration.cancel_registration(world["po_seat"], world["educator"], "")
    auth.login(world["admin"])
    response = client.post(
        f"/payments/admin/registrations/{world['po_seat'].id}/mark-paid",
        data={"confirmed": "1"},
        follow_redirects=True,
    )
    assert "nothing is due" in response.get_data(as_text=True)
    db.session.expire_all()
    seat = db.session.get(Registration, world["po_seat"].id)
    assert (seat.status, seat.payment_status) == (RegistrationStatus.CANCELLED, PaymentStatus.DUE)


def test_roster_links_admins_but_not_facilitators_to_the_payments(
    client, auth, make_user, paid_workshop, stripe_app
):
    facilitator = make_user(name="Fran Facilitator")
    workshop = paid_workshop(facilitators=[facilitator])
    admin = make_user(admin_of=workshop.network)
    report = f"/payments/admin/workshops/{workshop.slug}"
    roster = f"/facilitate/workshops/{workshop.slug}/roster"

    auth.login(admin)
    assert report in client.get(roster).get_data(as_text=True)
    auth.login(facilitator)
    page = client.get(roster)
    assert page.status_code == 200
    assert report not in page.get_data(as_text=True)


def test_a_walk_in_on_a_paid_workshop_is_owed_until_an_admin_marks_it_paid(
    db, client, auth, world, make_user
):
    from pdportal.services import registration

    walk_in = make_user(name="Wendy Walk-in")
    added = registration.add_walk_in(world["workshop"], walk_in.email, world["admin"])
    seat = added.registration
    assert (seat.status, seat.payment_status) == (RegistrationStatus.CONFIRMED, PaymentStatus.DUE)

    auth.login(world["admin"])
    report = client.get(f"/payments/admin/workshops/{world['workshop'].slug}").text
    assert "Wendy Walk-in" in report and "Invoice or pay at the door" in report

    response = client.post(
        f"/payments/admin/registrations/{seat.id}/mark-paid",
        data={"confirmed": "1"},
        follow_redirects=True,
    )
    assert "Marked Wendy Walk-in&#39;s invoice or door payment paid." in response.text
    db.session.expire_all()
    assert db.session.get(Registration, seat.id).payment_status == PaymentStatus.PAID
    receipt = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_email == walk_in.email)
    ).all()[-1]
    assert receipt.subject == f"Payment received: {world['workshop'].title}"
    assert "Amount paid: $200.00" in receipt.body_text
    assert "Paid by: invoice or at the door" in receipt.body_text
    assert "by invoice:" not in receipt.body_text


def test_marking_a_purchase_order_paid_emails_the_educator_a_receipt(db, client, auth, world):
    auth.login(world["admin"])
    seat = world["po_seat"]

    client.post(f"/payments/admin/registrations/{seat.id}/mark-paid", data={"confirmed": "1"})

    (receipt,) = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.subject.startswith("Payment received"))
    ).all()
    assert receipt.to_email == world["educator"].email
    assert receipt.subject == f"Payment received: {world['workshop'].title}"
    assert "Amount paid: $200.00" in receipt.body_text
    assert "Purchase order: PO-1 (+Kent SD)" in receipt.body_text
    assert world["workshop"].title in receipt.body_text

    client.post(
        f"/payments/admin/registrations/{seat.id}/mark-paid", data={"confirmed": "1"}
    )  # already paid

    assert (
        db.session.scalar(
            select(func.count(OutboxMessage.id)).where(
                OutboxMessage.subject.startswith("Payment received")
            )
        )
        == 1
    )
