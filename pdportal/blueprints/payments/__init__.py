"""The payments blueprint."""

from flask import Blueprint

bp = Blueprint("payments", __name__)

from pdportal.blueprints.payments import admin_views, views  # noqa: E402, F401  (routes on bp)
