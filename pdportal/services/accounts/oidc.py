"""Sign-in through OpenID Connect (Google, Microsoft): which account a verified identity
is. The web layer (Authlib) has already checked the ID token: signature, issuer, audience,
expiry, nonce and state. Here an identity is linked to an account only through an email
address the provider says it verified.
"""

from __future__ import annotations

import enum
import secrets
from collections.abc import Mapping

from email_validator import EmailNotValidError, validate_email

from pdportal.extensions import db
from pdportal.i18n import LANGUAGES as INTERFACE_LANGUAGES
from pdportal.models import User
from pdportal.orm import utcnow
from pdportal.services.accounts.sessions import end_other_sessions
from pdportal.services.accounts.users import find_user_by_email, hash_password


class OidcProblem(enum.StrEnum):
    EMAIL_NOT_VERIFIED = enum.auto()
    DEACTIVATED = enum.auto()


class OidcError(Exception):
    def __init__(self, reason: OidcProblem) -> None:
        super().__init__(reason)
        self.reason = reason


def account_for_identity(claims: Mapping[str, object], *, language: str = "en") -> User:
    """The account of a verified email: an existing one (any of its verified addresses),
    or a new, verified account. An existing account nobody had verified is taken over
    safely: its password and sessions end (whoever typed the address may not own it)."""
    email = claims.get("email")
    if claims.get("email_verified") is not True or not isinstance(email, str):
        raise OidcError(OidcProblem.EMAIL_NOT_VERIFIED)
    try:
        email = validate_email(email, check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise OidcError(OidcProblem.EMAIL_NOT_VERIFIED) from error
    user = find_user_by_email(email)
    if user is not None and not user.is_active:
        raise OidcError(OidcProblem.DEACTIVATED)
    if user is None:
        name = claims.get("name")
        user = User(
            email=email,
            name=(name if isinstance(name, str) and name.strip() else email.split("@")[0])[:200],
            password_hash=hash_password(secrets.token_urlsafe(32)),
            email_verified_at=utcnow(),
            preferred_language=language if language in INTERFACE_LANGUAGES else "en",
        )
        db.session.add(user)
    elif not user.is_email_verified and user.email == email:
        user.password_hash = hash_password(secrets.token_urlsafe(32))
        end_other_sessions(user, keep_current=False, commit=False)
        user.email_verified_at = utcnow()
    db.session.commit()
    return user
