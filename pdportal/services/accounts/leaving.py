"""Leaving and data access: everything held about a person, as data (the views write it
as JSON and CSV), and closing an account.

Closing erases or anonymises the personal data (name, addresses, profile, demographics,
sessions, second factor, mail sent to them) and keeps what the clock-hour rules require a
provider to keep for seven years: registrations, attendance and certificates as issued
(each certificate keeps the name and licence number printed on it, and still verifies).
"""

from __future__ import annotations

import enum
import secrets
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from werkzeug.security import check_password_hash

from pdportal.extensions import db
from pdportal.models import (
    ACTIVE_STATUSES,
    Attendance,
    AuditAction,
    AuditEntry,
    Certificate,
    EvaluationInvitation,
    EvaluationSubmission,
    Network,
    NetworkAdmin,
    OutboxMessage,
    Payment,
    Registration,
    SignInSession,
    TwoStepCredential,
    User,
    UserEmail,
    Workshop,
    WorkshopSession,
)
from pdportal.orm import utcnow
from pdportal.services.accounts.audit import record
from pdportal.services.accounts.users import hash_password
from pdportal.services.mail.outbox import queue_templated_email

CLOSED_NAME = "Closed account"  # stored English, like other texts the portal writes


def _value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _rows(statement, fields: list[str]) -> list[dict[str, Any]]:
    return [
        {field: _value(value) for field, value in zip(fields, row, strict=True)}
        for row in db.session.execute(statement)
    ]


def personal_data(user: User) -> dict[str, Any]:
    """Everything pdportal holds about `user`, by section (keys are stable, in English)."""
    account = {
        field: _value(getattr(user, field))
        for field in (
            "name",
            "email",
            "email_verified_at",
            "preferred_language",
            "is_site_admin",
            "created_at",
            "deactivated_at",
        )
    }
    account["other_emails"] = list(
        db.session.scalars(select(UserEmail.email).where(UserEmail.user_id == user.id))
    )
    two_step = db.session.get(TwoStepCredential, user.id)
    account["two_step_sign_in_since"] = _value(two_step.enabled_at) if two_step else None
    profile = {
        field: _value(getattr(user, field))
        for field in (
            "educator_type",
            "school",
            "district",
            "grade_bands",
            "subjects",
            "licence_number",
        )
    }
    demographics = {
        field: _value(getattr(user, field))
        for field in ("race_ethnicity", "race_ethnicity_self_described", "gender", "home_language")
    }
    registration_fields = [
        "workshop",
        "status",
        "registered_at",
        "confirmed_at",
        "cancelled_at",
        "cancel_reason",
        "payment_method",
        "payment_status",
        "amount_cents",
        "po_district",
        "po_number",
    ]
    return {
        "account": account,
        "profile": profile,
        "demographics": demographics,
        "sessions": _rows(
            select(
                SignInSession.created_at,
                SignInSession.last_seen_at,
                SignInSession.user_agent,
                SignInSession.address,
            ).where(SignInSession.user_id == user.id),
            ["signed_in_at", "last_used_at", "browser", "address"],
        ),
        "network_admin_of": list(
            db.session.scalars(
                select(Network.name)
                .join(NetworkAdmin, NetworkAdmin.network_id == Network.id)
                .where(NetworkAdmin.user_id == user.id)
            )
        ),
        "registrations": _rows(
            select(
                Workshop.title,
                Registration.status,
                Registration.created_at,
                Registration.confirmed_at,
                Registration.cancelled_at,
                Registration.cancel_reason,
                Registration.payment_method,
                Registration.payment_status,
                Registration.amount_cents,
                Registration.po_district,
                Registration.po_number,
            )
            .join(Workshop, Workshop.id == Registration.workshop_id)
            .where(Registration.user_id == user.id)
            .order_by(Registration.created_at),
            registration_fields,
        ),
        "attendance": _rows(
            select(
                Workshop.title,
                WorkshopSession.starts_at,
                Attendance.status,
                Attendance.minutes_attended,
                Attendance.marked_at,
            )
            .join(Registration, Registration.id == Attendance.registration_id)
            .join(WorkshopSession, WorkshopSession.id == Attendance.session_id)
            .join(Workshop, Workshop.id == Registration.workshop_id)
            .where(Registration.user_id == user.id)
            .order_by(WorkshopSession.starts_at),
            ["workshop", "session_starts_at", "status", "minutes_attended", "marked_at"],
        ),
        "certificates": _rows(
            select(
                Certificate.number,
                Certificate.workshop_title,
                Certificate.educator_name,
                Certificate.credited_hours,
                Certificate.credit_type,
                Certificate.status,
                Certificate.issued_at,
                Certificate.revoked_at,
                Certificate.verification_code,
            )
            .where(Certificate.user_id == user.id)
            .order_by(Certificate.issued_at),
            [
                "number",
                "workshop",
                "name_on_certificate",
                "credited_hours",
                "credit_type",
                "status",
                "issued_at",
                "revoked_at",
                "verification_code",
            ],
        ),
        "payments": _rows(
            select(
                Workshop.title,
                Payment.amount_cents,
                Payment.currency,
                Payment.status,
                Payment.refunded_cents,
                Payment.paid_at,
            )
            .join(Registration, Registration.id == Payment.registration_id)
            .join(Workshop, Workshop.id == Registration.workshop_id)
            .where(Registration.user_id == user.id)
            .order_by(Payment.created_at),
            ["workshop", "amount_cents", "currency", "status", "refunded_cents", "paid_at"],
        ),
        "evaluations_submitted": _rows(
            select(Workshop.title, EvaluationSubmission.submitted_on)
            .join(Workshop, Workshop.id == EvaluationSubmission.workshop_id)
            .where(EvaluationSubmission.user_id == user.id),
            ["workshop", "submitted_at"],
        ),
        "account_history": _rows(
            select(AuditEntry.at, AuditEntry.action, AuditEntry.actor_label, AuditEntry.target)
            .where(AuditEntry.subject_id == user.id)
            .order_by(AuditEntry.at),
            ["at", "what", "by", "on_what"],
        ),
    }


def personal_data_rows(user: User) -> list[list[Any]]:
    """The same data as rows for one CSV: section, item number, field, value."""
    rows: list[list[Any]] = []
    for section, content in personal_data(user).items():
        items = content if isinstance(content, list) else [content]
        for number, item in enumerate(items, start=1):
            if isinstance(item, dict):
                for field, value in item.items():
                    rows.append([section, number, field, _flat(value)])
            else:
                rows.append([section, number, "", _flat(item)])
    return rows


def _flat(value: Any) -> Any:
    return "; ".join(str(part) for part in value) if isinstance(value, list) else value


# --- closing ------------------------------------------------------------------------------


class CloseProblem(enum.StrEnum):
    WRONG_PASSWORD = enum.auto()
    STAFF = enum.auto()  # site and network admins give up their roles first
    ACTIVE_REGISTRATIONS = enum.auto()  # values: count


class CloseError(Exception):
    def __init__(self, reason: CloseProblem, **values: object) -> None:
        super().__init__(reason)
        self.reason = reason
        self.values = values


@dataclass(frozen=True)
class KeptRecords:
    """What closing keeps, counted for the page that asks first."""

    registrations: int
    certificates: int


def _count(model: type[Registration] | type[Certificate], *conditions: Any) -> int:
    return db.session.scalar(select(func.count(model.id)).where(*conditions)) or 0


def kept_records(user: User) -> KeptRecords:
    return KeptRecords(
        registrations=_count(Registration, Registration.user_id == user.id),
        certificates=_count(Certificate, Certificate.user_id == user.id),
    )


def _active_registrations(user: User) -> int:
    return _count(
        Registration,
        Registration.user_id == user.id,
        Registration.status.in_(ACTIVE_STATUSES),
        Registration.workshop_id.in_(
            select(Workshop.id).where(or_(Workshop.ends_at > utcnow(), Workshop.ends_at.is_(None)))
        ),
    )


def _addresses(user: User) -> list[str]:
    others = db.session.scalars(select(UserEmail.email).where(UserEmail.user_id == user.id))
    return [user.email, *others]


def erase_personal_data(user: User, *, label: str, local_part: str) -> None:
    """Erase who the person is from `user` and end its access (the caller commits); the
    rows that point at it (registrations, certificates, attendance) stay."""
    for model in (UserEmail, SignInSession, TwoStepCredential, EvaluationInvitation):
        db.session.execute(delete(model).where(model.user_id == user.id))
    db.session.execute(
        update(AuditEntry)
        .where(AuditEntry.subject_id == user.id)
        .values(subject_label=label, target="")
    )
    user.name = CLOSED_NAME
    user.email = f"{local_part}-{user.id}@{local_part}.invalid"
    user.password_hash = hash_password(secrets.token_urlsafe(32))  # nobody knows it
    user.calendar_token = secrets.token_urlsafe(24)  # the personal feed stops
    user.email_verified_at = None
    user.educator_type = None
    user.school = user.district = user.licence_number = ""
    user.grade_bands, user.subjects, user.race_ethnicity = [], [], []
    user.race_ethnicity_self_described = user.gender = user.home_language = ""
    now = utcnow()
    user.deactivated_at = now
    user.closed_at = now
    user.current_session = None


def close_account(user: User, current_password: str) -> None:
    if not check_password_hash(user.password_hash, current_password):
        raise CloseError(CloseProblem.WRONG_PASSWORD)
    is_network_admin = db.session.scalar(
        select(NetworkAdmin.id).where(NetworkAdmin.user_id == user.id).limit(1)
    )
    if user.is_site_admin or is_network_admin:
        raise CloseError(CloseProblem.STAFF)
    if active := _active_registrations(user):
        raise CloseError(CloseProblem.ACTIVE_REGISTRATIONS, count=active)
    db.session.execute(delete(OutboxMessage).where(OutboxMessage.to_email.in_(_addresses(user))))
    queue_templated_email(user.email, "account_closed", language=user.preferred_language, user=user)
    erase_personal_data(user, label=f"{CLOSED_NAME} #{user.id}", local_part="closed")
    record(AuditAction.ACCOUNT_CLOSED, actor=None, subject=user)
    db.session.commit()
