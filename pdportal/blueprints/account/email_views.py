"""An account's email addresses: add one (verified by a link), make one primary, remove
one, and the old address's week-long undo."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required, logout_user
from werkzeug.wrappers import Response

from pdportal.blueprints.account import bp
from pdportal.blueprints.account.forms import AddEmailForm
from pdportal.blueprints.auth.messages import account_error_message
from pdportal.extensions import limiter
from pdportal.services import accounts
from pdportal.services.accounts import AccountError
from pdportal.services.accounts.emails import UndoableChange


def _emails_page(form: AddEmailForm) -> str:
    return render_template(
        "account/emails.html", form=form, addresses=accounts.emails.addresses(current_user)
    )


def _invalid_link(error: AccountError) -> tuple[str, int]:
    page = render_template(
        "auth/invalid_link.html",
        message=account_error_message(error),
        retry_endpoint="account.emails",
    )
    return page, 400


@bp.route("/emails", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per hour", methods=["POST"])  # each POST sends an email
def emails() -> str | Response | tuple[str, int]:
    form = AddEmailForm()
    if form.validate_on_submit():
        try:
            email = accounts.emails.request_new_address(
                current_user,
                form.email.data,
                form.current_password.data,
                make_primary=form.make_primary.data,
            )
        except AccountError as error:
            form[error.field or "email"].errors.append(account_error_message(error))
            return _emails_page(form), 400
        flash(
            gettext(
                "We sent a confirmation link to %(email)s. Follow it to add the address.",
                email=email,
            ),
            "success",
        )
        return redirect(url_for("account.emails"))
    return _emails_page(form)


@bp.route("/emails/verify/<token>", methods=["GET", "POST"])
def verify_email(token: str) -> str | Response | tuple[str, int]:
    """GET shows a button; the POST adds the address (a link scanner changes nothing)."""
    try:
        if request.method != "POST":
            return render_template(
                "account/verify_email.html", pending=accounts.emails.pending_address(token)
            )
        pending = accounts.emails.verify_new_address(token)
    except AccountError as error:
        return _invalid_link(error)
    if pending.make_primary:
        message = gettext("%(email)s is now your email address.", email=pending.email)
    else:
        message = gettext("%(email)s is added to your account.", email=pending.email)
    flash(message, "success")
    signed_in = current_user.is_authenticated and current_user.id == pending.user.id
    return redirect(url_for("account.emails" if signed_in else "auth.login"))


@bp.post("/emails/<int:address_id>/primary")
@login_required
def make_primary_email(address_id: int) -> Response:
    try:
        email = accounts.emails.make_primary(current_user, address_id)
    except AccountError as error:
        flash(account_error_message(error), "error")
    else:
        flash(
            gettext(
                "%(email)s is now your email address. Other devices have been logged out.",
                email=email,
            ),
            "success",
        )
    return redirect(url_for("account.emails"))


@bp.post("/emails/<int:address_id>/remove")
@login_required
def remove_email(address_id: int) -> Response:
    try:
        email = accounts.emails.remove_address(current_user, address_id)
    except AccountError as error:
        flash(account_error_message(error), "error")
    else:
        flash(gettext("%(email)s is removed from your account.", email=email), "success")
    return redirect(url_for("account.emails"))


def _undo_page(change: UndoableChange) -> str:
    return render_template("account/undo_email.html", change=change)


@bp.route("/emails/undo/<token>", methods=["GET", "POST"])
def undo_email_change(token: str) -> str | Response | tuple[str, int]:
    try:
        if request.method != "POST":
            return _undo_page(accounts.emails.undoable_change(token))
        change = accounts.emails.undo_change(token)
    except AccountError as error:
        return _invalid_link(error)
    logout_user()
    flash(
        gettext(
            "%(email)s is your account's address again and every device has been logged "
            "out. Choose a new password now, in case someone else knows it.",
            email=change.old_email,
        ),
        "success",
    )
    return redirect(url_for("auth.reset_request"))
