"""Cancelling one registration from the web: the seat (registration service) and the
money (payments service) together, so a view calls one function."""

from __future__ import annotations

from pdportal.models import PaymentStatus, Registration, User
from pdportal.services import payments, registration
from pdportal.services.registration import RegistrationResult
from pdportal.services.stripe_client import CardPaymentsDisabled
from pdportal.templating import format_amount

REFUND_LATER = "Card refunds are not available right now; the network office will refund you."


def refund_note(held: Registration) -> str:
    """What cancelling now would give back, for the confirm page ("" if nothing was paid)."""
    if held.payment_status != PaymentStatus.PAID:
        return ""
    return payments.refund_quote(held).describe(held.workshop.network.time_zone)


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
    return result
