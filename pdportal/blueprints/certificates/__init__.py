"""The certificates blueprint."""

from flask import Blueprint

bp = Blueprint("certificates", __name__)

# Routes register on bp when their modules are imported.
from pdportal.blueprints.certificates import follow_up_views, views  # noqa: E402, F401
