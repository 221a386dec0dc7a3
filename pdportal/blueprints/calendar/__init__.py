"""The calendar blueprint."""

from flask import Blueprint

bp = Blueprint("calendar", __name__)

from pdportal.blueprints.calendar import views  # noqa: E402, F401  (routes register on bp)
