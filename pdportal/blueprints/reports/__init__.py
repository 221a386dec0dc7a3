"""The reports blueprint: reach and equity, schools not reached, the access log, and
matching typed schools to the directory (under /admin/reports)."""

from flask import Blueprint

bp = Blueprint("reports", __name__)

# Routes register on bp when their modules are imported.
from pdportal.blueprints.reports import directory_views, views  # noqa: E402, F401
