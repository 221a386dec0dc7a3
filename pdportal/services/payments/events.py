"""Stripe's word on a payment: the webhook, and the sweep that expires unpaid holds.

Invariant 4: an event is applied at most once, and events that arrive twice or out
of order leave the same state. Each handler moves a payment only forward
(created → expired/failed → paid → refunded): a later-stage fact is never undone by
an earlier-stage event. A refund that arrives before its payment is kept on its
StripeEvent row and applied when the payment arrives.
"""

from __future__ import annotations

import enum
import json
import re
from datetime import datetime
from typing import Any

import stripe
from flask import current_app
from sqlalchemy import exists, func, select, update
from sqlalchemy.exc import IntegrityError

from pdportal import database
from pdportal.extensions import db
from pdportal.models import (
    ApprovalStatus,
    Payment,
    PaymentState,
    Registration,
    RegistrationStatus,
    StripeEvent,
    SupervisorApproval,
)
from pdportal.orm import utcnow
from pdportal.services import registration
from pdportal.services.common import stripe_client
from pdportal.services.common.urls import external_url
from pdportal.services.mail.outbox import queue_templated_email
from pdportal.services.payments import event_shape
from pdportal.services.payments.checkout import release_unpaid_hold
from pdportal.services.payments.refunds import mark_refunded, refund_payment

SESSION_PAID = {"checkout.session.completed", "checkout.session.async_payment_succeeded"}
SESSION_UNPAID = {
    "checkout.session.expired": PaymentState.EXPIRED,
    "checkout.session.async_payment_failed": PaymentState.FAILED,
}
CHARGE_REFUNDED = "charge.refunded"
ACTED_ON = SESSION_PAID | SESSION_UNPAID.keys() | {CHARGE_REFUNDED}
SWEEP_BATCH = 100
MAX_ROW_ID = 2**31 - 1  # PostgreSQL's integer
EXPIRED_REASON = registration.SystemReason.HOLD_EXPIRED


class HoldEnd(enum.StrEnum):
    """How ending a hold went."""

    RELEASED = "released"  # the seat went back (to the waitlist first)
    PAID = "paid"  # Stripe had taken the money: the seat is confirmed instead
    UNREACHABLE = "unreachable"  # Stripe could not be asked: nothing changed, try again


class WebhookRejected(Exception):
    """The request did not come from Stripe (signature, secret) or its event is malformed
    (see `event_shape`); nothing changed."""


def handle_webhook(payload: bytes, signature: str | None) -> str:
    """Verify, store once, apply. Returns a short note for the response body."""
    secret = current_app.config.get("STRIPE_WEBHOOK_SECRET")
    if not secret:
        raise WebhookRejected("STRIPE_WEBHOOK_SECRET is not set")
    try:
        stripe.WebhookSignature.verify_header(
            payload, signature, secret, tolerance=stripe.Webhook.DEFAULT_TOLERANCE
        )
        event_id, event_type, obj = event_shape.envelope(json.loads(payload))
        if event_type in ACTED_ON:
            event_shape.check_object(obj)
    except (stripe.SignatureVerificationError, ValueError, RecursionError) as error:
        raise WebhookRejected(str(error)) from None
    record = _store_once(event_id, event_type, obj)
    if record is None:
        return "duplicate"
    if event_type in SESSION_PAID and obj.get("payment_status") == "paid":
        session_paid(obj)
    elif event_type in SESSION_PAID:
        _remember_intent(obj)  # an async payment is under way; its outcome is another event
    elif event_type in SESSION_UNPAID:
        session_unpaid(obj, SESSION_UNPAID[event_type])
    elif event_type == CHARGE_REFUNDED:
        charge_refunded(obj)
    db.session.execute(
        update(StripeEvent).where(StripeEvent.id == record).values(processed_at=utcnow())
    )
    db.session.commit()
    return "ok"


def _store_once(event_id: str, event_type: str, obj: dict[str, Any]) -> int | None:
    """Insert the event id; None if it was already processed.

    A stored but unprocessed event (the first delivery failed part-way) is applied again:
    every handler is idempotent, so that is safe, and Stripe's retry is not lost.
    """
    refund_facts = {}
    if event_type == CHARGE_REFUNDED:
        refund_facts = {
            "payment_intent_id": obj.get("payment_intent") or "",
            "amount_refunded_cents": int(obj.get("amount_refunded") or 0),
        }
    database.begin_write_locked_transaction()
    record = StripeEvent(event_id=event_id, type=event_type, **refund_facts)
    db.session.add(record)
    try:
        db.session.commit()
        return record.id
    except IntegrityError:
        db.session.rollback()
    stored = db.session.scalar(select(StripeEvent).where(StripeEvent.event_id == event_id))
    return stored.id if stored is not None and stored.processed_at is None else None


def _payment_for_session(session: dict[str, Any]) -> Payment | None:
    """Our record of a Checkout Session, created from its metadata if we never stored it."""
    payment = db.session.scalar(
        select(Payment)
        .where(Payment.checkout_session_id == session["id"])
        .execution_options(populate_existing=True)
    )
    if payment is not None:
        return payment
    registration_id = _row_id(str((session.get("metadata") or {}).get("registration_id") or ""))
    if registration_id is None or db.session.get(Registration, registration_id) is None:
        current_app.logger.warning("Stripe session %s matches no registration", session["id"])
        return None
    payment = Payment(
        registration_id=registration_id,
        checkout_session_id=session["id"],
        amount_cents=int(session.get("amount_total") or 0),
        currency=session.get("currency") or "usd",
    )
    db.session.add(payment)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
    return db.session.scalar(select(Payment).where(Payment.checkout_session_id == session["id"]))


def _row_id(text: str) -> int | None:
    """A row id written in ASCII digits that fits the id column (32 bits on PostgreSQL)."""
    if not re.fullmatch("[0-9]{1,10}", text) or int(text) > MAX_ROW_ID:
        return None
    return int(text)


def _remember_intent(session: dict[str, Any]) -> None:
    payment = _payment_for_session(session)
    if payment is not None and session.get("payment_intent") and not payment.payment_intent_id:
        payment.payment_intent_id = session["payment_intent"]
        db.session.commit()


def session_paid(session: dict[str, Any]) -> None:
    """Verified money for a seat: confirm it, or (no seat left) refund it and say so."""
    payment = _payment_for_session(session)
    if payment is None or payment.status == PaymentState.REFUNDED:
        return
    payment_id, known_intent = payment.id, payment.payment_intent_id
    database.begin_write_locked_transaction()
    db.session.execute(
        update(Payment)
        .where(Payment.id == payment_id, Payment.status.not_in(_PAID_OR_LATER))
        .values(
            status=PaymentState.PAID,
            paid_at=utcnow(),
            payment_intent_id=session.get("payment_intent") or known_intent,
        )
    )
    db.session.commit()
    payment = db.session.get(Payment, payment_id, populate_existing=True)
    confirmed = registration.confirm_paid(payment.registration_id)
    payment = db.session.get(Payment, payment_id, populate_existing=True)
    _apply_recorded_refunds(payment)
    if not confirmed and payment.status != PaymentState.REFUNDED:
        refund_payment(payment, reason="duplicate")
        _tell_refunded_without_seat(payment)


_PAID_OR_LATER = (PaymentState.PAID, PaymentState.REFUNDED)


def _apply_recorded_refunds(payment: Payment) -> None:
    if not payment.payment_intent_id:
        return
    refunded = db.session.scalar(
        select(func.max(StripeEvent.amount_refunded_cents)).where(
            StripeEvent.payment_intent_id == payment.payment_intent_id
        )
    )
    if refunded:
        mark_refunded(payment, refunded)
        db.session.commit()


def _tell_refunded_without_seat(payment: Payment) -> None:
    held = payment.registration
    queue_templated_email(
        held.user.email,
        "payment_refunded_no_seat",
        language=held.user.preferred_language,
        user=held.user,
        workshop=held.workshop,
        payment=payment,
        workshop_url=external_url("catalog.detail", slug=held.workshop.slug),
    )
    db.session.commit()


def session_unpaid(session: dict[str, Any], outcome: PaymentState) -> None:
    """Checkout expired or its payment failed: release the hold unless already paid."""
    payment = _payment_for_session(session)
    if payment is None:
        return
    payment_id = payment.id
    database.begin_write_locked_transaction()
    db.session.execute(
        update(Payment)
        .where(Payment.id == payment_id, Payment.status == PaymentState.CREATED)
        .values(status=outcome)
    )
    db.session.commit()
    payment = db.session.get(Payment, payment_id, populate_existing=True)
    if payment.status in _PAID_OR_LATER or _has_open_checkout(payment.registration_id):
        return
    release_unpaid_hold(payment.registration_id, EXPIRED_REASON)


def _has_open_checkout(registration_id: int) -> bool:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Payment)
            .where(
                Payment.registration_id == registration_id,
                Payment.status == PaymentState.CREATED,
            )
        )
        > 0
    )


def charge_refunded(charge: dict[str, Any]) -> None:
    intent = charge.get("payment_intent")
    if not intent:
        return
    payment = db.session.scalar(select(Payment).where(Payment.payment_intent_id == intent))
    if payment is None:
        return  # the payment has not arrived yet; its handler applies the stored refund
    mark_refunded(payment, int(charge.get("amount_refunded") or 0))
    db.session.commit()


# --- the sweep -------------------------------------------------------------------------


def expire_unpaid_holds(now: datetime) -> str:
    """Sweep step: holds past their expiry are released (or confirmed if Stripe was paid).

    Each hold is claimed with FOR UPDATE SKIP LOCKED (PostgreSQL) while its Checkout
    Session is expired at Stripe, so concurrent sweepers never work on the same one.
    """
    released = confirmed = deferred = 0
    last_id = 0
    for _ in range(SWEEP_BATCH):
        claimed = db.session.scalar(
            select(Registration.id)
            .where(
                Registration.id > last_id,
                Registration.status == RegistrationStatus.HELD,
                Registration.hold_expires_at <= now,
                ~exists().where(  # a seat held for a supervisor: expire_approvals' to end
                    SupervisorApproval.registration_id == Registration.id,
                    SupervisorApproval.status == ApprovalStatus.PENDING,
                ),
            )
            .order_by(Registration.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        if claimed is None:
            break
        last_id = claimed
        outcome = release_hold_now(claimed, EXPIRED_REASON)  # ends the claim
        if outcome == HoldEnd.PAID:
            confirmed += 1
        elif outcome == HoldEnd.UNREACHABLE:
            deferred += 1
        else:
            released += 1
    db.session.commit()
    # The operator's one-line summary.
    summary = f"holds: {released} released, {confirmed} paid at Stripe and confirmed"
    return summary + (
        f", {deferred} left for the next sweep (Stripe unreachable)" if deferred else ""
    )


def release_hold_now(registration_id: int, reason: str) -> str:
    """End a hold: expire its Checkout at Stripe first, so nobody pays for a released seat.

    Returns "paid" (Stripe had taken the money: the seat is confirmed instead),
    "unreachable" (nothing changed; try again later) or "released".
    """
    outcome = close_checkouts(registration_id)
    db.session.commit()
    if outcome == "unpaid":
        release_unpaid_hold(registration_id, reason)
        return "released"
    return outcome


def close_checkouts(registration_id: int) -> str:
    """Expire the registration's open Checkout Sessions at Stripe.

    Returns "paid" if Stripe says one was paid (that payment is then applied as its
    webhook would), "unreachable", or "unpaid". The caller commits.
    """
    open_payments = db.session.scalars(
        select(Payment).where(
            Payment.registration_id == registration_id, Payment.status == PaymentState.CREATED
        )
    ).all()
    if not open_payments:
        return "unpaid"
    if not stripe_client.card_payments_enabled():
        return "unpaid"
    client = stripe_client.get_client()
    for payment in open_payments:
        try:
            try:
                session = client.v1.checkout.sessions.expire(payment.checkout_session_id)
            except stripe.InvalidRequestError:  # not open any more: completed or expired
                session = client.v1.checkout.sessions.retrieve(payment.checkout_session_id)
        except stripe.StripeError as error:
            current_app.logger.warning("Sweep: Stripe session %s: %s", payment.id, error)
            return "unreachable"
        facts = session.to_dict()
        if facts.get("status") == "complete" and facts.get("payment_status") == "paid":
            db.session.commit()
            session_paid(facts)
            return "paid"
        payment.status = PaymentState.EXPIRED
    return "unpaid"
