"""Development only: `/dev/mail`, the development mailbox (the newest messages of the
outbox, links and all). Registered only when `DEV_MAILBOX` is on, never in production."""

from flask import Blueprint

bp = Blueprint("dev", __name__)

from pdportal.blueprints.dev import views  # noqa: E402, F401
