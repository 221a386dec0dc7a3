"""The outbox, newest first, as a developer's mailbox: a newcomer under `make run` reads the
verification email here and follows its link."""

from __future__ import annotations

import re

from flask import render_template, request
from markupsafe import Markup, escape

from pdportal.blueprints.dev_mail import bp
from pdportal.services import mail, mail_worker

# http(s) addresses only; a trailing full stop, comma or bracket is the sentence's
LINK = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]")


def linkify(text: str) -> Markup:
    """Plain text as HTML: everything escaped, and each http(s) address a link."""
    parts: list[str] = []
    position = 0
    for match in LINK.finditer(text):
        url = match.group(0)
        parts.append(escape(text[position : match.start()]))
        parts.append(Markup('<a href="{0}">{0}</a>').format(url))
        position = match.end()
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


@bp.get("/dev/mail")
def mailbox() -> str:
    mail_worker.write_queued()  # a registration's email is written by the worker: show it so
    messages = mail.newest(to_email=request.args.get("to", ""))
    return render_template("dev_mail/mailbox.html", messages=messages, linkify=linkify)
