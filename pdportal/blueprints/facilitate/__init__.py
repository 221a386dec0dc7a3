"""The facilitate blueprint: attendance, self check-in, and the admin's certificate desk."""

from flask import Blueprint

bp = Blueprint("facilitate", __name__)

from pdportal.blueprints.facilitate import (  # noqa: E402, F401  (routes register on bp)
    certificate_views,
    checkin_views,
    views,
)
