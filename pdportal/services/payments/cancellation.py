"""Cancelling with the money handled too: one registration (the seat from the registration
service, the refund or the fee from the payments services), or a whole workshop, so a view
calls one function. What happened comes back as values; the words are the views'."""

from __future__ import annotations

from dataclasses import dataclass

from pdportal.extensions import db
from pdportal.models import (
    OFFLINE_PAYMENT_METHODS,
    PaymentStatus,
    Registration,
    User,
    Workshop,
)
from pdportal.services import registration, workshops
from pdportal.services.common.stripe_client import CardPaymentsDisabled
from pdportal.services.payments import discounts, events, fees, refunds
from pdportal.services.payments.checkout import PaymentError, payment_for
from pdportal.services.payments.fees import FeeKind, FeeOutcome


@dataclass(frozen=True)
class CancelResult:
    """What cancelling did to the seat, and to the fee (None: nothing to say about it)."""

    seat: registration.RegistrationResult
    fee: FeeOutcome | None = None

    @property
    def registration(self) -> Registration | None:
        return self.seat.registration


def refund_for_cancellation(cancelled: Registration) -> int:
    """After a cancellation: refund a card payment if before the deadline; return cents.

    An unpaid registration gives its discount-code use back instead (and any open Checkout
    is closed, so nobody pays for the seat they gave up), and an unpaid purchase order or
    invoice given up in time is no longer due (one paid is the network office's to refund:
    see `fees.office_refund_owed`). Raises PaymentError if Stripe cannot be reached (the
    idempotency key makes a retry safe).
    """
    if cancelled.payment_method in OFFLINE_PAYMENT_METHODS:
        fees.close_unpaid_offline(registration_id=cancelled.id)
        db.session.commit()
    quote = fees.refund_quote(cancelled, cancelled.cancelled_at)
    if not quote.applies:
        if cancelled.payment_status == PaymentStatus.DUE:
            return 0  # a purchase order or invoice given up too late: the fee stays due
        if cancelled.payment_status != PaymentStatus.PAID:
            events.close_checkouts(cancelled.id)
            discounts.release_use_of_registration(cancelled.id)
        return 0
    refunds.refund_payment(payment_for(cancelled.id), reason="requested_by_customer")
    return quote.amount_cents


def cancel(held: Registration, actor: User, reason: str) -> CancelResult:
    """Cancel (the freed seat goes to the waitlist), then refund or close any payment.

    The email says what happens to the fee in the words the confirm page used
    (`fees.on_giving_up`). Raises registration.RegistrationError if the registration may
    not be cancelled.
    """
    result = registration.cancel_registration(held, actor, reason, fee_of=fees.on_giving_up)
    cancelled = result.registration
    if result.outcome == registration.Outcome.ALREADY_CANCELLED or cancelled.workshop.is_free:
        return CancelResult(result)
    try:
        refunded = refund_for_cancellation(cancelled)
    except PaymentError:
        return CancelResult(result, fees.outcome_for(FeeKind.CARD_REFUND_DELAYED, cancelled))
    except CardPaymentsDisabled:
        return CancelResult(result, fees.outcome_for(FeeKind.CARD_REFUND_PAUSED, cancelled))
    if refunded:
        return CancelResult(
            result, fees.outcome_for(FeeKind.CARD_REFUND_STARTED, cancelled, refunded)
        )
    if cancelled.payment_method in OFFLINE_PAYMENT_METHODS:
        return CancelResult(result, fees.on_giving_up(cancelled))
    return CancelResult(result)


# --- a whole workshop ------------------------------------------------------------------


@dataclass(frozen=True)
class WorkshopCancellation:
    registrations: int  # cancelled, each person told
    refunds: refunds.WorkshopRefunds


def card_refunds_preview(workshop: Workshop) -> refunds.CardRefundsPreview | None:
    """What cancelling the workshop would do to its card payments, for the confirm page."""
    return refunds.card_refunds_preview(workshop.id)


def cancel_workshop(workshop: Workshop, actor: User, reason: str) -> WorkshopCancellation:
    """Cancel the workshop and every registration (each person is told), close its unpaid
    purchase orders and invoices and refund its card payments: a few at once, the rest
    by the sweep.

    Raises workshops.WorkshopError if it may not be cancelled (nothing changes then).
    """
    count = workshops.cancel_workshop(workshop, actor, reason)
    return WorkshopCancellation(count, refunds.refund_cancelled_workshop(workshop))
