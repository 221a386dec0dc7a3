"""Paying for a seat: Stripe Checkout for cards, purchase orders, sponsored seats.

A card payment holds the seat (the registration service's locked decision), then
opens a Checkout Session whose `expires_at` is the hold's expiry: Stripe refuses an
expiry under 30 minutes away, so a hold shorter than that is first extended to 30
minutes and a small margin, and both end at the same second. The webhook (see
`payments.events`) confirms the seat; nothing here marks a payment paid. Results and
refusals are values (`PaymentResult`, `PaymentError.reason`); the words are the views'.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import stripe
from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from pdportal import database
from pdportal.extensions import db
from pdportal.models import (
    DiscountRedemption,
    Payment,
    PaymentMethod,
    PaymentState,
    PaymentStatus,
    Registration,
    RegistrationStatus,
    User,
    Workshop,
)
from pdportal.orm import utcnow
from pdportal.services import registration
from pdportal.services.common import stripe_client
from pdportal.services.common.urls import external_url
from pdportal.services.payments import discounts

CHECKOUT_MINIMUM = timedelta(minutes=30)  # Stripe's shortest Checkout expiry
CHECKOUT_MARGIN = timedelta(minutes=1)  # time for our request to reach Stripe


class PaymentFailure(enum.StrEnum):
    """Why a payment step could not go ahead."""

    FREE_WORKSHOP = "free_workshop"
    CARDS_OFF = "cards_off"
    NO_PURCHASE_ORDERS = "no_purchase_orders"
    HOLD_EXPIRED = "hold_expired"
    STRIPE_UNREACHABLE = "stripe_unreachable"  # the seat is still held: try again
    REFUND_FAILED = "refund_failed"  # retried by the sweep
    NOT_OFFLINE = "not_offline"  # only purchase orders and invoices are marked paid
    NOTHING_DUE = "nothing_due"  # cancelled, nothing owed
    NOT_OFFLINE_REFUND = "not_offline_refund"  # card payments are refunded through Stripe
    NO_REFUND_OWED = "no_refund_owed"


class PaymentError(Exception):
    """A payment step that could not go ahead (nothing changed); `registration` is the
    one concerned, when there is one, for the message."""

    def __init__(self, reason: PaymentFailure, registration: Registration | None = None) -> None:
        super().__init__(reason.value)
        self.reason = reason
        self.registration = registration


@dataclass(frozen=True)
class PaymentResult:
    """What happened to the seat, and where to send the educator next, if anywhere."""

    seat: registration.RegistrationResult
    checkout_url: str = ""
    is_sponsored: bool = False  # a code covered the whole fee
    checkout_failed: PaymentFailure | None = None  # the seat is held, Checkout did not open

    @property
    def registration(self) -> Registration | None:
        return self.seat.registration


def _require_paid(workshop: Workshop) -> None:
    if workshop.is_free:
        raise PaymentError(PaymentFailure.FREE_WORKSHOP)


def _take_seat_with_code(
    user: User, workshop: Workshop, quote: discounts.PriceQuote, **seat: Any
) -> registration.RegistrationResult:
    """take_seat with the code's use reserved first and given back if no seat is kept
    (`seat` may carry `answers` to the workshop's questions, kept with the seat)."""
    redemption_id = discounts.reserve_use(quote.code) if quote.code else None
    try:
        result = registration.take_seat(user, workshop, amount_cents=quote.amount_cents, **seat)
    except registration.RegistrationError:
        if redemption_id is not None:
            discounts.release_use(redemption_id)
        raise
    if redemption_id is not None:
        if result.registration is None:
            discounts.release_use(redemption_id)
        else:
            discounts.attach_use(redemption_id, result.registration.id)
    return result


def pay_by_card(
    user: User, workshop: Workshop, *, code: str = "", answers: dict[int, Any] | None = None
) -> PaymentResult:
    """Hold a seat and open Checkout; a 100%-off code gives a sponsored seat instead.
    `answers` to the workshop's questions (checked by the caller) are kept with the seat.

    Raises PaymentError, discounts.DiscountError or registration.RegistrationError.
    """
    _require_paid(workshop)
    quote = discounts.quote(workshop, code)
    if quote.is_sponsored:
        return _sponsored_seat(user, workshop, quote, answers)
    if not stripe_client.card_payments_enabled():
        raise PaymentError(PaymentFailure.CARDS_OFF)
    result = _take_seat_with_code(
        user,
        workshop,
        quote,
        payment_method=PaymentMethod.CARD,
        payment_status=PaymentStatus.PENDING,
        hold=True,
        answers=answers,
    )
    held = result.registration
    if held is None or held.status != RegistrationStatus.HELD:
        return PaymentResult(result)  # waitlisted (or full): no payment yet
    try:
        url = open_checkout(held.id)
    except PaymentError as error:
        return PaymentResult(result, checkout_failed=error.reason)
    return PaymentResult(result, url)


def pay_by_purchase_order(
    user: User,
    workshop: Workshop,
    *,
    district: str,
    po_number: str,
    code: str = "",
    answers: dict[int, Any] | None = None,
) -> PaymentResult:
    """Confirm the seat with payment due; the network invoices the district. `answers`
    to the workshop's questions (checked by the caller) are kept with the seat."""
    _require_paid(workshop)
    if not workshop.allows_purchase_order:
        raise PaymentError(PaymentFailure.NO_PURCHASE_ORDERS)
    quote = discounts.quote(workshop, code)
    if quote.is_sponsored:
        return _sponsored_seat(user, workshop, quote, answers)
    result = _take_seat_with_code(
        user,
        workshop,
        quote,
        payment_method=PaymentMethod.PURCHASE_ORDER,
        payment_status=PaymentStatus.DUE,
        po_district=district.strip(),
        po_number=po_number.strip(),
        answers=answers,
    )
    return PaymentResult(result)


def _sponsored_seat(
    user: User,
    workshop: Workshop,
    quote: discounts.PriceQuote,
    answers: dict[int, Any] | None,
) -> PaymentResult:
    result = _take_seat_with_code(
        user,
        workshop,
        quote,
        payment_method=PaymentMethod.SPONSORED,
        payment_status=PaymentStatus.NOT_REQUIRED,
        answers=answers,
    )
    return PaymentResult(result, is_sponsored=True)


def _discounted_amount(held: Registration) -> int:
    """The amount due: the workshop's price less any code this registration holds a use of."""
    redemption = db.session.scalar(
        select(DiscountRedemption).where(
            DiscountRedemption.registration_id == held.id,
            DiscountRedemption.released_at.is_(None),
        )
    )
    price = held.workshop.price_cents
    return redemption.discount_code.price_after(price) if redemption else price


def open_checkout(registration_id: int) -> str:
    """The Checkout URL for a live hold: the open session if there is one, else a new one."""
    client = stripe_client.get_client()
    now = utcnow()
    held = db.session.get(Registration, registration_id, populate_existing=True)
    if held is None or held.status != RegistrationStatus.HELD or held.hold_expires_at <= now:
        raise PaymentError(PaymentFailure.HOLD_EXPIRED, held)
    open_payment = db.session.scalar(
        select(Payment)
        .where(
            Payment.registration_id == held.id,
            Payment.status == PaymentState.CREATED,
            Payment.expires_at > now + CHECKOUT_MARGIN,
        )
        .order_by(Payment.id.desc())
    )
    if open_payment is not None and open_payment.checkout_url:
        return open_payment.checkout_url
    held_until = _extend_hold_for_checkout(held, now)
    amount = _discounted_amount(held)
    workshop = held.workshop
    params = {
        "mode": "payment",
        "payment_method_types": ["card"],
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": "usd",
                    "unit_amount": amount,
                    "product_data": {"name": workshop.title[:250]},
                },
            }
        ],
        "customer_email": held.user.email,
        "client_reference_id": str(held.id),
        "metadata": {"registration_id": str(held.id), "workshop_id": str(workshop.id)},
        "expires_at": int(held_until.timestamp()),
        "success_url": external_url("payments.success", registration_id=held.id),
        "cancel_url": external_url("payments.cancelled", registration_id=held.id),
    }
    key = f"checkout-{held.id}-{int(held_until.timestamp())}"
    try:
        session = client.v1.checkout.sessions.create(params, {"idempotency_key": key})
    except stripe.StripeError as error:
        db.session.rollback()
        current_app.logger.warning("Checkout Session for registration %s: %s", held.id, error)
        raise PaymentError(PaymentFailure.STRIPE_UNREACHABLE, held) from None
    return _record_session(held, session.to_dict(), amount)


def _extend_hold_for_checkout(held: Registration, now: datetime) -> datetime:
    """Stretch a hold to Stripe's minimum Checkout expiry (whole seconds); return its end."""
    needed = (now + CHECKOUT_MINIMUM + CHECKOUT_MARGIN).replace(microsecond=0)
    if held.hold_expires_at >= needed:
        return held.hold_expires_at.replace(microsecond=0)
    held_id = held.id
    database.begin_write_locked_transaction()
    extended = db.session.execute(
        update(Registration)
        .where(
            Registration.id == held_id,
            Registration.status == RegistrationStatus.HELD,
            Registration.hold_expires_at > now,
        )
        .values(hold_expires_at=needed)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    if not extended:
        raise PaymentError(PaymentFailure.HOLD_EXPIRED)
    return needed


def _record_session(held: Registration, session: dict, amount: int) -> str:
    payment = Payment(
        registration_id=held.id,
        checkout_session_id=session["id"],
        checkout_url=session.get("url") or "",
        amount_cents=amount,
        currency=session.get("currency") or "usd",
        expires_at=datetime.fromtimestamp(session["expires_at"], tz=UTC),
    )
    db.session.add(payment)
    if held.amount_cents != amount:
        held.amount_cents = amount
    try:
        db.session.commit()
    except IntegrityError:  # the same idempotency key answered the same session again
        db.session.rollback()
    return session.get("url") or ""


def payment_for(registration_id: int) -> Payment | None:
    """The registration's latest Checkout payment, paid ones first."""
    payments = db.session.scalars(
        select(Payment).where(Payment.registration_id == registration_id).order_by(Payment.id)
    ).all()
    paid = [p for p in payments if p.status in (PaymentState.PAID, PaymentState.REFUNDED)]
    return (paid or payments or [None])[-1]


# --- holds ending ------------------------------------------------------------------


def release_unpaid_hold(registration_id: int, reason: str) -> None:
    """A hold ended without payment: release the seat and give back any code use."""
    registration.release_hold(registration_id, reason)
    status = db.session.scalar(
        select(Registration.status).where(Registration.id == registration_id)
    )
    if status == RegistrationStatus.CANCELLED:
        discounts.release_use_of_registration(registration_id)
