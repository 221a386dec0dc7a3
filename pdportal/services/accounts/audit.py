"""The audit log: role changes, deactivations, closures and second-factor changes, written
in the same transaction as the change they record, read and exported by site admins."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, event, inspect, or_, select
from sqlalchemy.orm import Session

from pdportal.extensions import db
from pdportal.models import (
    AuditAction,
    AuditEntry,
    Certificate,
    CertificateStatus,
    PaymentStatus,
    Registration,
    User,
)

AUDIT_PAGE_SIZE = 50


def _label(user: User) -> str:
    return f"{user.name} <{user.email}>"


def _entry(
    action: AuditAction, *, actor: User | None, subject: User | None = None, target: str = ""
) -> AuditEntry:
    return AuditEntry(
        action=action,
        actor_id=actor.id if actor else None,
        actor_label=_label(actor) if actor else "",
        subject_id=subject.id if subject else None,
        subject_label=_label(subject) if subject else "",
        target=target[:260],
    )


def record(
    action: AuditAction, *, actor: User | None, subject: User | None = None, target: str = ""
) -> AuditEntry:
    """Add an entry to the caller's transaction (the caller commits with its change)."""
    entry = _entry(action, actor=actor, subject=subject, target=target)
    db.session.add(entry)
    return entry


# --- changes recorded wherever they are made -----------------------------------------------


def _became(obj: object, attribute: str, value: object) -> bool:
    return value in inspect(obj).attrs[attribute].history.added


PENDING = "pdportal_audit_pending"


def _note_watched_changes(session: Session, _context: object, _instances: object) -> None:
    """Certificate revocations and refunds are made by other domains' services. A flush
    notes them; the commit records them (with the row's final values, e.g. who revoked),
    so the entry is in the same transaction as the change."""
    pending = session.info.setdefault(PENDING, [])
    for obj in session.dirty:
        if isinstance(obj, Certificate) and _became(obj, "status", CertificateStatus.REVOKED):
            pending.append((AuditAction.CERTIFICATE_REVOKED, obj))
        elif isinstance(obj, Registration) and _became(
            obj, "payment_status", PaymentStatus.REFUNDED
        ):
            pending.append((AuditAction.PAYMENT_REFUNDED, obj))


def _record_noted_changes(session: Session) -> None:
    session.flush()  # what this commit writes is noted too
    with session.no_autoflush:
        for action, obj in session.info.pop(PENDING, []):
            if isinstance(obj, Certificate):
                actor = session.get(User, obj.revoked_by_id) if obj.revoked_by_id else None
                target = f"{obj.number} · {obj.workshop_title}"
            else:
                actor, target = None, f"{obj.workshop.title} · {obj.amount_cents / 100:.2f}"
            session.add(_entry(action, actor=actor, subject=obj.user, target=target))


def _forget_noted_changes(session: Session, *_args: object) -> None:
    session.info.pop(PENDING, None)


def watch_recorded_changes() -> None:
    """Install the watcher once (the app factory calls this)."""
    if not event.contains(Session, "before_flush", _note_watched_changes):
        event.listen(Session, "before_flush", _note_watched_changes)
        event.listen(Session, "before_commit", _record_noted_changes)
        event.listen(Session, "after_soft_rollback", _forget_noted_changes)


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
