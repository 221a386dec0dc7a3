"""The facilitate blueprint: attendance, self check-in, a workshop's registrations roster,
and the admin's certificate desk."""

from flask import Blueprint

bp = Blueprint("facilitate", __name__)

from pdportal.blueprints.facilitate import (  # noqa: E402, F401  (routes register on bp)
    certificate_views,
    checkin_views,
    roster_views,
    views,
)
