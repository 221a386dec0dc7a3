"""Supervisor approval: a workshop may need a supervisor's yes for each registration.

The educator names their supervisor; the seat is held (a HELD registration whose expiry
is the approval's deadline) and the supervisor gets a signed one-click link. Approval
confirms the seat; a decline, or no answer by the deadline, releases it and fills it
from the waitlist in the same locked transaction (invariant 3), and everyone is told.
A waitlisted educator's approval runs alongside: promoted before it, their seat is held
until the same deadline.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from pdportal.extensions import db
from pdportal.models import (
    ApprovalStatus,
    Registration,
    RegistrationStatus,
    SupervisorApproval,
    User,
    Workshop,
)
from pdportal.orm import utcnow
from pdportal.services.common.counts import counted
from pdportal.services.common.urls import external_url
from pdportal.services.mail.outbox import queue_templated_email
from pdportal.services.registration import booking, notices, questions, waitlist
from pdportal.services.registration.outcomes import (
    RegistrationResult,
    SystemReason,
)

SWEEP_BATCH = 500


class Answer(enum.StrEnum):
    APPROVED = "approved"
    DECLINED = "declined"
    ALREADY_ANSWERED = "already_answered"
    EXPIRED = "expired"  # past its deadline: the seat was released


@dataclass(frozen=True)
class ApprovalView:
    """What the supervisor's page shows: only what they need to answer."""

    approval: SupervisorApproval
    educator_name: str
    workshop: Workshop


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="pdportal.supervisor-approval")


def _link(approval: SupervisorApproval) -> str:
    token = _serializer().dumps({"approval": approval.id, "to": approval.supervisor_email})
    return external_url("districts.approval", token=token)


def register_with_approval(
    user: User, workshop: Workshop, supervisor_email: str, answers: dict[int, Any] | None = None
) -> RegistrationResult:
    """Hold a seat (or a waitlist place) until the supervisor answers or the deadline;
    `answers` to the workshop's questions are kept with it."""
    booking.refuse_free_only(workshop)
    now = utcnow()
    booking.check_open(workshop, now)
    deadline = now + timedelta(days=workshop.approval_days)
    if workshop.starts_at is not None:
        deadline = min(deadline, workshop.starts_at)
    supervisor_email = supervisor_email.strip().lower()
    educator_name = user.name

    def request(registration: Registration) -> None:
        questions.save_answers(registration, answers or {})
        approval = SupervisorApproval(
            registration_id=registration.id,
            supervisor_email=supervisor_email,
            expires_at=registration.hold_expires_at or deadline,
        )
        db.session.add(approval)
        db.session.flush()
        queue_templated_email(
            supervisor_email,
            "supervisor_approval_request",
            language=user.preferred_language,
            educator_name=educator_name,
            workshop_title=workshop.title,
            expires_at=approval.expires_at,
            time_zone=workshop.network.time_zone,
            answer_url=_link(approval),
        )
        if registration.status == RegistrationStatus.HELD:
            notices.awaiting_approval(registration, workshop, approval.expires_at)

    return booking.decide_seat(user, workshop.id, {}, deadline - now, then=request)


def for_token(token: str) -> ApprovalView | None:
    """The approval a link names, or None when the link is not one of ours."""
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    approval = db.session.get(SupervisorApproval, data.get("approval"))
    if approval is None or approval.supervisor_email != data.get("to"):
        return None
    registration = approval.registration
    return ApprovalView(approval, registration.user.name, registration.workshop)


def answer(approval_id: int, approve: bool, substitute_needed: bool) -> Answer:
    """The supervisor's one click, decided under the workshop lock."""
    registration_id = db.session.scalar(
        select(SupervisorApproval.registration_id).where(SupervisorApproval.id == approval_id)
    )
    loaded = waitlist.load_locked(registration_id)
    if loaded is None:
        db.session.rollback()
        return Answer.ALREADY_ANSWERED
    registration, workshop = loaded
    approval = _reload(approval_id)
    now = utcnow()
    if approval.status != ApprovalStatus.PENDING:
        db.session.rollback()
        return Answer.ALREADY_ANSWERED
    if approval.expires_at <= now:
        _expire(approval, registration, workshop, now)
        db.session.commit()
        return Answer.EXPIRED
    approval.decided_at = now
    approval.substitute_needed = substitute_needed
    if approve:
        approval.status = ApprovalStatus.APPROVED
        if registration.status == RegistrationStatus.HELD:
            registration.status = RegistrationStatus.CONFIRMED
            registration.confirmed_at = now
            registration.hold_expires_at = None
            notices.confirmed(registration, workshop)
        db.session.commit()
        return Answer.APPROVED
    approval.status = ApprovalStatus.DECLINED
    _end(registration, workshop, SystemReason.APPROVAL_DECLINED, now)
    db.session.commit()
    return Answer.DECLINED


def _reload(approval_id: int) -> SupervisorApproval:
    return db.session.scalar(
        select(SupervisorApproval)
        .where(SupervisorApproval.id == approval_id)
        .execution_options(populate_existing=True)
    )


def _end(registration: Registration, workshop: Workshop, reason: str, now: datetime) -> None:
    """Cancel the registration (if still active), fill a freed seat, tell the educator."""
    if not registration.is_active:
        return
    booking.release(registration, workshop, reason, now)
    notices.cancelled(registration, workshop, reason, by_educator=False)


def _expire(
    approval: SupervisorApproval, registration: Registration, workshop: Workshop, now: datetime
) -> None:
    approval.status = ApprovalStatus.EXPIRED
    approval.decided_at = now
    _end(registration, workshop, SystemReason.APPROVAL_EXPIRED, now)
    queue_templated_email(
        approval.supervisor_email,
        "supervisor_approval_expired",
        language=registration.user.preferred_language,
        educator_name=registration.user.name,
        workshop_title=workshop.title,
    )


def expire_approvals(now: datetime) -> str:
    """Sweep step: approvals past their deadline release their seats to the waitlist
    (the payment holds' step leaves seats held for a supervisor alone).
    Each is re-checked under its workshop lock, so several sweepers may run at once."""
    due = db.session.scalars(
        select(SupervisorApproval.id)
        .where(
            SupervisorApproval.status == ApprovalStatus.PENDING,
            SupervisorApproval.expires_at <= now,
        )
        .order_by(SupervisorApproval.id)
        .limit(SWEEP_BATCH)
    ).all()
    db.session.rollback()
    expired = sum(1 for approval_id in due if _expire_one(approval_id, now))
    return f"approvals: {counted(expired, 'approval')} expired"


def _expire_one(approval_id: int, now: datetime) -> bool:
    """Expire one approval under the workshop lock; False if it was answered meanwhile."""
    registration_id = db.session.scalar(
        select(SupervisorApproval.registration_id).where(SupervisorApproval.id == approval_id)
    )
    registration, workshop = waitlist.load_locked(registration_id)
    approval = _reload(approval_id)
    if approval.status != ApprovalStatus.PENDING:
        db.session.rollback()
        return False
    _expire(approval, registration, workshop, now)
    db.session.commit()
    return True
