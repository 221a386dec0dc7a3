"""Accounts a coordinator made for new staff: no password until the educator sets one
through the invitation link (their registration stands meanwhile)."""

from __future__ import annotations

import hashlib
import secrets

from itsdangerous import BadSignature, SignatureExpired

from pdportal.extensions import db
from pdportal.models import User
from pdportal.orm import utcnow
from pdportal.services import accounts
from pdportal.services.common.urls import external_url
from pdportal.services.mail.outbox import queue_templated_email

NO_PASSWORD_YET = "!invited"  # noqa: S105 -- never matches a password (a hash has '$' in it)
INVITATION_MAX_AGE = 30 * 24 * 60 * 60  # seconds: a month to accept


def is_invited(user: User) -> bool:
    return user.password_hash == NO_PASSWORD_YET


def _fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def queue_invitation(user: User, coordinator_name: str, workshop_title: str) -> None:
    """Email a link to set a password (it stops working once one is set)."""
    token = accounts._serializer("staff-invitation").dumps(
        {"user": user.id, "pw": _fingerprint(user)}
    )
    queue_templated_email(
        user.email,
        "district_invitation",
        language=user.preferred_language,
        user=user,
        coordinator_name=coordinator_name,
        workshop_title=workshop_title,
        accept_url=external_url("districts.accept_invitation", token=token),
        valid_days=INVITATION_MAX_AGE // (24 * 60 * 60),
    )


def user_for_invitation(token: str) -> User:
    """The invited account, or AccountError (expired, invalid, already used)."""
    try:
        data = accounts._serializer("staff-invitation").loads(token, max_age=INVITATION_MAX_AGE)
    except SignatureExpired as error:
        raise accounts.AccountError(accounts.AccountProblem.LINK_EXPIRED) from error
    except BadSignature as error:
        raise accounts.AccountError(accounts.AccountProblem.LINK_INVALID) from error
    user = db.session.get(User, data.get("user")) if isinstance(data, dict) else None
    if user is None:
        raise accounts.AccountError(accounts.AccountProblem.LINK_INVALID)
    if not secrets.compare_digest(str(data.get("pw", "")), _fingerprint(user)):
        raise accounts.AccountError(accounts.AccountProblem.LINK_USED)
    return user


def accept(token: str, password: str) -> User:
    """Set the invited educator's first password; the link proved their address."""
    user = user_for_invitation(token)
    problem = accounts.password_problem(password, email=user.email, name=user.name)
    if problem:
        raise accounts.AccountError(problem, field="password")
    user.password_hash = accounts.hash_password(password)
    accounts.end_other_sessions(user, keep_current=False, commit=False)  # none, but be sure
    user.email_verified_at = user.email_verified_at or utcnow()
    db.session.commit()
    return user
