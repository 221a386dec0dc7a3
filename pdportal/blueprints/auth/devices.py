"""Log-in limits that stop guessing without locking the owner out (issue 16).

- Failed attempts on one account from one address: LOGIN_ACCOUNT_ADDRESS_RATE_LIMIT. A
  guesser at one address is stopped; the owner at any other address is not affected.
- Failed attempts on one account from every address together (guessing spread over many
  addresses): LOGIN_ACCOUNT_RATE_LIMIT. A browser the owner has logged in with before
  carries a signed "known device" cookie for that account and is exempt from this one,
  so an attacker cannot lock the owner out of their own browser (OWASP's device cookies).
  A password reset marks the browser it was done in as known: the reset lifts the lock.
- Successful log-ins never count (`deduct_when`), only failures.
"""

from __future__ import annotations

import hashlib

from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeSerializer

from pdportal.services import accounts

DEVICE_COOKIE = "pdportal_device"
DEVICE_COOKIE_MAX_AGE = 180 * 24 * 3600


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="known-device")


def _account_digest(email: str) -> str:
    return hashlib.sha256(accounts.normalise_email(email).encode()).hexdigest()[:32]


def _submitted_email() -> str:
    return request.form.get("email", "")


def account_key() -> str:
    return "login-account:" + _account_digest(_submitted_email())


def account_and_address_key() -> str:
    return f"login-account-address:{_account_digest(_submitted_email())}:{request.remote_addr}"


def is_known_device() -> bool:
    """Whether this browser has logged in to the submitted account before."""
    cookie = request.cookies.get(DEVICE_COOKIE)
    if not cookie:
        return False
    try:
        known = _serializer().loads(cookie)
    except BadSignature:
        return False
    return isinstance(known, list) and _account_digest(_submitted_email()) in known


def failed(response: Response) -> bool:
    """A log-in attempt that did not sign in (a successful one redirects)."""
    return response.status_code != 302


def remember_device(response: Response, email: str) -> Response:
    """Mark this browser as known for the account (kept with up to four others)."""
    known: list[str] = []
    if cookie := request.cookies.get(DEVICE_COOKIE):
        try:
            loaded = _serializer().loads(cookie)
            known = loaded if isinstance(loaded, list) else []
        except BadSignature:
            known = []
    digest = _account_digest(email)
    known = [digest, *[other for other in known if other != digest]][:5]
    response.set_cookie(
        DEVICE_COOKIE,
        _serializer().dumps(known),
        max_age=DEVICE_COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
    )
    return response
