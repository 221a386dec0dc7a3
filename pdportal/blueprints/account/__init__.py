"""The account area: sign-in sessions, two-step sign-in, the second step of a log-in,
and email addresses."""

from flask import Blueprint

bp = Blueprint("account", __name__)

from pdportal.blueprints.account import (  # noqa: E402, F401
    email_views,
    guard,
    two_step_views,
    views,
)
