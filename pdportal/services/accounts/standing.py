"""Deactivation by a site admin: the account cannot sign in and its sessions end; its
records stay, and a site admin can reactivate it."""

from __future__ import annotations

from pdportal.extensions import db
from pdportal.models import AuditAction, User
from pdportal.orm import utcnow
from pdportal.services.accounts.audit import record
from pdportal.services.accounts.sessions import end_other_sessions


def deactivate(account: User, *, actor: User) -> bool:
    """False if it was already deactivated (nothing recorded twice)."""
    if account.deactivated_at is not None:
        return False
    account.deactivated_at = utcnow()
    end_other_sessions(account, keep_current=False, commit=False)
    record(AuditAction.ACCOUNT_DEACTIVATED, actor=actor, subject=account)
    db.session.commit()
    return True


def reactivate(account: User, *, actor: User) -> bool:
    """False if it is active, or closed by its owner (a closed account stays closed)."""
    if account.deactivated_at is None or account.closed_at is not None:
        return False
    account.deactivated_at = None
    record(AuditAction.ACCOUNT_REACTIVATED, actor=actor, subject=account)
    db.session.commit()
    return True
