"""The registration blueprint: registering, the educator's list, the organiser's roster."""

from flask import Blueprint

bp = Blueprint("registration", __name__)

from pdportal.blueprints.registration import (  # noqa: E402, F401  (routes register on bp)
    roster_views,
    views,
)
