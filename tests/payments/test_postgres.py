"""The payment flow on PostgreSQL: webhook confirmation, duplicates, and the sweep's SKIP LOCKED."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from pdportal.extensions import db
from pdportal.models import Registration, RegistrationStatus, StripeEvent
from pdportal.orm import utcnow
from pdportal.services import payments
from pdportal.services.payments import events as payment_events
from tests.payments.conftest import Webhooks
from tests.payments.malformed_events import IGNORED, REFUSED, stored_state

pytestmark = pytest.mark.postgres


def test_card_payment_confirmed_by_webhook_once_on_postgresql(
    pg_stripe_app, pg_factories, stripe_standin
):
    educator = pg_factories.make_user()
    result = payments.pay_by_card(educator, pg_factories.paid_workshop())
    session_id = result.checkout_url.rsplit("/", 1)[1]
    webhooks = Webhooks(pg_stripe_app.test_client())
    event = webhooks.event("checkout.session.completed", stripe_standin.pay(session_id))

    answers = [webhooks.post(event).json["received"] for _ in range(2)]

    assert answers == ["ok", "duplicate"]
    db.session.expire_all()
    seat = db.session.get(Registration, result.registration.id)
    assert seat.status == RegistrationStatus.CONFIRMED
    assert db.session.scalar(select(func.count()).select_from(StripeEvent)) == 1


def test_concurrent_sweepers_release_each_expired_hold_once_on_postgresql(
    pg_stripe_app, pg_factories, stripe_standin
):
    workshop = pg_factories.paid_workshop(capacity=10)
    held_ids = [
        payments.pay_by_card(pg_factories.make_user(), workshop).registration.id for _ in range(4)
    ]
    past = utcnow() - timedelta(seconds=5)
    for held_id in held_ids:
        db.session.get(Registration, held_id).hold_expires_at = past
    db.session.commit()
    db.session.remove()

    summaries: list[str] = []

    def sweeper() -> None:
        with pg_stripe_app.app_context():
            try:
                summaries.append(payment_events.expire_unpaid_holds(utcnow()))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=sweeper) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    statuses = db.session.scalars(
        select(Registration.status).where(Registration.id.in_(held_ids))
    ).all()
    assert statuses == [RegistrationStatus.CANCELLED] * 4
    assert all(s["status"] == "expired" for s in stripe_standin.sessions.values())
    assert len(summaries) == 3


def test_only_purchase_orders_given_up_in_time_are_closed_on_postgresql(
    pg_stripe_app, pg_factories
):
    from pdportal.models import PaymentStatus

    workshop = pg_factories.paid_workshop(allows_purchase_order=True)
    seats = [
        payments.pay_by_purchase_order(
            pg_factories.make_user(), workshop, district="Kent SD", po_number=f"PO-{n}"
        ).registration
        for n in range(2)
    ]
    for seat, cancelled_at in zip(
        seats, (utcnow() - timedelta(days=2), utcnow() + timedelta(minutes=1)), strict=True
    ):
        seat.status = RegistrationStatus.CANCELLED
        seat.cancelled_at = cancelled_at
    workshop.refund_deadline_at = utcnow()
    db.session.commit()

    assert payments.close_unpaid_offline() == 1
    db.session.commit()

    db.session.expire_all()
    statuses = [db.session.get(Registration, seat.id).payment_status for seat in seats]
    assert statuses == [PaymentStatus.NOT_DUE, PaymentStatus.DUE]


@pytest.mark.parametrize("spoil", [*REFUSED, *IGNORED])
def test_well_signed_malformed_event_never_errors_on_postgresql(
    pg_stripe_app, pg_factories, stripe_standin, spoil
):
    """Over-long ids, NUL and out-of-range numbers are where PostgreSQL differs."""
    result = payments.pay_by_card(pg_factories.make_user(), pg_factories.paid_workshop())
    paid = stripe_standin.pay(result.checkout_url.rsplit("/", 1)[1])
    webhooks = Webhooks(pg_stripe_app.test_client())
    _, *rows_before = stored_state(db.session)

    response = webhooks.post(spoil(webhooks, paid))

    events, *rows_after = stored_state(db.session)
    assert response.status_code in (200, 400)
    assert len(events) == (response.status_code == 200)
    assert rows_after == rows_before
    webhooks.send("checkout.session.completed", paid)
    db.session.expire_all()
    assert db.session.get(Registration, result.registration.id).status == (
        RegistrationStatus.CONFIRMED
    )
