"""The districts blueprint: coordinators register staff in groups and manage their
district's registrations; admins appoint coordinators; invited staff set a password."""

from flask import Blueprint

bp = Blueprint("districts", __name__)

from pdportal.blueprints.districts import views  # noqa: E402, F401  (routes register on bp)
