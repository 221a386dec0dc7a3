"""The auth blueprint."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from pdportal.blueprints.auth import views  # noqa: E402, F401  (routes register on bp)
