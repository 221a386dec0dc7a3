"""The catalog blueprint."""

from flask import Blueprint

bp = Blueprint("catalog", __name__)

from pdportal.blueprints.catalog import views  # noqa: E402, F401  (routes register on bp)
