"""How a checked password becomes a signed-in browser, with a second step between the two
for accounts that have one. The auth blueprint's log-in view calls `after_password`."""

from __future__ import annotations

import time

from flask import redirect, request, session, url_for
from flask_login import login_user
from werkzeug.wrappers import Response

from pdportal import policy
from pdportal.models import User
from pdportal.services import accounts

PENDING_KEY = "two_step_pending"
PENDING_MAX_AGE = 10 * 60  # seconds to type the code after the password


def home_for(user: User) -> str:
    """Where a log-in with no page to go back to leads: each role's own start page."""
    if policy.is_any_admin(user):
        return url_for("admin.index")
    if policy.is_any_facilitator(user):
        return url_for("facilitate.index")  # today's sessions first
    if accounts.has_registrations(user):
        return url_for("registration.my_registrations")
    return url_for("catalog.workshops")


def sign_in(user: User, *, remember: bool) -> None:
    """Start a session row for this browser (listed on the security page) and log in."""
    accounts.start_session(
        user, user_agent=request.user_agent.string, address=request.remote_addr or ""
    )
    login_user(user, remember=remember)


def after_password(user: User, *, remember: bool, next_path: str) -> Response | None:
    """Called once the password is right: sends an account with two-step sign-in on to its
    code page (the log-in finishes there), else signs in and returns None."""
    if accounts.two_step.is_enabled(user):
        session[PENDING_KEY] = {
            "user": user.id,
            "remember": bool(remember),
            "next": next_path or "",
            "at": int(time.time()),
        }
        return redirect(url_for("account.two_step_code"))
    sign_in(user, remember=remember)
    return None


def pending() -> dict | None:
    """The log-in waiting for its second step in this browser, if it has not expired."""
    data = session.get(PENDING_KEY)
    if not isinstance(data, dict) or not isinstance(data.get("at"), int):
        return None
    if time.time() - data["at"] > PENDING_MAX_AGE:
        session.pop(PENDING_KEY, None)
        return None
    return data


def clear_pending() -> None:
    session.pop(PENDING_KEY, None)
