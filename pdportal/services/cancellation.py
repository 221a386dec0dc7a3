"""Cancelling one registration from the web: the seat (registration service) and the
money (payments service) together, so a view calls one function."""

from __future__ import annotations

from datetime import datetime

from pdportal.models import OFFLINE_PAYMENT_METHODS, PaymentStatus, Registration, User
from pdportal.orm import utcnow
from pdportal.services import payments, registration
from pdportal.services.registration import RegistrationResult
from pdportal.services.stripe_client import CardPaymentsDisabled
from pdportal.templating import format_amount, format_local

REFUND_LATER = "Card refunds are not available right now; the network office will refund you."


def refund_note(held: Registration, now: datetime | None = None) -> str:
    """What cancelling now would do to the fee, for the confirm page ("" if nothing)."""
    if held.payment_method in OFFLINE_PAYMENT_METHODS:
        return _offline_note(held, now or utcnow())
    if held.payment_status != PaymentStatus.PAID:
        return ""
    return payments.refund_quote(held).describe(held.workshop.network.time_zone)


def _offline_note(held: Registration, now: datetime) -> str:
    """A purchase order or invoice: no longer due if unpaid; refunded by the network
    office if paid and before the refund deadline; else kept."""
    fee = format_amount(held.amount_cents)
    what = payments.offline_payment_name(held)
    if held.payment_status == PaymentStatus.DUE:
        return f"The {what} for {fee} will not be due any more, so nobody needs to pay it."
    if held.payment_status != PaymentStatus.PAID:
        return ""
    deadline = payments.refund_deadline(held.workshop)
    if deadline is None or now < deadline:
        return f"The {fee} paid by {what} will be refunded by the network office."
    when = format_local(deadline, held.workshop.network.time_zone)
    return f"No refund applies after {when}: the {fee} paid by {what} is not refunded."


def _offline_message(cancelled: Registration) -> str:
    """What happened to a purchase order's or invoice's fee, after cancelling."""
    what = payments.offline_payment_name(cancelled)
    if cancelled.payment_status == PaymentStatus.NOT_DUE:
        return f"The {what} is not due any more."
    if payments.office_refund_owed(cancelled):
        fee = format_amount(cancelled.amount_cents)
        return f"The network office will refund the {fee} paid by {what}."
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
