"""What keeps an account safe over a career: its sign-in sessions, its second factor,
and the audit log of what staff did to accounts and roles."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from pdportal.extensions import db
from pdportal.orm import LabelledEnum, utcnow


class SignInSession(db.Model):
    """One signed-in browser. Its token is Flask-Login's id (in the session and the
    remember-me cookie): deleting the row signs that browser out."""

    __tablename__ = "sign_in_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(
        String(64), unique=True, default=lambda: secrets.token_urlsafe(32)
    )
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    address: Mapped[str] = mapped_column(String(64), default="")  # the IP it signed in from
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class TwoStepCredential(db.Model):
    """A TOTP secret (enabled once a first code proved it was copied) and the hashes of
    the unused recovery codes."""

    __tablename__ = "two_step_credential"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    secret: Mapped[str] = mapped_column(String(64))
    enabled_at: Mapped[datetime | None]
    # The last time step a code was accepted for: a code is never accepted twice.
    last_time_step: Mapped[int] = mapped_column(default=0)
    recovery_code_hashes: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditAction(LabelledEnum):
    SITE_ADMIN_GRANTED = ("site_admin_granted", _l("Made site admin"))
    SITE_ADMIN_REMOVED = ("site_admin_removed", _l("Site admin removed"))
    NETWORK_ADMIN_GRANTED = ("network_admin_granted", _l("Made network admin"))
    NETWORK_ADMIN_REMOVED = ("network_admin_removed", _l("Network admin removed"))
    COORDINATOR_APPOINTED = ("coordinator_appointed", _l("Made district coordinator"))
    COORDINATOR_REMOVED = ("coordinator_removed", _l("District coordinator removed"))
    ACCOUNT_DEACTIVATED = ("account_deactivated", _l("Account deactivated"))
    ACCOUNT_REACTIVATED = ("account_reactivated", _l("Account reactivated"))
    ACCOUNT_CLOSED = ("account_closed", _l("Account closed"))
    ACCOUNT_MERGED = ("account_merged", _l("Duplicate account merged"))
    CERTIFICATE_REVOKED = ("certificate_revoked", _l("Certificate revoked"))
    PAYMENT_REFUNDED = ("payment_refunded", _l("Payment refunded"))
    TWO_STEP_ENABLED = ("two_step_enabled", _l("Two-step sign-in turned on"))
    TWO_STEP_DISABLED = ("two_step_disabled", _l("Two-step sign-in turned off"))
    RECOVERY_CODES_RENEWED = ("recovery_codes_renewed", _l("New recovery codes"))
    RECOVERY_CODE_USED = ("recovery_code_used", _l("Recovery code used"))
    EMAIL_CHANGED = ("email_changed", _l("Email address changed"))
    EMAIL_CHANGE_UNDONE = ("email_change_undone", _l("Email change undone"))


class AuditEntry(db.Model):
    """Who did what, when, to whom (and on what). Rows are never edited; the people they
    name may later close their accounts, so names and emails are copied in."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    action: Mapped[AuditAction] = mapped_column(index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    actor_label: Mapped[str] = mapped_column(String(260), default="")
    subject_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    subject_label: Mapped[str] = mapped_column(String(260), default="")
    target: Mapped[str] = mapped_column(String(260), default="")  # e.g. the network's name


class UserEmail(db.Model):
    """A verified address of an account besides its primary one (`User.email`): the
    account signs in with any of them. Addresses waiting for their verification are not
    stored; their signed link carries them."""

    __tablename__ = "user_email"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-cased
    verified_at: Mapped[datetime] = mapped_column(default=utcnow)
