"""Cancelling from the web with the money handled too: one registration (the seat from
the registration service, the refund or the fee from the payments services), or a whole
workshop, so a view calls one function."""

from __future__ import annotations

from datetime import datetime

from pdportal.models import (
    OFFLINE_PAYMENT_METHODS,
    PaymentStatus,
    Registration,
    User,
    Workshop,
)
from pdportal.services import payments, registration, workshops
from pdportal.services.common import stripe_client
from pdportal.services.common.stripe_client import CardPaymentsDisabled
from pdportal.services.payments import refunds as payment_refunds
from pdportal.services.registration.booking import RegistrationResult
from pdportal.templating import count_of, format_amount, format_local


def refund_note(held: Registration, now: datetime | None = None) -> str:
    """What giving up the seat does to the fee ("" if nothing): the confirm page before
    cancelling, the email and the flash message after, all in these words."""
    if held.payment_method in OFFLINE_PAYMENT_METHODS:
        return offline_fee_note(held, now)
    if held.payment_status != PaymentStatus.PAID:
        return ""
    quote = payments.refund_quote(held, now)
    if quote.applies and not stripe_client.card_payments_enabled():
        return payment_refunds.card_refunds_paused()
    return quote.describe(held.workshop.network.time_zone)


def offline_fee_note(held: Registration, now: datetime | None = None) -> str:
    """A purchase order's or invoice's fee, by the rule card refunds follow
    (`payments.given_up_in_time`): given up in time, an unpaid one is no longer due and a
    paid one is refunded by the network office; given up later, the fee stays due or is
    kept. Before cancelling, says what cancelling at `now` would do; after, what it did."""
    fee = payments.offline_fee(held)
    in_time = payments.given_up_in_time(held, now)
    deadline = payments.refund_deadline(held.workshop)
    when = "" if deadline is None else format_local(deadline, held.workshop.network.time_zone)
    if held.payment_status in (PaymentStatus.DUE, PaymentStatus.NOT_DUE):
        if in_time or held.payment_status == PaymentStatus.NOT_DUE:
            return f"The {fee} will not be due any more, so nobody needs to pay it."
        return f"Cancelling after {when}: the {fee} is still due."
    if held.payment_status != PaymentStatus.PAID:
        return ""
    if in_time:
        return f"The {fee} was paid and will be refunded by the network office."
    return f"No refund applies after {when}: the {fee} was paid and is not refunded."


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
        paused = payment_refunds.card_refunds_paused()
        return RegistrationResult(cancelled, f"{result.message} {paused}", "warning")
    if refunded:
        return RegistrationResult(
            cancelled,
            f"{result.message} {format_amount(refunded)} will be refunded to the card.",
            result.category,
        )
    if cancelled.payment_method in OFFLINE_PAYMENT_METHODS:
        told = offline_fee_note(cancelled)
        return RegistrationResult(cancelled, f"{result.message} {told}".strip(), result.category)
    return result


# --- a whole workshop ------------------------------------------------------------------


def card_refunds_note(workshop: Workshop) -> str:
    """What cancelling the workshop would do to its card payments, for the confirm page."""
    return payment_refunds.card_refunds_preview(workshop.id)


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
