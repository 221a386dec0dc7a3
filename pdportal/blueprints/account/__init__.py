"""The account area: sign-in sessions, two-step sign-in, the second step of a log-in,
email addresses, leaving (my data, closing the account), and sign-in with Google or
Microsoft."""

from flask import Blueprint

bp = Blueprint("account", __name__)

from pdportal.blueprints.account import (  # noqa: E402, F401
    email_views,
    guard,
    leaving_views,
    name_views,
    oidc_views,
    two_step_views,
    views,
)
