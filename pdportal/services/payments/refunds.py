"""Refunds owed for seats given up: a cancelled workshop's card payments (whatever the
deadline), and a cancelled registration's when it was cancelled before the deadline.

Money is never kept without a seat. `refund_cancelled_workshop` runs when an admin
cancels a workshop (a few refunds at once), and `cancellation.cancel` refunds one
registration at once; the sweep step finishes either job: the rest of a large workshop,
refunds Stripe could not take then, and those waiting for card payments to be turned
back on (each refund carries its idempotency key, so retrying is safe).
"""

from __future__ import annotations

from datetime import datetime

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
from pdportal.services import payments
from pdportal.services.common import stripe_client
from pdportal.services.common.urls import external_url
from pdportal.services.mail.outbox import queue_templated_email
from pdportal.templating import count_of

SWEEP_BATCH = 100
REFUNDS_IN_REQUEST = 5  # Stripe calls an admin's request waits for; the sweep does the rest
PO_OR_INVOICE = ("purchase order or invoice", "purchase orders or invoices")
UNPAID_PO_OR_INVOICE = ("unpaid purchase order or invoice", "unpaid purchase orders or invoices")


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
            payments.refund_payment(payment, reason="requested_by_customer")
        except payments.PaymentError:
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
        f"Refunded: {cancelled.workshop.title}" + (" was cancelled" if workshop_cancelled else ""),
        "payment_refunded_workshop_cancelled"
        if workshop_cancelled
        else "payment_refunded_cancellation",
        user=cancelled.user,
        workshop=cancelled.workshop,
        payment=payment,
        catalog_url=external_url("catalog.workshops"),
    )
    db.session.commit()


def refund_cancelled_workshop(workshop: Workshop, *, limit: int = REFUNDS_IN_REQUEST) -> str:
    """After cancelling a workshop (and its registrations): close its unpaid purchase
    orders and invoices, refund up to `limit` card payments at once and leave the rest to
    the sweep, so a slow Stripe or a full room never holds the admin's request for long.

    Returns what an admin should read ("" when the workshop took no payments).
    """
    payments.close_unpaid_offline(workshop_id=workshop.id)
    db.session.commit()
    message = _card_refunds_message(workshop.id, limit)
    office = _office_refunds_owed(workshop.id)
    if office:
        message += (
            f" {count_of(office, *PO_OR_INVOICE)} already paid must be refunded by the"
            " network office: see the payment report."
        )
    return message.strip()


def card_refunds_paused(count: int | None = None) -> str:
    """The one rule while card payments are off (no Stripe keys): refunds owed wait and go
    through by themselves once the keys are set. `count` None: said to the educator about
    their own payment; else to an admin about a workshop's `count` payments."""
    if count is None:
        return (
            "Card refunds are paused right now: your card payment will be refunded in full"
            " automatically as soon as card payments are back on, and you will be emailed"
            " then. You do not need to do anything."
        )
    return (
        f"Card refunds are paused right now (the Stripe keys are not set):"
        f" {count_of(count, 'card payment')} will be refunded in full automatically as soon"
        " as card payments are back on, whatever the refund deadline, and each educator will"
        " be emailed then."
    )


def _card_payments_paid(workshop_id: int) -> int:
    """The workshop's card payments not yet refunded: once it is cancelled, each is owed."""
    return db.session.scalar(
        _joined(select(func.count(Payment.id))).where(
            Workshop.id == workshop_id, Payment.status == PaymentState.PAID
        )
    )


def card_refunds_preview(workshop_id: int) -> str:
    """What cancelling the workshop would do to its card payments, for the confirm page."""
    paid = _card_payments_paid(workshop_id)
    if not paid:
        return ""
    if not stripe_client.card_payments_enabled():
        return card_refunds_paused(paid)
    payments_paid = count_of(paid, "card payment")
    if paid <= REFUNDS_IN_REQUEST:
        return f"{payments_paid} will be refunded in full at once, whatever the refund deadline."
    return (
        f"{payments_paid} will be refunded in full, whatever the refund deadline:"
        f" {REFUNDS_IN_REQUEST} at once, the rest within a few minutes."
    )


def _card_refunds_message(workshop_id: int, limit: int) -> str:
    if not stripe_client.card_payments_enabled():
        waiting = _card_payments_paid(workshop_id)
        return card_refunds_paused(waiting) if waiting else ""
    refunded, failed = _refund_owed(workshop_id, limit=limit, stop_on_failure=True)
    message = f"{count_of(refunded, 'card payment')} refunded in full." if refunded else ""
    left = _owed_count(workshop_id)
    if not left:
        return message
    rest = count_of(left, "more card payment") if refunded else count_of(left, "card payment")
    if failed:
        return (
            f"{message} Stripe could not be reached just now, so {rest} will be refunded"
            " automatically when it answers; each educator is emailed when theirs goes through."
        ).strip()
    return (
        f"{message} {rest} will be refunded within a few minutes; each educator is emailed"
        " when theirs goes through."
    ).strip()


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
    close purchase orders and invoices of seats given up in time that were never paid."""
    closed = payments.close_unpaid_offline()
    db.session.commit()
    refunded, failed = _refund_owed(None)
    summary = f"refunds: {count_of(refunded, 'card payment')} refunded for cancelled seats"
    if failed:
        summary += f", {count_of(failed, 'refund')} left for the next sweep"
    elif not stripe_client.card_payments_enabled() and (waiting := _owed_count(None)):
        summary += f", {count_of(waiting, 'refund')} waiting for the Stripe keys"
    if closed:
        summary += f"; {count_of(closed, *UNPAID_PO_OR_INVOICE)} closed"
    return summary
