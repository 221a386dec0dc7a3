"""The audit log: role changes, deactivations, closures and second-factor changes, written
in the same transaction as the change they record, read and exported by site admins."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, or_, select

from pdportal.extensions import db
from pdportal.models import AuditAction, AuditEntry, User

AUDIT_PAGE_SIZE = 50


def _label(user: User) -> str:
    return f"{user.name} <{user.email}>"


def record(
    action: AuditAction, *, actor: User | None, subject: User | None = None, target: str = ""
) -> AuditEntry:
    """Add an entry to the caller's transaction (the caller commits with its change)."""
    entry = AuditEntry(
        action=action,
        actor_id=actor.id if actor else None,
        actor_label=_label(actor) if actor else "",
        subject_id=subject.id if subject else None,
        subject_label=_label(subject) if subject else "",
        target=target[:260],
    )
    db.session.add(entry)
    return entry


@dataclass(frozen=True)
class AuditFilter:
    action: AuditAction | None = None
    person: str = ""  # part of a name or email, of whoever did it or had it done to them


def _query(audit_filter: AuditFilter) -> Select[tuple[AuditEntry]]:
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if audit_filter.action is not None:
        query = query.where(AuditEntry.action == audit_filter.action)
    if audit_filter.person:
        person = audit_filter.person
        query = query.where(
            or_(
                AuditEntry.actor_label.icontains(person, autoescape=True),
                AuditEntry.subject_label.icontains(person, autoescape=True),
                AuditEntry.target.icontains(person, autoescape=True),
            )
        )
    return query


def audit_page(audit_filter: AuditFilter, page: int) -> Pagination:
    return db.paginate(_query(audit_filter), page=page, per_page=AUDIT_PAGE_SIZE, error_out=False)


def audit_entries(audit_filter: AuditFilter) -> Iterator[AuditEntry]:
    """Every matching entry, newest first, streamed (for the CSV export)."""
    yield from db.session.scalars(_query(audit_filter).execution_options(yield_per=500))
