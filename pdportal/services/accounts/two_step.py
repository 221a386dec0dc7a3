"""Two-step sign-in: a TOTP authenticator app (pyotp) and single-use recovery codes.

Set-up keeps a new secret unused until a first code proves the app holds it; then ten
recovery codes are shown once (only their hashes are stored). A code is accepted once
(the time step is remembered) and within one step of the clock either way. Every change is
written to the audit log and emailed to the owner.
"""

from __future__ import annotations

import enum
import hashlib
import secrets
from dataclasses import dataclass

import pyotp
from flask import current_app

from pdportal.extensions import db
from pdportal.models import AuditAction, TwoStepCredential, User
from pdportal.orm import utcnow
from pdportal.services.accounts.audit import record
from pdportal.services.common.urls import external_url
from pdportal.services.mail.outbox import queue_templated_email

RECOVERY_CODE_COUNT = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


class TwoStepProblem(enum.StrEnum):
    WRONG_CODE = enum.auto()
    ALREADY_ON = enum.auto()
    NOT_SET_UP = enum.auto()


class TwoStepError(Exception):
    def __init__(self, reason: TwoStepProblem) -> None:
        super().__init__(reason)
        self.reason = reason


class CodeKind(enum.StrEnum):
    APP = enum.auto()
    RECOVERY = enum.auto()


@dataclass(frozen=True)
class Enrolment:
    """What the set-up page shows: the secret (typed in by hand) and the otpauth URI (the QR)."""

    secret: str
    uri: str


def _credential(user: User) -> TwoStepCredential | None:
    return db.session.get(TwoStepCredential, user.id)


def _enabled_credential(user: User) -> TwoStepCredential:
    credential = _credential(user)
    if credential is None or credential.enabled_at is None:
        raise TwoStepError(TwoStepProblem.NOT_SET_UP)
    return credential


def is_enabled(user: User) -> bool:
    credential = _credential(user)
    return credential is not None and credential.enabled_at is not None


def _normalise(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()[:32]


def _hash_recovery_code(code: str) -> str:
    return hashlib.sha256(_normalise(code).encode()).hexdigest()


def _new_recovery_codes(credential: TwoStepCredential) -> list[str]:
    codes = [
        "-".join("".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(5)) for _ in range(2))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    credential.recovery_code_hashes = [_hash_recovery_code(code) for code in codes]
    return codes


def enrolment(user: User) -> Enrolment:
    """The pending secret of a set-up under way, made on first call (not yet enabled)."""
    credential = _credential(user)
    if credential is None:
        credential = TwoStepCredential(user_id=user.id, secret=pyotp.random_base32())
        db.session.add(credential)
        db.session.commit()
    elif credential.enabled_at is not None:
        raise TwoStepError(TwoStepProblem.ALREADY_ON)
    secret = credential.secret
    uri = pyotp.TOTP(secret).provisioning_uri(
        name=user.email, issuer_name=current_app.config["TWO_STEP_ISSUER"]
    )
    return Enrolment(secret=secret, uri=uri)


def _accept_app_code(credential: TwoStepCredential, code: str) -> bool:
    """Whether `code` is the app's code now (or one step either side), never reused."""
    code = _normalise(code)
    if not (code.isdigit() and len(code) == 6):
        return False
    totp = pyotp.TOTP(credential.secret)
    now_step = totp.timecode(utcnow())
    for step in (now_step, now_step - 1, now_step + 1):
        if step > credential.last_time_step and secrets.compare_digest(
            totp.generate_otp(step), code
        ):
            credential.last_time_step = step
            return True
    return False


def enable(user: User, code: str) -> list[str]:
    """Turn two-step sign-in on with a first code from the app; returns the recovery codes
    (shown once)."""
    credential = _credential(user)
    if credential is None:
        raise TwoStepError(TwoStepProblem.NOT_SET_UP)
    if credential.enabled_at is not None:
        raise TwoStepError(TwoStepProblem.ALREADY_ON)
    if not _accept_app_code(credential, code):
        raise TwoStepError(TwoStepProblem.WRONG_CODE)
    credential.enabled_at = utcnow()
    codes = _new_recovery_codes(credential)
    _changed(user, AuditAction.TWO_STEP_ENABLED)
    db.session.commit()
    return codes


def check_code(user: User, code: str) -> CodeKind:
    """The second step of a sign-in: an app code, or a recovery code (then used up)."""
    credential = _enabled_credential(user)
    if _accept_app_code(credential, code):
        db.session.commit()
        return CodeKind.APP
    hashed = _hash_recovery_code(code)
    remaining = [
        kept for kept in credential.recovery_code_hashes if not secrets.compare_digest(kept, hashed)
    ]
    if len(remaining) == len(credential.recovery_code_hashes):
        raise TwoStepError(TwoStepProblem.WRONG_CODE)
    credential.recovery_code_hashes = remaining
    _changed(user, AuditAction.RECOVERY_CODE_USED)
    db.session.commit()
    return CodeKind.RECOVERY


def recovery_codes_left(user: User) -> int:
    credential = _credential(user)
    if credential is None or credential.enabled_at is None:
        return 0
    return len(credential.recovery_code_hashes)


def renew_recovery_codes(user: User, code: str) -> list[str]:
    """New recovery codes (the old ones stop working), after a code from the app."""
    credential = _enabled_credential(user)
    if not _accept_app_code(credential, code):
        raise TwoStepError(TwoStepProblem.WRONG_CODE)
    codes = _new_recovery_codes(credential)
    _changed(user, AuditAction.RECOVERY_CODES_RENEWED)
    db.session.commit()
    return codes


def disable(user: User, code: str) -> None:
    """Turn it off (after a code from the app). Staff, who must use it, are then led
    through set-up again at once (how they move it to a new phone)."""
    credential = _enabled_credential(user)
    if not _accept_app_code(credential, code):
        raise TwoStepError(TwoStepProblem.WRONG_CODE)
    db.session.delete(credential)
    _changed(user, AuditAction.TWO_STEP_DISABLED)
    db.session.commit()


def _changed(user: User, action: AuditAction) -> None:
    record(action, actor=user, subject=user)
    queue_templated_email(
        user.email,
        "account_two_step_changed",
        language=user.preferred_language,
        user=user,
        change=action.value,
        security_url=external_url("account.security"),
        reset_url=external_url("auth.reset_request"),
    )
