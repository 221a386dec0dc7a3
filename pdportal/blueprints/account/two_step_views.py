"""Two-step sign-in: the code page of a log-in, set-up, recovery codes, turning it off."""

from __future__ import annotations

import segno
from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from pdportal.blueprints.account import bp
from pdportal.blueprints.account.forms import AppCodeForm, SignInCodeForm
from pdportal.blueprints.account.messages import two_step_problem_message
from pdportal.blueprints.auth import signin
from pdportal.extensions import db, limiter
from pdportal.models import User
from pdportal.routing import safe_next
from pdportal.services import accounts
from pdportal.services.accounts.two_step import CodeKind, TwoStepError


def _two_step_limit() -> str:
    return current_app.config["TWO_STEP_RATE_LIMIT"]


def _pending_account_key() -> str:
    """Code attempts count per account, whichever browser or address they come from."""
    data = signin.pending()
    return f"two-step:{data['user'] if data else 'none'}"


def _signed_in_account_key() -> str:
    return f"two-step:{getattr(current_user, 'id', 'anonymous')}"


@bp.route("/sign-in/code", methods=["GET", "POST"])
@limiter.limit(_two_step_limit, key_func=_pending_account_key, methods=["POST"])
def two_step_code() -> str | Response | tuple[str, int]:
    data = signin.pending()
    user = db.session.get(User, data["user"]) if data else None
    if user is None or not user.is_active:
        flash(gettext("Please log in again."), "info")
        return redirect(url_for("auth.login"))
    form = SignInCodeForm()
    if form.validate_on_submit():
        try:
            kind = accounts.two_step.check_code(user, form.code.data)
        except TwoStepError as error:
            form.code.errors.append(two_step_problem_message(error.reason))
            return render_template("account/two_step_code.html", form=form), 400
        signin.clear_pending()
        signin.sign_in(user, remember=data["remember"])
        if kind is CodeKind.RECOVERY:
            left = accounts.two_step.recovery_codes_left(user)
            flash(
                ngettext(
                    "You used a recovery code; %(num)s is left. Get new codes on your "
                    "security page if you lost your phone.",
                    "You used a recovery code; %(num)s are left. Get new codes on your "
                    "security page if you lost your phone.",
                    left,
                ),
                "warning",
            )
        return redirect(safe_next(data["next"]) or signin.home_for(user))
    return render_template("account/two_step_code.html", form=form)


def _setup_page(form: AppCodeForm) -> str:
    enrolment = accounts.two_step.enrolment(current_user)
    qr_svg = segno.make_qr(enrolment.uri, error="m").svg_inline(
        scale=5,
        border=4,
        omitsize=True,
        title=gettext("QR code for your authenticator app"),
        svgclass="qr-code",
    )
    return render_template(
        "account/two_step_setup.html",
        form=form,
        enrolment=enrolment,
        qr_svg=qr_svg,
        required=current_user.must_set_up_two_step,
    )


def _recovery_codes_page(codes: list[str]) -> str:
    return render_template("account/recovery_codes.html", codes=codes)


@bp.route("/two-step/setup", methods=["GET", "POST"])
@login_required
@limiter.limit(_two_step_limit, key_func=_signed_in_account_key, methods=["POST"])
def two_step_setup() -> str | Response | tuple[str, int]:
    if accounts.two_step.is_enabled(current_user):
        return redirect(url_for("account.security"))
    form = AppCodeForm()
    if form.validate_on_submit():
        try:
            codes = accounts.two_step.enable(current_user, form.code.data)
        except TwoStepError as error:
            form.code.errors.append(two_step_problem_message(error.reason))
            return _setup_page(form), 400
        flash(gettext("Two-step sign-in is on."), "success")
        return _recovery_codes_page(codes)
    return _setup_page(form)


@bp.post("/two-step/recovery-codes")
@login_required
@limiter.limit(_two_step_limit, key_func=_signed_in_account_key)
def renew_recovery_codes() -> str | Response:
    form = AppCodeForm(prefix="renew")
    if form.validate_on_submit():
        try:
            codes = accounts.two_step.renew_recovery_codes(current_user, form.code.data)
        except TwoStepError as error:
            flash(two_step_problem_message(error.reason), "error")
        else:
            return _recovery_codes_page(codes)
    else:
        flash(gettext("Enter the 6-digit code from your app."), "error")
    return redirect(url_for("account.security"))


@bp.post("/two-step/disable")
@login_required
@limiter.limit(_two_step_limit, key_func=_signed_in_account_key)
def disable_two_step() -> Response:
    form = AppCodeForm(prefix="disable")
    if form.validate_on_submit():
        try:
            accounts.two_step.disable(current_user, form.code.data)
        except TwoStepError as error:
            flash(two_step_problem_message(error.reason), "error")
        else:
            flash(gettext("Two-step sign-in is off."), "success")
    else:
        flash(gettext("Enter the 6-digit code from your app."), "error")
    return redirect(url_for("account.security"))
