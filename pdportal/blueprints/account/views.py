"""The security page: signed-in browsers (ended one by one or all but this one) and
two-step sign-in."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user, login_required, logout_user
from werkzeug.wrappers import Response

from pdportal.blueprints.account import bp
from pdportal.blueprints.account.devices import describe_device
from pdportal.blueprints.account.forms import AppCodeForm
from pdportal.services import accounts


@bp.get("/security")
@login_required
def security() -> str:
    return render_template(
        "account/security.html",
        sessions=accounts.list_sessions(current_user),
        describe_device=describe_device,
        two_step_on=accounts.two_step.is_enabled(current_user),
        codes_left=accounts.two_step.recovery_codes_left(current_user),
        renew_form=AppCodeForm(prefix="renew", formdata=None),
        disable_form=AppCodeForm(prefix="disable", formdata=None),
    )


@bp.post("/sessions/<int:session_id>/end")
@login_required
def end_session(session_id: int) -> Response:
    is_current = current_user.current_session.id == session_id
    if not accounts.end_session(current_user, session_id):
        flash(gettext("That session had already ended."), "info")
    elif is_current:
        logout_user()
        flash(gettext("You have logged out."), "info")
        return redirect(url_for("catalog.index"))
    else:
        flash(gettext("That device has been logged out."), "success")
    return redirect(url_for("account.security"))


@bp.post("/sessions/end-others")
@login_required
def end_other_sessions() -> Response:
    ended = accounts.end_other_sessions(current_user)
    flash(
        ngettext(
            "%(num)s other device has been logged out.",
            "%(num)s other devices have been logged out.",
            ended,
        ),
        "success",
    )
    return redirect(url_for("account.security"))
