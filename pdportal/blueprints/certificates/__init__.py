"""The certificates blueprint."""

from flask import Blueprint

bp = Blueprint("certificates", __name__)

from pdportal.blueprints.certificates import views  # noqa: E402, F401  (routes register on bp)
