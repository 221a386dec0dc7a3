"""An account's email addresses: a primary one (`User.email`, where mail goes) and other
verified ones, any of which signs in.

A new address is verified before it is stored: its link carries it, signed. Making another
address primary tells the old one, with a link that undoes the change for a week (the old
address becomes primary again, the new one leaves the account and every session ends), and
ends the account's other sessions.
"""

from __future__ import annotations

from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select
from werkzeug.security import check_password_hash

from pdportal.extensions import db
from pdportal.models import AuditAction, User, UserEmail
from pdportal.orm import utcnow
from pdportal.services.accounts.audit import record
from pdportal.services.accounts.sessions import end_other_sessions
from pdportal.services.accounts.users import (
    VERIFY_TOKEN_MAX_AGE,
    AccountError,
    AccountProblem,
    _load_token,
    _serializer,
    find_user_by_email,
)
from pdportal.services.common.urls import external_url
from pdportal.services.mail.outbox import queue_templated_email

UNDO_MAX_AGE = 7 * 24 * 60 * 60  # seconds: the old address can undo a change for a week
MAX_EXTRA_EMAILS = 5


@dataclass(frozen=True)
class EmailAddress:
    id: int | None  # None for the primary address
    email: str
    is_primary: bool


def addresses(user: User) -> list[EmailAddress]:
    """The primary address first, then the others alphabetically."""
    others = db.session.scalars(
        select(UserEmail).where(UserEmail.user_id == user.id).order_by(UserEmail.email)
    )
    return [EmailAddress(None, user.email, True)] + [
        EmailAddress(row.id, row.email, False) for row in others
    ]


def request_new_address(
    user: User, email: str, current_password: str, *, make_primary: bool
) -> str:
    """Email a verification link to a new address (the normalised address is returned).

    Whether the address belongs to someone else is not told here (the link says so to
    whoever reads that inbox), so this cannot be used to find accounts."""
    if not check_password_hash(user.password_hash, current_password):
        raise AccountError(AccountProblem.WRONG_CURRENT_PASSWORD, field="current_password")
    try:
        email = validate_email(email, check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise AccountError(
            AccountProblem.NOT_AN_EMAIL, field="email", email=email, detail=str(error)
        ) from error
    if any(address.email == email for address in addresses(user)):
        raise AccountError(AccountProblem.EMAIL_ALREADY_YOURS, field="email", email=email)
    if len(addresses(user)) > MAX_EXTRA_EMAILS:
        raise AccountError(AccountProblem.TOO_MANY_EMAILS, field="email")
    token = _serializer("add-email").dumps(
        {"user": user.id, "email": email, "primary": bool(make_primary)}
    )
    queue_templated_email(
        email,
        "account_email_verify",
        language=user.preferred_language,
        user=user,
        email=email,
        verify_url=external_url("account.verify_email", token=token),
        valid_days=VERIFY_TOKEN_MAX_AGE // (24 * 60 * 60),
    )
    db.session.commit()
    return email


@dataclass(frozen=True)
class PendingAddress:
    user: User
    email: str
    make_primary: bool


def pending_address(token: str) -> PendingAddress:
    data = _load_token("add-email", token, VERIFY_TOKEN_MAX_AGE)
    user = db.session.get(User, data.get("user"))
    email = data.get("email")
    if user is None or not isinstance(email, str) or not user.is_active:
        raise AccountError(AccountProblem.LINK_INVALID)
    return PendingAddress(user, email, bool(data.get("primary")))


def verify_new_address(token: str) -> PendingAddress:
    """Add the address in the link to its account (and make it primary if asked)."""
    pending = pending_address(token)
    user, email = pending.user, pending.email
    if any(address.email == email for address in addresses(user)):
        return pending  # following the link twice is harmless
    if find_user_by_email(email) is not None:
        raise AccountError(AccountProblem.EMAIL_TAKEN, field="email", email=email)
    row = UserEmail(user_id=user.id, email=email)
    db.session.add(row)
    db.session.flush()
    if pending.make_primary:
        _make_primary(user, row)
    db.session.commit()
    return pending


def make_primary(user: User, address_id: int) -> str:
    """Make one of the account's verified addresses primary; returns the new address."""
    row = _own_address(user, address_id)
    email = row.email
    _make_primary(user, row)
    db.session.commit()
    return email


def _own_address(user: User, address_id: int) -> UserEmail:
    row = db.session.get(UserEmail, address_id)
    if row is None or row.user_id != user.id:
        raise AccountError(AccountProblem.NOT_YOUR_EMAIL)
    return row


def _make_primary(user: User, row: UserEmail) -> None:
    """Swap: the verified `row` becomes `User.email`, the old primary a row of its own."""
    old, new = user.email, row.email
    user.email, row.email = new, old  # two tables: no uniqueness clash mid-swap
    user.email_verified_at = user.email_verified_at or utcnow()
    row.verified_at = utcnow()
    end_other_sessions(user, commit=False)
    record(AuditAction.EMAIL_CHANGED, actor=user, subject=user, target=f"{old} → {new}")
    undo = _serializer("undo-email").dumps({"user": user.id, "old": old, "new": new})
    queue_templated_email(
        old,
        "account_email_changed",
        language=user.preferred_language,
        user=user,
        old_email=old,
        new_email=new,
        undo_url=external_url("account.undo_email_change", token=undo),
        undo_days=UNDO_MAX_AGE // (24 * 60 * 60),
    )


def remove_address(user: User, address_id: int) -> str:
    row = _own_address(user, address_id)
    email = row.email
    db.session.delete(row)
    db.session.commit()
    return email


@dataclass(frozen=True)
class UndoableChange:
    user: User
    old_email: str
    new_email: str


def undoable_change(token: str) -> UndoableChange:
    data = _load_token("undo-email", token, UNDO_MAX_AGE)
    user = db.session.get(User, data.get("user"))
    old, new = data.get("old"), data.get("new")
    if user is None or not isinstance(old, str) or not isinstance(new, str):
        raise AccountError(AccountProblem.LINK_INVALID)
    return UndoableChange(user, old, new)


def undo_change(token: str) -> UndoableChange:
    """The old address takes the account back: it is primary again, the new address leaves
    the account, and every session ends (the owner then resets the password)."""
    change = undoable_change(token)
    user = change.user
    if user.email == change.old_email:
        return change  # already undone
    holder = find_user_by_email(change.old_email)
    if holder is not None and holder.id != user.id:
        raise AccountError(AccountProblem.EMAIL_TAKEN, email=change.old_email)
    current = user.email
    for row in db.session.scalars(select(UserEmail).where(UserEmail.user_id == user.id)):
        if row.email in {change.old_email, change.new_email}:
            db.session.delete(row)
    db.session.flush()
    user.email = change.old_email
    if current not in {change.old_email, change.new_email}:
        db.session.add(UserEmail(user_id=user.id, email=current))
    end_other_sessions(user, keep_current=False, commit=False)
    record(
        AuditAction.EMAIL_CHANGE_UNDONE,
        actor=None,
        subject=user,
        target=f"{change.new_email} → {change.old_email}",
    )
    db.session.commit()
    return change
