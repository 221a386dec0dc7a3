"""Paying for a seat: Stripe Checkout for cards, purchase orders, sponsored seats, refunds.

A card payment holds the seat (the registration service's locked decision), then
opens a Checkout Session whose `expires_at` is the hold's expiry: Stripe refuses an
expiry under 30 minutes away, so a hold shorter than that is first extended to 30
minutes and a small margin, and both end at the same second. The webhook (see
`payment_events`) confirms the seat; nothing here marks a payment paid.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import stripe
from flask import current_app
from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError

from pdportal import database
from pdportal.extensions import db
from pdportal.models import (
    OFFLINE_PAYMENT_METHODS,
    DiscountRedemption,
    Payment,
    PaymentMethod,
    PaymentState,
    PaymentStatus,
    Registration,
    RegistrationStatus,
    User,
    Workshop,
    WorkshopStatus,
)
from pdportal.orm import utcnow
from pdportal.services import registration
from pdportal.services.common import stripe_client
from pdportal.services.common.urls import external_url
from pdportal.services.payments import discounts
from pdportal.templating import format_amount, format_local

CHECKOUT_MINIMUM = timedelta(minutes=30)  # Stripe's shortest Checkout expiry
CHECKOUT_MARGIN = timedelta(minutes=1)  # time for our request to reach Stripe


class PaymentError(Exception):
    """A payment step that could not go ahead; the message is fit for the person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class PaymentResult:
    """What happened; `checkout_url` is where to send the educator next, if anywhere."""

    registration: Registration | None
    message: str
    category: str
    checkout_url: str = ""


@dataclass(frozen=True)
class RefundQuote:
    """What cancelling now would give back, told to the educator before they confirm."""

    amount_cents: int
    deadline_at: datetime | None
    applies: bool

    def describe(self, time_zone: str) -> str:
        if self.applies:
            return f"You will be refunded {format_amount(self.amount_cents)} to your card."
        if self.amount_cents and self.deadline_at is not None:
            deadline = format_local(self.deadline_at, time_zone)
            return f"No refund applies after {deadline}."
        return ""


def _require_paid(workshop: Workshop) -> None:
    if workshop.is_free:
        raise PaymentError("This workshop is free; register from its page.")


def _take_seat_with_code(
    user: User, workshop: Workshop, quote: discounts.PriceQuote, **seat: object
) -> registration.RegistrationResult:
    """take_seat with the code's use reserved first and given back if no seat is kept."""
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


def pay_by_card(user: User, workshop: Workshop, *, code: str = "") -> PaymentResult:
    """Hold a seat and open Checkout; a 100%-off code gives a sponsored seat instead.

    Raises PaymentError, discounts.DiscountError or registration.RegistrationError.
    """
    _require_paid(workshop)
    quote = discounts.quote(workshop, code)
    if quote.is_sponsored:
        return _sponsored_seat(user, workshop, quote)
    if not stripe_client.card_payments_enabled():
        raise PaymentError("Card payment is not available right now. Please choose another way.")
    result = _take_seat_with_code(
        user,
        workshop,
        quote,
        payment_method=PaymentMethod.CARD,
        payment_status=PaymentStatus.PENDING,
        hold=True,
    )
    held = result.registration
    if held is None or held.status != RegistrationStatus.HELD:
        return PaymentResult(held, result.message, result.category)  # waitlisted: no payment yet
    try:
        url = open_checkout(held.id)
    except PaymentError as error:
        return PaymentResult(held, error.message, "warning")
    return PaymentResult(held, result.message, "info", url)


def pay_by_purchase_order(
    user: User, workshop: Workshop, *, district: str, po_number: str, code: str = ""
) -> PaymentResult:
    """Confirm the seat with payment due; the network invoices the district."""
    _require_paid(workshop)
    if not workshop.allows_purchase_order:
        raise PaymentError("This workshop does not take purchase orders.")
    quote = discounts.quote(workshop, code)
    if quote.is_sponsored:
        return _sponsored_seat(user, workshop, quote)
    result = _take_seat_with_code(
        user,
        workshop,
        quote,
        payment_method=PaymentMethod.PURCHASE_ORDER,
        payment_status=PaymentStatus.DUE,
        po_district=district.strip(),
        po_number=po_number.strip(),
    )
    return PaymentResult(result.registration, result.message, result.category)


def _sponsored_seat(user: User, workshop: Workshop, quote: discounts.PriceQuote) -> PaymentResult:
    result = _take_seat_with_code(
        user,
        workshop,
        quote,
        payment_method=PaymentMethod.SPONSORED,
        payment_status=PaymentStatus.NOT_REQUIRED,
    )
    message = result.message
    if (
        result.registration is not None
        and result.registration.status == RegistrationStatus.CONFIRMED
    ):
        message = f"Your code covers the whole fee. {message}"
    return PaymentResult(result.registration, message, result.category)


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
        raise PaymentError(
            "Your seat hold has expired, so the seat was released. You can register again"
            " from the workshop page if seats are left."
        )
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
        raise PaymentError(
            "We could not reach the card processor. Your seat is still held; please try"
            " again in a minute."
        ) from None
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
        raise PaymentError("Your seat hold has expired, so the seat was released.")
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


# --- refunds -------------------------------------------------------------------------


def refund_deadline(workshop: Workshop) -> datetime | None:
    return workshop.refund_deadline_at or workshop.starts_at


def refund_quote(held: Registration, now: datetime | None = None) -> RefundQuote:
    """What cancelling `held` now would refund (card payments only)."""
    now = now or utcnow()
    payment = payment_for(held.id)
    deadline = refund_deadline(held.workshop)
    if payment is None or payment.status != PaymentState.PAID:
        return RefundQuote(0, deadline, False)
    refundable = payment.amount_cents - payment.refunded_cents
    applies = refundable > 0 and (deadline is None or now < deadline)
    return RefundQuote(refundable, deadline, applies)


def refund_for_cancellation(cancelled: Registration) -> int:
    """After a cancellation: refund a card payment if before the deadline; return cents.

    An unpaid registration gives its discount-code use back instead, and an unpaid
    purchase order or invoice given up in time is no longer due (one paid is the network
    office's to refund: see `office_refund_owed`). Raises
    PaymentError if Stripe cannot be reached (the idempotency key makes a retry safe).
    """
    if cancelled.payment_method in OFFLINE_PAYMENT_METHODS:
        close_unpaid_offline(registration_id=cancelled.id)
        db.session.commit()
    quote = refund_quote(cancelled)
    if not quote.applies:
        if cancelled.payment_status == PaymentStatus.DUE:
            return 0  # a purchase order or invoice given up too late: the fee stays due
        if cancelled.payment_status != PaymentStatus.PAID:
            # Close any open Checkout so nobody pays for the seat they gave up. (A late
            # import: payment_events builds on this module.)
            from pdportal.services.payments import events as payment_events

            payment_events.close_checkouts(cancelled.id)
            discounts.release_use_of_registration(cancelled.id)
        return 0
    payment = payment_for(cancelled.id)
    refund_payment(payment, reason="requested_by_customer")
    return quote.amount_cents


def close_unpaid_offline(
    *, registration_id: int | None = None, workshop_id: int | None = None
) -> int:
    """Cancelled purchase orders and invoices still due stop being due when the seat was
    given up in time (`given_up_in_time`: the workshop was cancelled, the educator never had
    a seat, or the registration was cancelled before the refund deadline); one cancelled
    later stays due (caller commits).

    A conditional update, so an admin marking one paid at the same moment is never undone;
    returns how many were closed.
    """
    deadline = (
        select(func.coalesce(Workshop.refund_deadline_at, Workshop.starts_at))
        .where(Workshop.id == Registration.workshop_id)
        .scalar_subquery()
    )
    cancelled_workshops = select(Workshop.id).where(Workshop.status == WorkshopStatus.CANCELLED)
    query = (
        update(Registration)
        .where(
            Registration.status == RegistrationStatus.CANCELLED,
            Registration.payment_method.in_(OFFLINE_PAYMENT_METHODS),
            Registration.payment_status == PaymentStatus.DUE,
            or_(
                Registration.workshop_id.in_(cancelled_workshops),
                Registration.confirmed_at.is_(None),  # never had a seat
                deadline.is_(None),
                Registration.cancelled_at < deadline,
            ),
        )
        .values(payment_status=PaymentStatus.NOT_DUE)
        .execution_options(synchronize_session=False)
    )
    if registration_id is not None:
        query = query.where(Registration.id == registration_id)
    if workshop_id is not None:
        query = query.where(Registration.workshop_id == workshop_id)
    return db.session.execute(query).rowcount


def given_up_in_time(registration: Registration, now: datetime | None = None) -> bool:
    """The rule for the money of a seat given up, as for card refunds: the workshop was
    cancelled, the educator never had a seat (left or was taken off the waitlist: money is
    never kept without a seat), or the registration was cancelled before the refund
    deadline (the first session when the workshop sets none).

    For a registration still active, whether cancelling it at `now` would be in time.
    `close_unpaid_offline` applies the same rule in SQL.
    """
    workshop = registration.workshop
    if workshop.status == WorkshopStatus.CANCELLED or registration.confirmed_at is None:
        return True
    if registration.status == RegistrationStatus.CANCELLED:
        given_up_at = registration.cancelled_at
    else:
        given_up_at = now or utcnow()
    deadline = refund_deadline(workshop)
    return deadline is None or (given_up_at is not None and given_up_at < deadline)


def fee_waived(registration: Registration) -> bool:
    """An unpaid purchase order or invoice that is not due any more (or will not be, once
    `close_unpaid_offline` runs): its seat was given up in time."""
    if registration.payment_method not in OFFLINE_PAYMENT_METHODS:
        return False
    if registration.payment_status == PaymentStatus.NOT_DUE:
        return True
    return (
        registration.status == RegistrationStatus.CANCELLED
        and registration.payment_status == PaymentStatus.DUE
        and given_up_in_time(registration)
    )


def cancelled_fee_note(registration: Registration) -> str:
    """What a cancelled registration paid outside the portal (purchase order, invoice,
    sponsored seat) still owes or gets back, for the educator."""
    status = registration.payment_status
    if status == PaymentStatus.REFUNDED:
        return "The fee was refunded."
    if status == PaymentStatus.PAID:
        if office_refund_owed(registration):
            return "The fee was paid; the network office will refund it."
        return "The fee was paid and is not refunded: the seat was given up after the deadline."
    if status == PaymentStatus.DUE and not fee_waived(registration):
        fee = format_amount(registration.amount_cents)
        return f"The fee of {fee} is still due: the seat was given up after the deadline."
    return "Nothing is due."


def office_refund_owed(registration: Registration) -> bool:
    """A purchase order or invoice paid for a seat given up in time, that the network
    office must pay back (the same rule as card refunds: `given_up_in_time`)."""
    return (
        registration.status == RegistrationStatus.CANCELLED
        and registration.payment_method in OFFLINE_PAYMENT_METHODS
        and registration.payment_status == PaymentStatus.PAID
        and given_up_in_time(registration)
    )


def offline_payment_name(registration: Registration) -> str:
    """ "purchase order PO-17" or "invoice or door payment" (a walk-in may have paid at
    the door), for messages."""
    if registration.payment_method == PaymentMethod.PURCHASE_ORDER:
        return f"purchase order {registration.po_number}".strip()
    return "invoice or door payment"


def offline_fee(registration: Registration) -> str:
    """ "$45.00 on purchase order PO-17" or "$45.00 fee", after "the" in a message."""
    fee = format_amount(registration.amount_cents)
    if registration.payment_method == PaymentMethod.PURCHASE_ORDER:
        return f"{fee} on {offline_payment_name(registration)}"
    return f"{fee} fee"


def refund_payment(payment: Payment, *, reason: str) -> None:
    """Refund what is left of a payment through Stripe and record it (idempotent)."""
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
        raise PaymentError(
            "We could not start your refund just now. We will try again automatically and"
            " email you when it goes through; you do not need to do anything."
        ) from None
    mark_refunded(payment, payment.amount_cents)
    db.session.commit()


def mark_refunded(payment: Payment, refunded_cents: int) -> None:
    """Record a refund on the payment and its registration (caller commits)."""
    payment.refunded_cents = min(max(payment.refunded_cents, refunded_cents), payment.amount_cents)
    if payment.refunded_cents >= payment.amount_cents:
        payment.status = PaymentState.REFUNDED
        payment.registration.payment_status = PaymentStatus.REFUNDED


def release_unpaid_hold(registration_id: int, reason: str) -> None:
    """A hold ended without payment: release the seat and give back any code use."""
    registration.release_hold(registration_id, reason)
    status = db.session.scalar(
        select(Registration.status).where(Registration.id == registration_id)
    )
    if status == RegistrationStatus.CANCELLED:
        discounts.release_use_of_registration(registration_id)
