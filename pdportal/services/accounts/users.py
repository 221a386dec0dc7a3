"""Accounts: sign-up, verification, log-in, password reset, profile.

Nothing here tells a caller whether an email address has an account: sign-up and reset
answer alike for known and unknown addresses (the difference goes to the owner's inbox),
and a failed log-in costs the same slow hash whether or not the address is known.
"""

from __future__ import annotations

import enum
import hashlib
import secrets
from dataclasses import dataclass
from functools import cache
from importlib import resources

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from pdportal.extensions import db
from pdportal.i18n import LANGUAGES as INTERFACE_LANGUAGES
from pdportal.models import Registration, RegistrationStatus, User, UserEmail
from pdportal.orm import utcnow
from pdportal.services.accounts.sessions import end_other_sessions
from pdportal.services.common.urls import external_url
from pdportal.services.mail.outbox import queue_templated_email

PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 256
VERIFY_TOKEN_MAX_AGE = 3 * 24 * 60 * 60  # seconds
RESET_TOKEN_MAX_AGE = 2 * 60 * 60


class AccountProblem(enum.StrEnum):
    """Why an account action was refused (the views choose the words). The values are
    the names in lower case."""

    PASSWORD_TOO_SHORT = enum.auto()  # fewer than PASSWORD_MIN_LENGTH characters
    PASSWORD_TOO_LONG = enum.auto()  # more than PASSWORD_MAX_LENGTH
    PASSWORD_REPETITIVE = enum.auto()  # one or two characters repeated
    PASSWORD_IS_NAME_OR_EMAIL = enum.auto()
    PASSWORD_COMMON = enum.auto()  # on the shipped list of common passwords
    LINK_EXPIRED = enum.auto()
    LINK_INVALID = enum.auto()
    LINK_USED = enum.auto()  # a reset link whose password has since changed
    WRONG_CURRENT_PASSWORD = enum.auto()
    NOT_AN_EMAIL = enum.auto()  # values: email, detail (the validator's own words)
    NAME_MISSING = enum.auto()
    UNKNOWN_LANGUAGE = enum.auto()
    EMAIL_ALREADY_YOURS = enum.auto()  # values: email
    TOO_MANY_EMAILS = enum.auto()
    EMAIL_TAKEN = enum.auto()  # another account has it; values: email
    NOT_YOUR_EMAIL = enum.auto()  # not a verified address of this account


class AccountError(Exception):
    """A refusal: `reason` says why, `field` names the form field it concerns, `values`
    carry what the words may need (e.g. the address refused)."""

    def __init__(
        self, reason: AccountProblem, *, field: str | None = None, **values: object
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = field
        self.values = values


# --- emails and passwords -------------------------------------------------------------


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    """The account with this primary address, or with it as another verified address."""
    email = normalise_email(email)
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        user = db.session.scalar(
            select(User)
            .join(UserEmail, UserEmail.user_id == User.id)
            .where(UserEmail.email == email)
        )
    return user


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, lower-cased (its first line is a credit)."""
    text = resources.files("pdportal").joinpath("data/common_passwords.txt").read_text("utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines()[1:] if line.strip())


def password_problem(password: str, *, email: str = "", name: str = "") -> AccountProblem | None:
    """Why this password may not be used, or None. Length only; no composition rules."""
    if len(password) < PASSWORD_MIN_LENGTH:
        return AccountProblem.PASSWORD_TOO_SHORT
    if len(password) > PASSWORD_MAX_LENGTH:
        return AccountProblem.PASSWORD_TOO_LONG
    if len(set(password)) < 3:
        return AccountProblem.PASSWORD_REPETITIVE
    folded = password.strip().casefold()
    if folded in {normalise_email(email).casefold(), name.strip().casefold()} - {""}:
        return AccountProblem.PASSWORD_IS_NAME_OR_EMAIL
    if password.lower() in common_passwords():
        return AccountProblem.PASSWORD_COMMON
    return None


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def _check_new_password(password: str, user: User) -> None:
    problem = password_problem(password, email=user.email, name=user.name)
    if problem:
        raise AccountError(problem, field="password")


def _set_password(user: User, password: str, *, keep_current_session: bool) -> None:
    """Store a new hash and end the other sessions (their remember-me cookies too)."""
    user.password_hash = hash_password(password)
    end_other_sessions(user, keep_current=keep_current_session, commit=False)


@cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


# --- signed links ------------------------------------------------------------------------


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"pdportal.{purpose}")


def _password_fingerprint(user: User) -> str:
    """Part of a digest of the current hash: a reset token dies once the password changes."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class SignedLink:
    """Whose emailed link this is, and the page on this site it leads back to afterwards
    (`next_path`, signed inside the token so nobody can change it; "" for none)."""

    user: User
    next_path: str = ""
    first_use: bool = False  # for a verification link: it verified the address just now


def _next_in(data: dict) -> str:
    next_path = data.get("next", "")
    return next_path if isinstance(next_path, str) else ""


def _load_token(purpose: str, token: str, max_age: int) -> dict:
    try:
        data = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise AccountError(AccountProblem.LINK_EXPIRED) from error
    except BadSignature as error:
        raise AccountError(AccountProblem.LINK_INVALID) from error
    if not isinstance(data, dict):
        raise AccountError(AccountProblem.LINK_INVALID)
    return data


# --- sign-up and verification ------------------------------------------------------------


def sign_up(
    name: str, email: str, password: str, *, language: str = "en", next_path: str = ""
) -> None:
    """Create an account and email a verification link.

    `language` (the interface's language when they signed up) becomes the new account's
    preferred language, which its emails are written in; `next_path` (the page they were
    on, checked by the caller) travels signed in the link, to lead them back there. If the
    address already has an account nothing is created; its owner is told, in their own
    language, that someone tried to sign up with it. The caller shows the same page either
    way.
    """
    email = normalise_email(email)
    problem = password_problem(password, email=email, name=name)
    if problem:
        raise AccountError(problem, field="password")
    existing = find_user_by_email(email)
    password_hash = hash_password(password)  # always: both paths cost the same slow hash
    if existing is None:
        user = User(
            email=email,
            name=name.strip(),
            password_hash=password_hash,
            preferred_language=language if language in INTERFACE_LANGUAGES else "en",
        )
        db.session.add(user)
        try:
            db.session.flush()
        except IntegrityError:  # the same address signed up a moment ago
            db.session.rollback()
            existing = find_user_by_email(email)
        else:
            _queue_verification(user, next_path)
    if existing is not None:
        _queue_signup_attempt_notice(existing)
    db.session.commit()


def _queue_signup_attempt_notice(user: User) -> None:
    queue_templated_email(
        user.email,
        "account_signup_exists",
        language=user.preferred_language,
        user=user,
        login_url=external_url("auth.login"),
        reset_url=external_url("auth.reset_request"),
    )


def _signed_data(next_path: str, **data: object) -> dict:
    return {**data, "next": next_path} if next_path else data


def _queue_verification(user: User, next_path: str = "") -> None:
    token = _serializer("verify-email").dumps(
        _signed_data(next_path, user=user.id, email=user.email)
    )
    queue_templated_email(
        user.email,
        "account_verify",
        language=user.preferred_language,
        user=user,
        verify_url=external_url("auth.verify_email", token=token),
        valid_days=VERIFY_TOKEN_MAX_AGE // (24 * 60 * 60),
    )


def resend_verification(user: User) -> bool:
    """Email a fresh verification link; False if the address is already verified."""
    if user.is_email_verified:
        return False
    _queue_verification(user)
    db.session.commit()
    return True


def verification_link(token: str) -> SignedLink:
    data = _load_token("verify-email", token, VERIFY_TOKEN_MAX_AGE)
    user = db.session.get(User, data.get("user"))
    if user is None or user.email != data.get("email"):
        raise AccountError(AccountProblem.LINK_INVALID)
    return SignedLink(user, _next_in(data))


def verify_email(token: str) -> SignedLink:
    """Mark the address in the token verified (repeating it is harmless); `first_use`
    says whether this did it."""
    link = verification_link(token)
    if link.user.email_verified_at is not None:
        return link
    link.user.email_verified_at = utcnow()
    db.session.commit()
    return SignedLink(link.user, link.next_path, first_use=True)


# --- log-in and passwords ----------------------------------------------------------------


def authenticate(email: str, password: str) -> User | None:
    """The user with this email and password, or None (same cost whether or not it exists);
    None too for a deactivated account.

    A hash made with other settings than PASSWORD_HASH_METHOD's is replaced on the way in.
    """
    user = find_user_by_email(email)
    dummy = _dummy_hash(current_app.config["PASSWORD_HASH_METHOD"])
    if user is None:
        check_password_hash(dummy, password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.is_active:
        return None
    if user.password_hash.split("$", 1)[0] != dummy.split("$", 1)[0]:
        user.password_hash = hash_password(password)
        db.session.commit()
    return user


def has_registrations(user: User) -> bool:
    """Whether the educator has any registration not cancelled (their log-in leads to
    My registrations then, else to the catalog)."""
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    Registration.user_id == user.id,
                    Registration.status != RegistrationStatus.CANCELLED,
                )
            )
        )
    )


def request_password_reset(email: str, *, next_path: str = "") -> None:
    """Email a reset link if the address has an account; do nothing visible otherwise.
    `next_path` (checked by the caller) travels signed in the link."""
    user = find_user_by_email(email)
    if user is None:
        return
    token = _serializer("password-reset").dumps(
        _signed_data(next_path, user=user.id, pw=_password_fingerprint(user))
    )
    queue_templated_email(
        user.email,
        "account_reset",
        language=user.preferred_language,
        user=user,
        reset_url=external_url("auth.reset_password", token=token),
        valid_hours=RESET_TOKEN_MAX_AGE // (60 * 60),
    )
    db.session.commit()


def reset_link(token: str) -> SignedLink:
    data = _load_token("password-reset", token, RESET_TOKEN_MAX_AGE)
    user = db.session.get(User, data.get("user"))
    if user is None or not secrets.compare_digest(
        str(data.get("pw", "")), _password_fingerprint(user)
    ):
        raise AccountError(AccountProblem.LINK_USED)
    return SignedLink(user, _next_in(data))


def reset_password(token: str, new_password: str) -> User:
    """Set a new password from an emailed link; the link then stops working."""
    user = reset_link(token).user
    _check_new_password(new_password, user)
    _set_password(user, new_password, keep_current_session=False)
    if user.email_verified_at is None:  # the link proved they read this inbox
        user.email_verified_at = utcnow()
    _queue_password_changed(user)
    db.session.commit()
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Replace the password; other sessions (and remember-me cookies) are signed out."""
    if not check_password_hash(user.password_hash, current_password):
        raise AccountError(AccountProblem.WRONG_CURRENT_PASSWORD, field="current_password")
    _check_new_password(new_password, user)
    _set_password(user, new_password, keep_current_session=True)
    _queue_password_changed(user)
    db.session.commit()


def _queue_password_changed(user: User) -> None:
    queue_templated_email(
        user.email,
        "account_password_changed",
        language=user.preferred_language,
        user=user,
        reset_url=external_url("auth.reset_request"),
    )


def create_site_admin(email: str, *, name: str, password: str) -> User:
    """Make EMAIL a site admin: promote its account, or create a verified one.

    An existing account keeps its password; a new one must pass the password rules.
    """
    try:
        email = validate_email(email, check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise AccountError(
            AccountProblem.NOT_AN_EMAIL, field="email", email=email, detail=str(error)
        ) from error
    user = find_user_by_email(email)
    if user is None:
        problem = password_problem(password, email=email, name=name)
        if problem:
            raise AccountError(problem, field="password")
        user = User(
            email=email,
            name=name.strip(),
            password_hash=hash_password(password),
            email_verified_at=utcnow(),
        )
        db.session.add(user)
    user.is_site_admin = True
    db.session.commit()
    return user
