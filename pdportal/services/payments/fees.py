"""What happens to the fee of a seat given up: the refund deadline and its one rule
(`given_up_in_time`), what a card refund would give back, purchase orders and invoices that
stop being due or that the network office owes back, and `FeeOutcome`: the fee's fate as a
value that the confirm page, the flash and the email all put in the same words.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select, update

from pdportal.extensions import db
from pdportal.models import (
    OFFLINE_PAYMENT_METHODS,
    PaymentMethod,
    PaymentState,
    PaymentStatus,
    Registration,
    RegistrationStatus,
    Workshop,
    WorkshopStatus,
)
from pdportal.orm import utcnow
from pdportal.services.common import stripe_client
from pdportal.services.payments.checkout import payment_for


class FeeKind(enum.StrEnum):
    """The fate of a seat's fee."""

    # Giving up a seat: before, what cancelling now would do; after, what it did.
    CARD_REFUND = "card_refund"  # amount back to the card
    CARD_REFUND_STARTED = "card_refund_started"  # the refund was just asked of Stripe
    CARD_REFUND_DELAYED = "card_refund_delayed"  # Stripe unreachable: retried by the sweep
    CARD_REFUND_PAUSED = "card_refund_paused"  # no Stripe keys: refunded once they are set
    NO_CARD_REFUND = "no_card_refund"  # the refund deadline has passed
    NO_LONGER_DUE = "no_longer_due"  # a purchase order or invoice nobody needs to pay
    STILL_DUE = "still_due"  # given up after the deadline: still owed
    OFFICE_WILL_REFUND = "office_will_refund"  # paid, given up in time
    KEPT = "kept"  # paid, given up after the deadline
    # A cancelled registration's fee as it stands (the pay page).
    REFUNDED = "refunded"
    PAID_OFFICE_REFUNDS = "paid_office_refunds"
    PAID_KEPT = "paid_kept"
    DUE_LATE = "due_late"
    NOTHING_DUE = "nothing_due"


@dataclass(frozen=True)
class FeeOutcome:
    kind: FeeKind
    amount_cents: int = 0
    deadline_at: datetime | None = None
    time_zone: str = "UTC"  # the network's, for the deadline
    method: PaymentMethod = PaymentMethod.NONE
    po_number: str = ""

    @property
    def is_purchase_order(self) -> bool:
        """Said as "the $75.00 on purchase order PO-17" (else "the $75.00 fee")."""
        return self.method == PaymentMethod.PURCHASE_ORDER and bool(self.po_number)

    @property
    def is_warning(self) -> bool:
        """The money is not on its way back yet though it is owed (a flash warns)."""
        return self.kind in (FeeKind.CARD_REFUND_DELAYED, FeeKind.CARD_REFUND_PAUSED)


def outcome_for(kind: FeeKind, registration: Registration, amount_cents: int = 0) -> FeeOutcome:
    """A `kind` of fate for this registration's fee, with its deadline, method and number."""
    workshop = registration.workshop
    return FeeOutcome(
        kind,
        amount_cents,
        refund_deadline(workshop),
        workshop.network.time_zone,
        registration.payment_method,
        registration.po_number.strip(),
    )


# --- the rules -----------------------------------------------------------------------


@dataclass(frozen=True)
class RefundQuote:
    """What cancelling now would give back to the card."""

    amount_cents: int
    deadline_at: datetime | None
    applies: bool


def refund_deadline(workshop: Workshop) -> datetime | None:
    return workshop.refund_deadline_at or workshop.starts_at


@dataclass(frozen=True)
class RefundTerms:
    """The cancellation deadline an educator is told before paying."""

    deadline_at: datetime | None
    has_passed: bool
    time_zone: str


def refund_terms(workshop: Workshop, now: datetime | None = None) -> RefundTerms:
    deadline = refund_deadline(workshop)
    passed = deadline is not None and deadline <= (now or utcnow())
    return RefundTerms(deadline, passed, workshop.network.time_zone)


def refund_quote(held: Registration, now: datetime | None = None) -> RefundQuote:
    """What cancelling `held` at `now` would refund (card payments only)."""
    now = now or utcnow()
    payment = payment_for(held.id)
    deadline = refund_deadline(held.workshop)
    if payment is None or payment.status != PaymentState.PAID:
        return RefundQuote(0, deadline, False)
    refundable = payment.amount_cents - payment.refunded_cents
    applies = refundable > 0 and (deadline is None or now < deadline)
    return RefundQuote(refundable, deadline, applies)


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


def close_unpaid_offline(
    *, registration_id: int | None = None, workshop_id: int | None = None
) -> int:
    """Cancelled purchase orders and invoices still due stop being due when the seat was
    given up in time (`given_up_in_time`); one cancelled later stays due (caller commits).

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


def office_refund_owed(registration: Registration) -> bool:
    """A purchase order or invoice paid for a seat given up in time, that the network
    office must pay back (the same rule as card refunds: `given_up_in_time`)."""
    return (
        registration.status == RegistrationStatus.CANCELLED
        and registration.payment_method in OFFLINE_PAYMENT_METHODS
        and registration.payment_status == PaymentStatus.PAID
        and given_up_in_time(registration)
    )


# --- the fee's fate, as a value --------------------------------------------------------


def on_giving_up(held: Registration, now: datetime | None = None) -> FeeOutcome | None:
    """What giving up the seat does to the fee (None if nothing): before cancelling, what
    cancelling at `now` would do (the confirm page); after, what it did (the email)."""
    if held.payment_method in OFFLINE_PAYMENT_METHODS:
        return _offline_on_giving_up(held, now)
    if held.payment_status != PaymentStatus.PAID:
        return None
    quote = refund_quote(held, now)
    if quote.applies and not stripe_client.card_payments_enabled():
        return outcome_for(FeeKind.CARD_REFUND_PAUSED, held, quote.amount_cents)
    if quote.applies:
        return outcome_for(FeeKind.CARD_REFUND, held, quote.amount_cents)
    if quote.amount_cents and quote.deadline_at is not None:
        return outcome_for(FeeKind.NO_CARD_REFUND, held, quote.amount_cents)
    return None


def _offline_on_giving_up(held: Registration, now: datetime | None) -> FeeOutcome | None:
    """A purchase order's or invoice's fee, by the rule card refunds follow: given up in
    time, an unpaid one is no longer due and a paid one is refunded by the network office;
    given up later, the fee stays due or is kept."""
    in_time = given_up_in_time(held, now)
    amount = held.amount_cents
    if held.payment_status in (PaymentStatus.DUE, PaymentStatus.NOT_DUE):
        if in_time or held.payment_status == PaymentStatus.NOT_DUE:
            return outcome_for(FeeKind.NO_LONGER_DUE, held, amount)
        return outcome_for(FeeKind.STILL_DUE, held, amount)
    if held.payment_status != PaymentStatus.PAID:
        return None
    return outcome_for(FeeKind.OFFICE_WILL_REFUND if in_time else FeeKind.KEPT, held, amount)


def as_cancelled(registration: Registration) -> FeeOutcome:
    """What a cancelled registration paid outside the portal (purchase order, invoice,
    sponsored seat) still owes or gets back, for the educator."""
    status = registration.payment_status
    if status == PaymentStatus.REFUNDED:
        return outcome_for(FeeKind.REFUNDED, registration)
    if status == PaymentStatus.PAID:
        owed = office_refund_owed(registration)
        return outcome_for(FeeKind.PAID_OFFICE_REFUNDS if owed else FeeKind.PAID_KEPT, registration)
    if status == PaymentStatus.DUE and not fee_waived(registration):
        return outcome_for(FeeKind.DUE_LATE, registration, registration.amount_cents)
    return outcome_for(FeeKind.NOTHING_DUE, registration)
