"""What was paid, refunded and is due by purchase order or invoice, per workshop or network;
an admin recording money that moved outside the portal (the educator is emailed). Figures
and outcomes are values: the page and the CSV choose the words."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from pdportal.extensions import db
from pdportal.models import (
    OFFLINE_PAYMENT_METHODS,
    Network,
    Payment,
    PaymentMethod,
    PaymentState,
    PaymentStatus,
    Registration,
    RegistrationStatus,
    User,
    Workshop,
)
from pdportal.services.common.urls import external_url
from pdportal.services.mail.outbox import queue_templated_email
from pdportal.services.payments.checkout import PaymentError, PaymentFailure
from pdportal.services.payments.fees import fee_waived, office_refund_owed


@dataclass(frozen=True)
class PaymentRow:
    registration: Registration
    payment: Payment | None

    @property
    def is_offline(self) -> bool:
        return self.registration.payment_method in OFFLINE_PAYMENT_METHODS

    @property
    def paid_cents(self) -> int:
        if self.is_offline:
            paid = self.registration.payment_status in (PaymentStatus.PAID, PaymentStatus.REFUNDED)
            return self.registration.amount_cents if paid else 0
        if self.payment is not None and self.payment.status in (
            PaymentState.PAID,
            PaymentState.REFUNDED,
        ):
            return self.payment.amount_cents
        return 0

    @property
    def refunded_cents(self) -> int:
        if self.is_offline:
            refunded = self.registration.payment_status == PaymentStatus.REFUNDED
            return self.registration.amount_cents if refunded else 0
        return self.payment.refunded_cents if self.payment is not None else 0

    @property
    def due_cents(self) -> int:
        """A purchase order or invoice not yet paid, including one whose seat was given
        up after the refund deadline (its fee stays due); never one still on the waitlist
        (nothing is owed for a seat nobody has had yet)."""
        waiting = self.registration.status == RegistrationStatus.WAITLISTED
        is_due = self.payment_status == PaymentStatus.DUE and not waiting
        return self.registration.amount_cents if is_due else 0

    @property
    def office_refund_cents(self) -> int:
        """A paid purchase order or invoice the network office must give back."""
        owed = office_refund_owed(self.registration)
        return self.registration.amount_cents if owed else 0

    @property
    def payment_status(self) -> PaymentStatus:
        """The registration's payment status; a purchase order or invoice given up in time
        that the sweep has not closed yet already reads as not due."""
        status = self.registration.payment_status
        if status == PaymentStatus.DUE and fee_waived(self.registration):
            return PaymentStatus.NOT_DUE
        return status

    @property
    def is_due_once_seated(self) -> bool:
        """A purchase order or invoice still on the waitlist: it owes nothing yet (as
        `due_cents` says), shown as such instead of its payment status."""
        return (
            self.payment_status == PaymentStatus.DUE
            and self.registration.status == RegistrationStatus.WAITLISTED
        )


@dataclass(frozen=True)
class PaymentReport:
    rows: list[PaymentRow]

    @property
    def paid_cents(self) -> int:
        return sum(row.paid_cents for row in self.rows)

    @property
    def refunded_cents(self) -> int:
        return sum(row.refunded_cents for row in self.rows)

    @property
    def due_cents(self) -> int:
        return sum(row.due_cents for row in self.rows)

    @property
    def office_refund_cents(self) -> int:
        return sum(row.office_refund_cents for row in self.rows)

    @property
    def outstanding(self) -> list[PaymentRow]:
        return [row for row in self.rows if row.due_cents]

    @property
    def office_refunds(self) -> list[PaymentRow]:
        """Paid purchase orders and invoices of seats given up, to refund by hand."""
        return [row for row in self.rows if row.office_refund_cents]


def report(*, workshop: Workshop | None = None, network: Network | None = None) -> PaymentReport:
    """Every registration that involves money (card, PO, sponsored), oldest first."""
    query = (
        select(Registration)
        .join(Workshop, Workshop.id == Registration.workshop_id)
        .where(Registration.payment_method != PaymentMethod.NONE)
        .options(selectinload(Registration.user), selectinload(Registration.workshop))
        .order_by(Workshop.starts_at, Registration.created_at, Registration.id)
    )
    if workshop is not None:
        query = query.where(Registration.workshop_id == workshop.id)
    else:
        query = query.where(Workshop.network_id == network.id)
    registrations = db.session.scalars(query).all()
    latest = latest_payments([r.id for r in registrations])
    return PaymentReport([PaymentRow(r, latest.get(r.id)) for r in registrations])


def latest_payments(registration_ids: Iterable[int]) -> dict[int, Payment]:
    """Each registration's latest card payment, paid ones first (as `payments.payment_for`),
    in one query for them all."""
    ids = list(registration_ids)
    latest: dict[int, Payment] = {}
    if not ids:
        return latest
    for payment in db.session.scalars(
        select(Payment).where(Payment.registration_id.in_(ids)).order_by(Payment.id)
    ):
        current = latest.get(payment.registration_id)
        if current is None or _rank(payment) >= _rank(current):
            latest[payment.registration_id] = payment
    return latest


def _rank(payment: Payment) -> int:
    return 1 if payment.status in (PaymentState.PAID, PaymentState.REFUNDED) else 0


class OfflineRecord(enum.StrEnum):
    """What an admin's record of money moving outside the portal did."""

    MARKED_PAID = "marked_paid"
    ALREADY_PAID = "already_paid"
    MARKED_REFUNDED = "marked_refunded"
    ALREADY_REFUNDED = "already_refunded"


def mark_po_paid(registration: Registration, actor: User) -> OfflineRecord:
    """An admin records that a district paid its purchase order (or a walk-in paid)."""
    if registration.payment_method not in OFFLINE_PAYMENT_METHODS:
        raise PaymentError(PaymentFailure.NOT_OFFLINE, registration)
    if registration.payment_status == PaymentStatus.PAID:
        return OfflineRecord.ALREADY_PAID
    if registration.status == RegistrationStatus.CANCELLED and (
        registration.payment_status != PaymentStatus.DUE or fee_waived(registration)
    ):
        raise PaymentError(PaymentFailure.NOTHING_DUE, registration)
    registration.payment_status = PaymentStatus.PAID
    _tell_educator(registration, "payment_offline_received")
    db.session.commit()
    current_app.logger.info(
        "Offline payment of registration %s marked paid by user %s", registration.id, actor.id
    )
    return OfflineRecord.MARKED_PAID


def mark_office_refunded(registration: Registration, actor: User) -> OfflineRecord:
    """An admin records that the network office gave back a paid purchase order or invoice
    of a cancelled seat."""
    if registration.payment_method not in OFFLINE_PAYMENT_METHODS:
        raise PaymentError(PaymentFailure.NOT_OFFLINE_REFUND, registration)
    if registration.payment_status == PaymentStatus.REFUNDED:
        return OfflineRecord.ALREADY_REFUNDED
    if not office_refund_owed(registration):
        raise PaymentError(PaymentFailure.NO_REFUND_OWED, registration)
    registration.payment_status = PaymentStatus.REFUNDED
    _tell_educator(registration, "payment_offline_refunded")
    db.session.commit()
    current_app.logger.info(
        "Offline payment of registration %s marked refunded by user %s", registration.id, actor.id
    )
    return OfflineRecord.MARKED_REFUNDED


def _tell_educator(registration: Registration, template: str) -> None:
    """Email the educator what the admin recorded, in the same transaction (caller commits)."""
    queue_templated_email(
        registration.user.email,
        template,
        language=registration.user.preferred_language,
        user=registration.user,
        workshop=registration.workshop,
        registration=registration,
        workshop_url=external_url("catalog.detail", slug=registration.workshop.slug),
        catalog_url=external_url("catalog.workshops"),
    )
