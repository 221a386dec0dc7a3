"""The admin blueprint."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

# Routes register on bp when their modules are imported.
from pdportal.blueprints.admin import (  # noqa: E402, F401
    account_views,
    clock_hour_views,
    mail_views,
    network_views,
    session_views,
    views,
)
