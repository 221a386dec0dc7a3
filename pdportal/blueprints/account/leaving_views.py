"""Leaving and data access: download everything held about me, close my account."""

from __future__ import annotations

import json

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user, login_required, logout_user

from pdportal.blueprints.account import bp
from pdportal.blueprints.account.forms import CloseAccountForm
from pdportal.documents.spreadsheet import csv_download
from pdportal.services import accounts
from pdportal.services.accounts.leaving import CloseError, CloseProblem


@bp.get("/data")
@login_required
def my_data() -> str:
    return render_template("account/data.html")


@bp.get("/data.json")
@login_required
def my_data_json() -> Response:
    body = json.dumps(accounts.leaving.personal_data(current_user), ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="pdportal-my-data.json"'},
    )


@bp.get("/data.csv")
@login_required
def my_data_csv() -> Response:
    header = [gettext("Section"), gettext("Item"), gettext("Field"), gettext("Value")]
    rows = accounts.leaving.personal_data_rows(current_user)
    return csv_download([header, *rows], "pdportal-my-data.csv")


def _close_problem_message(error: CloseError) -> str:
    match error.reason:
        case CloseProblem.WRONG_PASSWORD:
            return gettext("That is not your current password.")
        case CloseProblem.STAFF:
            return gettext(
                "You are an administrator. Ask another site admin to remove your admin roles "
                "first, so that nobody is left without the people who run their network."
            )
        case CloseProblem.ACTIVE_REGISTRATIONS:
            return ngettext(
                "You are registered for %(num)s workshop that has not ended. Cancel it on "
                "your registrations page first.",
                "You are registered for %(num)s workshops that have not ended. Cancel them "
                "on your registrations page first.",
                error.values["count"],
            )


@bp.route("/close", methods=["GET", "POST"])
@login_required
def close_account() -> str | Response | tuple[str, int]:
    form = CloseAccountForm()
    if form.validate_on_submit():
        try:
            accounts.leaving.close_account(current_user, form.current_password.data)
        except CloseError as error:
            field = form.current_password if error.reason is CloseProblem.WRONG_PASSWORD else None
            if field is not None:
                field.errors.append(_close_problem_message(error))
            else:
                form.form_errors.append(_close_problem_message(error))
        else:
            logout_user()
            flash(gettext("Your account is closed. Thank you for learning with us."), "success")
            return redirect(url_for("catalog.index"))
        status = 400
    else:
        status = 400 if form.errors else 200
    page = render_template(
        "account/close.html", form=form, kept=accounts.leaving.kept_records(current_user)
    )
    return page, status
