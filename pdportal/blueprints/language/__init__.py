"""The visitor's choice of interface language (the footer's buttons)."""

from flask import Blueprint

bp = Blueprint("language", __name__)

from pdportal.blueprints.language import views  # noqa: E402, F401
