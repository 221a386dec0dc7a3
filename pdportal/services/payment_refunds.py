"""Refunds owed for seats given up: a cancelled workshop's card payments (whatever the
deadline), and a cancelled registration's when it was cancelled before the deadline.

Money is never kept without a seat. `refund_cancelled_workshop` runs when an admin
cancels a workshop, and `cancellation.cancel` refunds one registration at once; the
sweep step is the safety net that finishes either job if Stripe was unreachable then
(each refund carries its idempotency key, so retrying is safe).
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
from pdportal.services import payments, stripe_client
from pdportal.services.mail import queue_templated_email
from pdportal.services.registration_notices import external_url
from pdportal.templating import count_of

SWEEP_BATCH = 100


def _owed(workshop_id: int | None, after_id: int):
    """Paid card payments of cancelled registrations, in cancelled workshops or cancelled
    before the refund deadline (the first session when the workshop sets none)."""
    deadline = func.coalesce(Workshop.refund_deadline_at, Workshop.starts_at)
    query = (
        select(Payment.id)
        .join(Registration, Registration.id == Payment.registration_id)
        .join(Workshop, Workshop.id == Registration.workshop_id)
        .where(
            Payment.id > after_id,
            Payment.status == PaymentState.PAID,
            Registration.status == RegistrationStatus.CANCELLED,
            or_(Workshop.status == WorkshopStatus.CANCELLED, Registration.cancelled_at < deadline),
        )
        .order_by(Payment.id)
        .limit(1)
        .with_for_update(skip_locked=True, of=Payment)
    )
    return query if workshop_id is None else query.where(Workshop.id == workshop_id)


def _refund_owed(workshop_id: int | None) -> tuple[int, int]:
    """Refund owed payments one claimed row at a time; returns (refunded, failed)."""
    refunded = failed = 0
    last_id = 0
    if not stripe_client.card_payments_enabled():
        return 0, 0
    for _ in range(SWEEP_BATCH):
        payment_id = db.session.scalar(_owed(workshop_id, last_id))
        if payment_id is None:
            break
        last_id = payment_id
        payment = db.session.get(Payment, payment_id)
        try:
            payments.refund_payment(payment, reason="requested_by_customer")
        except payments.PaymentError:
            failed += 1
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


def refund_cancelled_workshop(workshop: Workshop) -> str:
    """After cancelling a workshop (and its registrations): refund every card payment.

    Returns what an admin should read ("" when the workshop took no card payments).
    """
    payments.close_unpaid_offline(workshop_id=workshop.id)
    db.session.commit()
    refunded, failed = _refund_owed(workshop.id)
    message = f"{count_of(refunded, 'card payment')} refunded in full." if refunded else ""
    if failed:
        message += f" {count_of(failed, 'refund')} could not reach Stripe; they will be retried."
    office = _office_refunds_owed(workshop.id)
    if office:
        message += (
            f" {count_of(office, 'purchase order or invoice', 'purchase orders or invoices')}"
            " already paid must be refunded by the network office: see the payment report."
        )
    return message.strip()


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
    close purchase orders and invoices of cancelled registrations that were never paid."""
    closed = payments.close_unpaid_offline()
    db.session.commit()
    refunded, failed = _refund_owed(None)
    return (
        f"refunds: {refunded} owed for cancelled seats"
        + (f", {failed} left for the next sweep" if failed else "")
        + (f"; {closed} unpaid purchase orders or invoices closed" if closed else "")
    )
