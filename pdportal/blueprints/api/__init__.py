"""The api blueprint."""

from flask import Blueprint

bp = Blueprint("api", __name__)

from pdportal.blueprints.api import views  # noqa: E402, F401  (routes register on bp)
