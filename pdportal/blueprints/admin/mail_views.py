"""Undelivered mail, for site admins: what failed for good or waits after a failed try,
and a way to send it again once the cause is fixed (issue 16)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import ngettext
from flask_login import current_user, login_required

from pdportal import policy
from pdportal.blueprints.admin import bp
from pdportal.services import mail


@bp.get("/mail")
@login_required
def undelivered_mail() -> str:
    policy.require(policy.can_manage_mail(current_user))
    return render_template("admin/mail.html", messages=mail.undelivered())


@bp.post("/mail/retry")
@bp.post("/mail/<int:message_id>/retry")
@login_required
def retry_mail(message_id: int | None = None):
    policy.require(policy.can_manage_mail(current_user))
    queued = mail.retry_failed(message_id)
    flash(
        ngettext(
            "%(num)s message will be sent again within a minute.",
            "%(num)s messages will be sent again within a minute.",
            queued,
        ),
        "success" if queued else "info",
    )
    return redirect(url_for("admin.undelivered_mail"))
