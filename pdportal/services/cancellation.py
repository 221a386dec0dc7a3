"""Cancelling from the web with the money handled too: one registration (the seat from
the registration service, the refund or the fee from the payments services), or a whole
workshop, so a view calls one function."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from pdportal.extensions import db
from pdportal.models import (
    OFFLINE_PAYMENT_METHODS,
    Payment,
    PaymentState,
    PaymentStatus,
    Registration,
    User,
    Workshop,
)
from pdportal.orm import utcnow
from pdportal.services import payment_refunds, payments, registration, stripe_client, workshops
from pdportal.services.registration import RegistrationResult
from pdportal.services.stripe_client import CardPaymentsDisabled
from pdportal.templating import count_of, format_amount, format_local

REFUND_LATER = (
    "Card refunds are paused right now: your card is refunded automatically as soon as card"
    " payments are back on, and we will email you then. You do not need to do anything."
)


def refund_note(held: Registration, now: datetime | None = None) -> str:
    """What cancelling now would do to the fee, for the confirm page ("" if nothing)."""
    if held.payment_method in OFFLINE_PAYMENT_METHODS:
        return _offline_note(held, now or utcnow())
    if held.payment_status != PaymentStatus.PAID:
        return ""
    return payments.refund_quote(held).describe(held.workshop.network.time_zone)


def _offline_note(held: Registration, now: datetime) -> str:
    """A purchase order or invoice, by the rule card refunds follow: cancelled before the
    refund deadline, an unpaid one is no longer due and a paid one is refunded by the
    network office; cancelled later, the fee is still due or kept."""
    fee = payments.offline_fee(held)
    deadline = payments.refund_deadline(held.workshop)
    in_time = deadline is None or now < deadline
    when = "" if deadline is None else format_local(deadline, held.workshop.network.time_zone)
    if held.payment_status == PaymentStatus.DUE:
        if in_time:
            return f"The {fee} will not be due any more, so nobody needs to pay it."
        return f"Cancelling after {when}: the {fee} is still due."
    if held.payment_status != PaymentStatus.PAID:
        return ""
    if in_time:
        return f"The {fee} was paid and will be refunded by the network office."
    return f"No refund applies after {when}: the {fee} was paid and is not refunded."


def _offline_message(cancelled: Registration) -> str:
    """What happened to a purchase order's or invoice's fee, after cancelling."""
    fee = payments.offline_fee(cancelled)
    if cancelled.payment_status == PaymentStatus.NOT_DUE:
        return f"The {fee} is not due any more."
    if cancelled.payment_status == PaymentStatus.DUE:
        deadline = payments.refund_deadline(cancelled.workshop)
        if deadline is None:
            return f"The {fee} is still due."
        when = format_local(deadline, cancelled.workshop.network.time_zone)
        return f"Cancelling after {when}: the {fee} is still due."
    if payments.office_refund_owed(cancelled):
        return f"The {fee} was paid and will be refunded by the network office."
    return ""


def cancel(held: Registration, actor: User, reason: str) -> RegistrationResult:
    """Cancel (the freed seat goes to the waitlist), then refund or close any payment.

    Raises registration.RegistrationError if the registration may not be cancelled.
    """
    result = registration.cancel_registration(held, actor, reason)
    cancelled = result.registration
    if cancelled is None or result.category != "success" or cancelled.workshop.is_free:
        return result
    try:
        refunded = payments.refund_for_cancellation(cancelled)
    except payments.PaymentError as error:
        return RegistrationResult(cancelled, f"{result.message} {error.message}", "warning")
    except CardPaymentsDisabled:
        return RegistrationResult(cancelled, f"{result.message} {REFUND_LATER}", "warning")
    if refunded:
        return RegistrationResult(
            cancelled,
            f"{result.message} {format_amount(refunded)} will be refunded to the card.",
            result.category,
        )
    if cancelled.payment_method in OFFLINE_PAYMENT_METHODS:
        told = _offline_message(cancelled)
        return RegistrationResult(cancelled, f"{result.message} {told}".strip(), result.category)
    return result


# --- a whole workshop ------------------------------------------------------------------


def card_refunds_note(workshop: Workshop) -> str:
    """What cancelling the workshop would do to its card payments, for the confirm page."""
    paid = db.session.scalar(
        select(func.count(Payment.id))
        .join(Registration, Registration.id == Payment.registration_id)
        .where(Registration.workshop_id == workshop.id, Payment.status == PaymentState.PAID)
    )
    if not paid:
        return ""
    payments_paid = count_of(paid, "card payment")
    if not stripe_client.card_payments_enabled():
        return (
            f"Card payment is off (the Stripe keys are not set), so the {payments_paid} made"
            " will be refunded in full automatically as soon as it is back on, whatever the"
            " refund deadline."
        )
    if paid <= payment_refunds.REFUNDS_IN_REQUEST:
        return f"{payments_paid} will be refunded in full at once, whatever the refund deadline."
    return (
        f"{payments_paid} will be refunded in full, whatever the refund deadline:"
        f" {payment_refunds.REFUNDS_IN_REQUEST} at once, the rest within a few minutes."
    )


def cancel_workshop(workshop: Workshop, actor: User, reason: str) -> str:
    """Cancel the workshop and every registration (each person is told), close its unpaid
    purchase orders and invoices and refund its card payments: a few at once, the rest
    by the sweep. Returns what the admin should read.

    Raises workshops.WorkshopError if it may not be cancelled (nothing changes then).
    """
    count = workshops.cancel_workshop(workshop, actor, reason)
    told = f" {count_of(count, 'registration')} cancelled; each person is told." if count else ""
    refunds = payment_refunds.refund_cancelled_workshop(workshop)
    return f"Workshop cancelled.{told} {refunds}".strip()
