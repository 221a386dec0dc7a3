"""The development mailbox."""

from __future__ import annotations

from flask import render_template, request

from pdportal.blueprints.dev import bp
from pdportal.services.mail.mailbox import newest_messages


@bp.get("/mail")
def mail() -> str:
    to_email = request.args.get("to", "").strip()[:254]
    return render_template(
        "dev/mail.html", messages=newest_messages(to_email or None), to_email=to_email
    )
