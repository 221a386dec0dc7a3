"""The development mailbox, /dev/mail: registered only when DEV_MAILBOX is set (as `make
run` does), so in any other configuration the address does not exist (404)."""

from flask import Blueprint

bp = Blueprint("dev_mail", __name__)

from pdportal.blueprints.dev_mail import views  # noqa: E402, F401  (routes register on bp)
