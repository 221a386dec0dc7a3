"""The account area: sign-in sessions, two-step sign-in, and the second step of a log-in."""

from flask import Blueprint

bp = Blueprint("account", __name__)

from pdportal.blueprints.account import guard, two_step_views, views  # noqa: E402, F401
