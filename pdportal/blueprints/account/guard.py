"""Staff who must use two-step sign-in and have not set it up reach only its set-up page
(and can log out, change language and load static files) until they do."""

from __future__ import annotations

from flask import redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from pdportal.blueprints.account import bp

ALLOWED_ENDPOINTS = frozenset(
    {
        "static",
        "account.two_step_setup",
        "auth.logout",
        "language.choose",
        "favicon",
        "healthz",
    }
)


@bp.before_app_request
def staff_set_up_two_step_first() -> Response | None:
    if request.endpoint in ALLOWED_ENDPOINTS or not current_user.is_authenticated:
        return None
    if current_user.must_set_up_two_step:
        return redirect(url_for("account.two_step_setup"))
    return None
