"""Read-side of registration: an educator's own list, a workshop's roster, and messages
from organisers to a workshop's registrants. Rows are values; the page and the CSV (the
view's) choose the words."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from pdportal.extensions import db
from pdportal.models import (
    ATTENDED_STATUSES,
    Attendance,
    Certificate,
    EvaluationSubmission,
    MessageAudience,
    Payment,
    PaymentMethod,
    PaymentStatus,
    Registration,
    RegistrationStatus,
    SupervisorApproval,
    User,
    Workshop,
    WorkshopMessage,
    WorkshopStatus,
)
from pdportal.orm import utcnow
from pdportal.services import attendance, certificates, payments
from pdportal.services import registration as registration_service
from pdportal.services.certificates import evaluations
from pdportal.services.payments import reports as payment_reports
from pdportal.services.registration import notices, waitlist
from pdportal.services.registration.outcomes import Refusal, RegistrationError

AUDIENCE_STATUSES = {
    MessageAudience.CONFIRMED: (RegistrationStatus.CONFIRMED,),
    MessageAudience.WAITLISTED: (RegistrationStatus.WAITLISTED,),
    MessageAudience.ALL: (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED),
}


@dataclass(frozen=True)
class PastWorkshop:
    """What became of a past workshop for the educator: attendance, certificate, evaluation."""

    sessions_attended: int
    sessions_scheduled: int
    is_recorded: bool  # any attendance taken for them yet
    certificate: Certificate | None  # the valid one, if issued
    certificate_reason: str  # why they may not have one ("" when eligible)
    evaluation_pending: bool


@dataclass
class EducatorRegistrations:
    upcoming: list[Registration] = field(default_factory=list)
    waitlisted: list[Registration] = field(default_factory=list)
    past: list[Registration] = field(default_factory=list)
    cancelled: list[Registration] = field(default_factory=list)
    positions: dict[int, int] = field(default_factory=dict)  # registration id → place
    outcomes: dict[int, PastWorkshop] = field(default_factory=dict)  # registration id → …
    refunds_owed: set[int] = field(default_factory=set)  # ids the network office must refund


def for_educator(user: User, now: datetime | None = None) -> EducatorRegistrations:
    """The educator's registrations, grouped as /me/registrations shows them."""
    now = now or utcnow()
    registrations = db.session.scalars(
        select(Registration)
        .where(Registration.user_id == user.id)
        .options(
            selectinload(Registration.workshop).selectinload(Workshop.network),
            selectinload(Registration.workshop).selectinload(Workshop.sessions),
        )
        .order_by(Registration.created_at.desc())
    ).all()
    lists = EducatorRegistrations()
    active = {r.workshop_id for r in registrations if r.is_active}
    latest_cancelled: dict[int, Registration] = {}
    unsettled: list[Registration] = []  # money still to settle: shown whatever else
    for registration in registrations:
        if registration.status == RegistrationStatus.CANCELLED:
            if payments.office_refund_owed(registration):
                lists.refunds_owed.add(registration.id)
            if _money_to_settle(registration):
                unsettled.append(registration)
            if registration.workshop_id not in active:
                shown = latest_cancelled.get(registration.workshop_id)
                if shown is None or _cancelled_order(registration) > _cancelled_order(shown):
                    latest_cancelled[registration.workshop_id] = registration
    shown_ids = {r.id for r in unsettled} | {r.id for r in latest_cancelled.values()}
    # newest registration first, as queried
    lists.cancelled = [r for r in registrations if r.id in shown_ids]
    for registration in registrations:
        workshop = registration.workshop
        over = workshop.status == WorkshopStatus.COMPLETED or (
            workshop.ends_at is not None and workshop.ends_at <= now
        )
        if registration.status == RegistrationStatus.CANCELLED:
            continue
        if over:
            if registration.status == RegistrationStatus.CONFIRMED:
                lists.past.append(registration)
        elif registration.status == RegistrationStatus.WAITLISTED:
            lists.waitlisted.append(registration)
        else:
            lists.upcoming.append(registration)
    lists.upcoming.sort(key=lambda r: r.workshop.starts_at or now)
    lists.positions = waitlist.waitlist_positions(sorted({r.workshop_id for r in lists.waitlisted}))
    lists.outcomes = _past_outcomes(user, lists.past, now)
    return lists


def _money_to_settle(cancelled: Registration) -> bool:
    """A cancelled registration whose purchase order or invoice is still owed, either way:
    a refund the network office owes, or a fee still due (given up too late)."""
    if payments.office_refund_owed(cancelled):
        return True
    return cancelled.payment_status == PaymentStatus.DUE and not payments.fee_waived(cancelled)


def _cancelled_order(registration: Registration) -> tuple[datetime, int]:
    """Which of a workshop's cancelled registrations is the latest."""
    return (registration.cancelled_at or registration.created_at, registration.id)


def _past_outcomes(user: User, past: list[Registration], now: datetime) -> dict[int, PastWorkshop]:
    """Attendance, certificate and evaluation of each past workshop: four queries in all."""
    if not past:
        return {}
    registration_ids = [r.id for r in past]
    workshop_ids = [r.workshop_id for r in past]
    lengths = {
        session.id: session.duration_minutes
        for registration in past
        for session in registration.workshop.sessions
        if not session.is_cancelled
    }
    # (marks recorded, sessions attended, minutes counted) per registration; no session
    # counts for more than its scheduled length, as for certificates.
    marks: dict[int, tuple[int, int, int]] = {}
    for registration_id, session_id, status, minutes in db.session.execute(
        select(
            Attendance.registration_id,
            Attendance.session_id,
            Attendance.status,
            Attendance.minutes_attended,
        ).where(
            Attendance.registration_id.in_(registration_ids),
            Attendance.session_id.in_(list(lengths)),
        )
    ):
        recorded, attended, counted = marks.get(registration_id, (0, 0, 0))
        if status in ATTENDED_STATUSES:
            attended += 1
            counted += min(int(minutes or 0), lengths[session_id])
        marks[registration_id] = (recorded + 1, attended, counted)
    evaluated = set(
        db.session.scalars(
            select(EvaluationSubmission.workshop_id).where(
                EvaluationSubmission.user_id == user.id,
                EvaluationSubmission.workshop_id.in_(workshop_ids),
            )
        )
    )
    latest: dict[int, Certificate] = {
        certificate.workshop_id: certificate  # ordered, so the newest is kept
        for certificate in db.session.scalars(
            select(Certificate)
            .where(Certificate.user_id == user.id, Certificate.workshop_id.in_(workshop_ids))
            .order_by(Certificate.issued_at, Certificate.id)
        )
    }
    pending = {workshop.id for workshop in evaluations.pending_for(user, now)}
    outcomes = {}
    for registration in past:
        workshop = registration.workshop
        recorded, sessions_attended, minutes = marks.get(registration.id, (0, 0, 0))
        certificate = latest.get(workshop.id)
        outcomes[registration.id] = PastWorkshop(
            sessions_attended=sessions_attended,
            sessions_scheduled=sum(1 for s in workshop.sessions if not s.is_cancelled),
            is_recorded=recorded > 0,
            certificate=certificate if certificate is not None and certificate.is_valid else None,
            certificate_reason=certificates.ineligibility_reason(
                workshop,
                minutes,
                attendance.scheduled_minutes(workshop),
                workshop.id in evaluated,
                certificate,
            ),
            evaluation_pending=workshop.id in pending,
        )
    return outcomes


@dataclass(frozen=True)
class RosterRow:
    registration: Registration
    position: int | None
    payment: Payment | None = None  # the latest card payment (for a link to Stripe)
    answers: dict[int, Any] = field(default_factory=dict)  # question id → answer
    approval: SupervisorApproval | None = None

    @property
    def payment_row(self) -> payment_reports.PaymentRow:
        """The row as the payments report sees it (a waitlisted purchase order owes nothing
        yet): the roster shows its payment status the same way."""
        return payment_reports.PaymentRow(self.registration, self.payment)


STATUS_ORDER = {
    RegistrationStatus.CONFIRMED: 0,
    RegistrationStatus.HELD: 1,
    RegistrationStatus.WAITLISTED: 2,
    RegistrationStatus.CANCELLED: 3,
}


def roster(workshop: Workshop) -> list[RosterRow]:
    """Every registration of the workshop: seats first, then the waitlist in order, each
    with its card payment, its answers and its supervisor's approval (one query each for
    all of them). For the workshop's staff only: answers may hold access needs."""
    registrations = db.session.scalars(
        select(Registration)
        .where(Registration.workshop_id == workshop.id)
        .options(selectinload(Registration.user), selectinload(Registration.cancelled_by))
        .order_by(Registration.created_at, Registration.id)
    ).all()
    positions = waitlist.waitlist_positions([workshop.id])
    card_payments = payment_reports.latest_payments(
        r.id for r in registrations if r.payment_method == PaymentMethod.CARD
    )
    ids = [r.id for r in registrations]
    answers = registration_service.answers_for(ids)
    approvals = {
        approval.registration_id: approval
        for approval in db.session.scalars(
            select(SupervisorApproval).where(SupervisorApproval.registration_id.in_(ids))
        )
    }
    rows = [
        RosterRow(
            r,
            positions.get(r.id),
            card_payments.get(r.id),
            answers.get(r.id, {}),
            approvals.get(r.id),
        )
        for r in registrations
    ]
    rows.sort(key=lambda row: STATUS_ORDER[row.registration.status])
    return rows


def _recipients(workshop: Workshop, audience: MessageAudience) -> Select[tuple[Registration]]:
    return select(Registration).where(
        Registration.workshop_id == workshop.id,
        Registration.status.in_(AUDIENCE_STATUSES[audience]),
    )


def recipient_count(workshop: Workshop, audience: MessageAudience) -> int:
    """How many people `send_message` would email."""
    return (
        db.session.scalar(
            select(func.count()).select_from(_recipients(workshop, audience).subquery())
        )
        or 0
    )


def send_message(
    workshop: Workshop, sender: User, subject: str, body: str, audience: MessageAudience
) -> WorkshopMessage:
    """Email the chosen registrants (one email each) and keep the message on record."""
    recipients = db.session.scalars(
        _recipients(workshop, audience)
        .options(selectinload(Registration.user))
        .order_by(Registration.id)
    ).all()
    if not recipients:
        raise RegistrationError(Refusal.NOBODY_TO_MESSAGE)
    for registration in recipients:
        notices.organiser_message(registration, workshop, subject, body, sender.name)
    message = WorkshopMessage(
        workshop_id=workshop.id,
        sender_id=sender.id,
        subject=subject,
        body=body,
        audience=audience,
        recipient_count=len(recipients),
    )
    db.session.add(message)
    db.session.commit()
    return message


def messages(workshop: Workshop) -> list[WorkshopMessage]:
    return list(
        db.session.scalars(
            select(WorkshopMessage)
            .where(WorkshopMessage.workshop_id == workshop.id)
            .options(selectinload(WorkshopMessage.sender))
            .order_by(WorkshopMessage.sent_at.desc(), WorkshopMessage.id.desc())
        )
    )
