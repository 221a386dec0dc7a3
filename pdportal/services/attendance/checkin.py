"""Self check-in: a code on the facilitator's screen that changes every 30 seconds.

The code is an HMAC (keyed by SECRET_KEY) of the session id and the current 30-second
step, so a photo of it shared later stops working within a minute. A code is accepted
for the current and the previous step only, from OPENS_BEFORE before the session starts
until it ends, and it marks only the person who is signed in. A scan of a current code
also earns a signed five-minute grant for that session, so that logging in first (or a
slow tap on "Check me in") does not send the educator back to rescan. A grant belongs
to the signed-in educator or, before logging in, to the scanning browser (a random id
in its session cookie), so a forwarded link carries nothing that works elsewhere.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from datetime import datetime, timedelta
from enum import StrEnum

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from pdportal.extensions import db
from pdportal.models import (
    Attendance,
    AttendanceSource,
    AttendanceStatus,
    Registration,
    RegistrationStatus,
    User,
    WorkshopSession,
)
from pdportal.services import attendance

STEP_SECONDS = 30
OPENS_BEFORE = timedelta(minutes=30)
GRANT_SECONDS = 5 * 60  # time to log in (or to tap "Check me in") after a current scan
CODE_PATTERN = re.compile(r"[A-Za-z0-9_-]{16}")  # 12 bytes of HMAC, URL-safe base64
MAX_LOOKBACK_STEPS = 12 * 60 * 60 // STEP_SECONDS  # 12 hours of codes, to tell "expired"


class CheckInRefusal(StrEnum):
    """Why a check-in is refused; the views tell the educator why and what to do."""

    SESSION_CANCELLED = "session_cancelled"
    NOT_OPEN_YET = "not_open_yet"  # `opens_at`: when check-in opens
    CLOSED = "closed"  # the session has ended
    CODE_EXPIRED = "code_expired"  # a real code of this session, but an old one
    WRONG_CODE = "wrong_code"  # never a code of this session
    SCAN_AGAIN = "scan_again"  # a grant asked for on behalf of nobody
    NOT_REGISTERED = "not_registered"


class CheckInError(Exception):
    """Check-in refused: the `reason`, and the `values` its message needs."""

    def __init__(self, reason: CheckInRefusal, **values: object) -> None:
        super().__init__(reason)
        self.reason = reason
        self.values = values


class CheckIn(StrEnum):
    """What a successful check-in did."""

    CHECKED_IN = "checked_in"
    ALREADY_CHECKED_IN = "already_checked_in"


def time_step(now: datetime) -> int:
    return int(now.timestamp()) // STEP_SECONDS


def seconds_to_next_step(now: datetime) -> int:
    return STEP_SECONDS - int(now.timestamp()) % STEP_SECONDS


def code_for(session_id: int, step: int) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"checkin:{session_id}:{step}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:12]).decode().rstrip("=")


def current_code(session: WorkshopSession, now: datetime) -> str:
    return code_for(session.id, time_step(now))


def is_open(session: WorkshopSession, now: datetime) -> bool:
    return not session.is_cancelled and session.starts_at - OPENS_BEFORE <= now <= session.ends_at


def is_code_valid(session: WorkshopSession, code: str, now: datetime) -> bool:
    step = time_step(now)
    return any(
        hmac.compare_digest(code.encode(), code_for(session.id, candidate).encode())
        for candidate in (step, step - 1)
    )


def is_well_formed(code: str) -> bool:
    """Whether `code` looks like one `code_for` makes (16 URL-safe base64 characters)."""
    return CODE_PATTERN.fullmatch(code) is not None


def was_code_of(session: WorkshopSession, code: str, now: datetime) -> bool:
    """Whether `code` was this session's at some earlier step since check-in opened
    (looking back at most MAX_LOOKBACK_STEPS), i.e. a real code that has expired."""
    if not is_well_formed(code):
        return False
    first = max(time_step(session.starts_at - OPENS_BEFORE), time_step(now) - MAX_LOOKBACK_STEPS)
    return any(
        hmac.compare_digest(code.encode(), code_for(session.id, step).encode())
        for step in range(time_step(now), first - 1, -1)
    )


def check_code(session: WorkshopSession, code: str, now: datetime) -> None:
    """Raise CheckInError unless the code is current and check-in is open."""
    if session.is_cancelled:
        raise CheckInError(CheckInRefusal.SESSION_CANCELLED)
    if now < session.starts_at - OPENS_BEFORE:
        raise CheckInError(CheckInRefusal.NOT_OPEN_YET, opens_at=session.starts_at - OPENS_BEFORE)
    if now > session.ends_at:
        raise CheckInError(CheckInRefusal.CLOSED)
    if is_code_valid(session, code, now):
        return
    if was_code_of(session, code, now):
        raise CheckInError(CheckInRefusal.CODE_EXPIRED)
    raise CheckInError(CheckInRefusal.WRONG_CODE)


def _grants() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="pdportal-checkin")


def grant_for(
    session: WorkshopSession, code: str, now: datetime, user: User | None, browser: str = ""
) -> str:
    """A signed note that a current code was scanned, good for this session for five
    minutes: for `user` when they were signed in, else for the scanning `browser` only."""
    check_code(session, code, now)
    if user is None and not browser:
        raise CheckInError(CheckInRefusal.SCAN_AGAIN)
    holder = {"user": user.id} if user is not None else {"browser": browser}
    return _grants().dumps({"session": session.id, **holder})


def has_valid_grant(session: WorkshopSession, grant: str, user: User, browser: str = "") -> bool:
    try:
        data = _grants().loads(grant, max_age=GRANT_SECONDS)
    except BadSignature:
        return False
    if not isinstance(data, dict) or data.get("session") != session.id:
        return False
    if "user" in data:
        return data["user"] == user.id
    return bool(browser) and data.get("browser") == browser


def confirmed_registration(session: WorkshopSession, user: User) -> Registration | None:
    """The user's confirmed registration for the session's workshop: who may check in."""
    return db.session.scalar(
        select(Registration).where(
            Registration.workshop_id == session.workshop_id,
            Registration.user_id == user.id,
            Registration.status == RegistrationStatus.CONFIRMED,
        )
    )


def check_in(
    session: WorkshopSession,
    user: User,
    code: str,
    now: datetime,
    grant: str = "",
    browser: str = "",
) -> CheckIn:
    """Mark the signed-in educator present, if the code is current and they are registered.

    A code scanned before logging in stays good through the log-in via its `grant`, in
    the same `browser`.
    """
    if not (grant and has_valid_grant(session, grant, user, browser) and is_open(session, now)):
        check_code(session, code, now)
    registration = confirmed_registration(session, user)
    if registration is None:
        raise CheckInError(CheckInRefusal.NOT_REGISTERED)
    existing = db.session.scalar(
        select(Attendance).where(
            Attendance.session_id == session.id, Attendance.registration_id == registration.id
        )
    )
    if existing is not None and existing.status.counts_as_attendance:
        return CheckIn.ALREADY_CHECKED_IN
    attendance.record(
        session,
        registration,
        AttendanceStatus.PRESENT,
        None,
        user,
        AttendanceSource.SELF_CHECKIN,
    )
    return CheckIn.CHECKED_IN
