"""Refunds: a card payment refunded through Stripe, and the refunds owed for seats given
up: a cancelled workshop's card payments (whatever the deadline), and a cancelled
registration's when it was cancelled before the deadline.

Money is never kept without a seat. `refund_cancelled_workshop` runs when an admin
cancels a workshop (a few refunds at once), and `cancellation.cancel` refunds one
registration at once; the sweep step finishes either job: the rest of a large workshop,
refunds Stripe could not take then, and those waiting for card payments to be turned
back on (each refund carries its idempotency key, so retrying is safe). What happened is
returned as values (`CardRefundsPreview`, `WorkshopRefunds`); the words are the views'.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import stripe
from flask import current_app
from sqlalchemy import func, or_, select

from pdportal.extensions import db
from pdportal.models import (
    OFFLINE_PAYMENT_METHODS,
    Payment,
    PaymentState,
    PaymentStatus,
    Registration,
    RegistrationStatus,
    Workshop,
    WorkshopStatus,
)
from pdportal.services.common import stripe_client
from pdportal.services.common.counts import counted
from pdportal.services.common.urls import external_url
from pdportal.services.mail.outbox import queue_templated_email
from pdportal.services.payments.checkout import PaymentError, PaymentFailure
from pdportal.services.payments.fees import close_unpaid_offline

SWEEP_BATCH = 100
REFUNDS_IN_REQUEST = 5  # Stripe calls an admin's request waits for; the sweep does the rest


def refund_payment(payment: Payment, *, reason: str) -> None:
    """Refund what is left of a payment through Stripe and record it (idempotent).

    Raises PaymentError(REFUND_FAILED) when Stripe cannot be reached: the sweep retries.
    """
    client = stripe_client.get_client()
    amount = payment.amount_cents - payment.refunded_cents
    if amount <= 0:
        return
    try:
        client.v1.refunds.create(
            {
                "payment_intent": payment.payment_intent_id,
                "amount": amount,
                "reason": reason,
                "metadata": {"registration_id": str(payment.registration_id)},
            },
            {"idempotency_key": f"refund-{payment.id}"},
        )
    except stripe.StripeError as error:
        db.session.rollback()
        current_app.logger.error("Refund of payment %s failed: %s", payment.id, error)
        raise PaymentError(PaymentFailure.REFUND_FAILED) from None
    mark_refunded(payment, payment.amount_cents)
    db.session.commit()


def mark_refunded(payment: Payment, refunded_cents: int) -> None:
    """Record a refund on the payment and its registration (caller commits)."""
    payment.refunded_cents = min(max(payment.refunded_cents, refunded_cents), payment.amount_cents)
    if payment.refunded_cents >= payment.amount_cents:
        payment.status = PaymentState.REFUNDED
        payment.registration.payment_status = PaymentStatus.REFUNDED


@dataclass(frozen=True)
class CardRefundsPreview:
    """What cancelling a workshop would do to its card payments (the confirm page)."""

    paid: int  # card payments, each refunded in full whatever the deadline
    paused: bool  # card payments are off: the refunds wait for the Stripe keys
    at_once: int = REFUNDS_IN_REQUEST  # refunded in the admin's request; the rest by the sweep


@dataclass(frozen=True)
class WorkshopRefunds:
    """What cancelling a workshop did to its money."""

    refunded: int = 0  # card payments refunded at once
    left: int = 0  # card payments still owed: the sweep refunds them
    failed: bool = False  # Stripe could not be reached (the rest wait for it)
    paused: int = 0  # card payments waiting for the Stripe keys (card payments are off)
    office: int = 0  # paid purchase orders and invoices the network office must refund


def _owed_where(workshop_id: int | None) -> list:
    """Paid card payments of cancelled registrations, in cancelled workshops or cancelled
    before the refund deadline (the first session when the workshop sets none)."""
    deadline = func.coalesce(Workshop.refund_deadline_at, Workshop.starts_at)
    where = [
        Payment.status == PaymentState.PAID,
        Registration.status == RegistrationStatus.CANCELLED,
        or_(Workshop.status == WorkshopStatus.CANCELLED, Registration.cancelled_at < deadline),
    ]
    return where if workshop_id is None else [*where, Workshop.id == workshop_id]


def _joined(query):
    return query.join(Registration, Registration.id == Payment.registration_id).join(
        Workshop, Workshop.id == Registration.workshop_id
    )


def _owed(workshop_id: int | None, after_id: int):
    """The next owed payment after `after_id`, claimed for this worker."""
    return (
        _joined(select(Payment.id))
        .where(Payment.id > after_id, *_owed_where(workshop_id))
        .order_by(Payment.id)
        .limit(1)
        .with_for_update(skip_locked=True, of=Payment)
    )


def _owed_count(workshop_id: int | None) -> int:
    """How many card payments are still owed back (claimed by a worker or not)."""
    return db.session.scalar(
        _joined(select(func.count(Payment.id))).where(*_owed_where(workshop_id))
    )


def _refund_owed(
    workshop_id: int | None, *, limit: int = SWEEP_BATCH, stop_on_failure: bool = False
) -> tuple[int, int]:
    """Refund up to `limit` owed payments, one claimed row at a time; returns (refunded,
    failed). Nothing is tried while card payments are off."""
    refunded = failed = 0
    last_id = 0
    if not stripe_client.card_payments_enabled():
        return 0, 0
    for _ in range(limit):
        payment_id = db.session.scalar(_owed(workshop_id, last_id))
        if payment_id is None:
            break
        last_id = payment_id
        payment = db.session.get(Payment, payment_id)
        try:
            refund_payment(payment, reason="requested_by_customer")
        except PaymentError:
            failed += 1
            if stop_on_failure:
                break
            continue
        _tell_refunded(payment)
        refunded += 1
    db.session.commit()
    return refunded, failed


def _tell_refunded(payment: Payment) -> None:
    cancelled = payment.registration
    workshop_cancelled = cancelled.workshop.status == WorkshopStatus.CANCELLED
    queue_templated_email(
        cancelled.user.email,
        "payment_refunded_workshop_cancelled"
        if workshop_cancelled
        else "payment_refunded_cancellation",
        language=cancelled.user.preferred_language,
        user=cancelled.user,
        workshop=cancelled.workshop,
        payment=payment,
        catalog_url=external_url("catalog.workshops"),
    )
    db.session.commit()


def refund_cancelled_workshop(
    workshop: Workshop, *, limit: int = REFUNDS_IN_REQUEST
) -> WorkshopRefunds:
    """After cancelling a workshop (and its registrations): close its unpaid purchase
    orders and invoices, refund up to `limit` card payments at once and leave the rest to
    the sweep, so a slow Stripe or a full room never holds the admin's request for long."""
    close_unpaid_offline(workshop_id=workshop.id)
    db.session.commit()
    office = _office_refunds_owed(workshop.id)
    if not stripe_client.card_payments_enabled():
        return WorkshopRefunds(paused=_card_payments_paid(workshop.id), office=office)
    refunded, failed = _refund_owed(workshop.id, limit=limit, stop_on_failure=True)
    return WorkshopRefunds(refunded, _owed_count(workshop.id), bool(failed), 0, office)


def _card_payments_paid(workshop_id: int) -> int:
    """The workshop's card payments not yet refunded: once it is cancelled, each is owed."""
    return db.session.scalar(
        _joined(select(func.count(Payment.id))).where(
            Workshop.id == workshop_id, Payment.status == PaymentState.PAID
        )
    )


def card_refunds_preview(workshop_id: int) -> CardRefundsPreview | None:
    """What cancelling the workshop would do to its card payments (None: it has none)."""
    paid = _card_payments_paid(workshop_id)
    if not paid:
        return None
    return CardRefundsPreview(paid, not stripe_client.card_payments_enabled())


def _office_refunds_owed(workshop_id: int) -> int:
    """How many paid purchase orders and invoices of a cancelled workshop wait for the
    network office to refund them."""
    return db.session.scalar(
        select(func.count(Registration.id)).where(
            Registration.workshop_id == workshop_id,
            Registration.status == RegistrationStatus.CANCELLED,
            Registration.payment_method.in_(OFFLINE_PAYMENT_METHODS),
            Registration.payment_status == PaymentStatus.PAID,
        )
    )


def refund_owed(now: datetime) -> str:
    """Sweep step: finish refunds owed for cancelled workshops and registrations, and
    close purchase orders and invoices of seats given up in time that were never paid.
    Returns the operator's one-line summary."""
    closed = close_unpaid_offline()
    db.session.commit()
    refunded, failed = _refund_owed(None)
    summary = f"refunds: {counted(refunded, 'card payment')} refunded for cancelled seats"
    if failed:
        summary += f", {counted(failed, 'refund')} left for the next sweep"
    elif not stripe_client.card_payments_enabled() and (waiting := _owed_count(None)):
        summary += f", {counted(waiting, 'refund')} waiting for the Stripe keys"
    if closed:
        nouns = ("unpaid purchase order or invoice", "unpaid purchase orders or invoices")
        summary += f"; {counted(closed, *nouns)} closed"
    return summary
