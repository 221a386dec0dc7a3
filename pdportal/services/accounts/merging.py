"""Merging a duplicate account into the one kept: registrations (with their attendance and
payments), certificates (numbers and verification links unchanged), evaluations and
facilitator assignments move in one transaction; the duplicate's verified addresses become
addresses of the kept account, and the duplicate's row stays as a tombstone
(`merged_into_id`) with its personal data erased. Conflicts (both registered for the same
workshop, or both holding a valid certificate for it) are shown first and block the merge.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy import Select, delete, func, select, update

from pdportal.extensions import db
from pdportal.models import (
    ACTIVE_STATUSES,
    AuditAction,
    Certificate,
    CertificateStatus,
    EvaluationInvitation,
    EvaluationSubmission,
    NetworkAdmin,
    Registration,
    User,
    UserEmail,
    Workshop,
    WorkshopFacilitator,
)
from pdportal.services.accounts.audit import record
from pdportal.services.accounts.leaving import erase_personal_data


class MergeProblem(enum.StrEnum):
    SAME_ACCOUNT = enum.auto()
    STAFF = enum.auto()  # the duplicate is an admin: remove its roles first
    ALREADY_GONE = enum.auto()  # the duplicate was closed or merged already
    CONFLICTS = enum.auto()


class MergeError(Exception):
    def __init__(self, reason: MergeProblem) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class MergePreview:
    keep: User
    duplicate: User
    registrations: int
    certificates: int
    addresses: list[str]
    conflicts: list[str]  # titles of workshops both accounts hold


def _count(statement: Select) -> int:
    return db.session.scalar(select(func.count()).select_from(statement.subquery())) or 0


def _workshops(model, user: User, *conditions) -> Select:
    return select(model.workshop_id).where(model.user_id == user.id, *conditions)


def _conflicting_titles(keep: User, duplicate: User) -> list[str]:
    active = Registration.status.in_(ACTIVE_STATUSES)
    valid = Certificate.status == CertificateStatus.VALID
    clashes = (
        select(Workshop.title)
        .where(
            Workshop.id.in_(_workshops(Registration, keep, active)),
            Workshop.id.in_(_workshops(Registration, duplicate, active)),
        )
        .union(
            select(Workshop.title).where(
                Workshop.id.in_(_workshops(Certificate, keep, valid)),
                Workshop.id.in_(_workshops(Certificate, duplicate, valid)),
            )
        )
    )
    return sorted(db.session.scalars(clashes))


def _verified_addresses(user: User) -> list[str]:
    others = db.session.scalars(select(UserEmail.email).where(UserEmail.user_id == user.id))
    primary = [user.email] if user.is_email_verified else []
    return [*primary, *others]


def preview(keep: User, duplicate: User) -> MergePreview:
    if keep.id == duplicate.id:
        raise MergeError(MergeProblem.SAME_ACCOUNT)
    if duplicate.closed_at is not None or keep.closed_at is not None:
        raise MergeError(MergeProblem.ALREADY_GONE)
    is_network_admin = db.session.scalar(
        select(NetworkAdmin.id).where(NetworkAdmin.user_id == duplicate.id).limit(1)
    )
    if duplicate.is_site_admin or is_network_admin:
        raise MergeError(MergeProblem.STAFF)
    return MergePreview(
        keep=keep,
        duplicate=duplicate,
        registrations=_count(select(Registration.id).where(Registration.user_id == duplicate.id)),
        certificates=_count(select(Certificate.id).where(Certificate.user_id == duplicate.id)),
        addresses=_verified_addresses(duplicate),
        conflicts=_conflicting_titles(keep, duplicate),
    )


def _move_unless_kept_has(model, keep: User, duplicate: User) -> None:
    """Move rows unique per workshop and user; where the kept account has one, drop the
    duplicate's (an evaluation invitation or facilitator assignment twice says nothing)."""
    db.session.execute(
        delete(model).where(
            model.user_id == duplicate.id, model.workshop_id.in_(_workshops(model, keep))
        )
    )
    db.session.execute(update(model).where(model.user_id == duplicate.id).values(user_id=keep.id))


def merge(keep: User, duplicate: User, *, actor: User) -> MergePreview:
    """Merge `duplicate` into `keep` in one transaction; refused while there are conflicts."""
    plan = preview(keep, duplicate)
    if plan.conflicts:
        raise MergeError(MergeProblem.CONFLICTS)
    for model in (Registration, Certificate):
        db.session.execute(
            update(model).where(model.user_id == duplicate.id).values(user_id=keep.id)
        )
    for model in (EvaluationSubmission, EvaluationInvitation, WorkshopFacilitator):
        _move_unless_kept_has(model, keep, duplicate)
    label = f"{duplicate.name} <{duplicate.email}>"
    erase_personal_data(duplicate, label=f"Merged into #{keep.id}", local_part="merged")
    duplicate.merged_into_id = keep.id
    db.session.flush()  # the duplicate's addresses are free now
    for email in plan.addresses:
        db.session.add(UserEmail(user_id=keep.id, email=email))
    record(AuditAction.ACCOUNT_MERGED, actor=actor, subject=keep, target=label)
    db.session.commit()
    return plan
