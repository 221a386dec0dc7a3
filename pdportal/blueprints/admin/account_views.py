"""Site administration of accounts: deactivation (with its confirm step), merging a
duplicate account, and the audit log with a CSV export."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from pdportal import policy
from pdportal.blueprints.admin import bp
from pdportal.blueprints.admin.forms import EmailForm
from pdportal.blueprints.confirm import confirm_page, is_confirmed
from pdportal.blueprints.lookups import site_user_or_404
from pdportal.documents.spreadsheet import csv_download
from pdportal.extensions import db
from pdportal.i18n import format_local
from pdportal.models import AuditAction, User
from pdportal.services import accounts
from pdportal.services.accounts.audit import AuditFilter
from pdportal.services.accounts.merging import MergeError, MergeProblem


def _back_to_users() -> Response:
    return redirect(url_for("admin.users", q=request.form.get("q", "")[:200]))


@bp.post("/users/<int:user_id>/deactivate")
@login_required
def deactivate_user(user_id: int) -> str | Response:
    user = site_user_or_404(user_id)
    policy.require(policy.can_deactivate(current_user, user))
    if not is_confirmed():
        return confirm_page(
            heading=_("Deactivate %(who)s?", who=f"{user.name} ({user.email})"),
            consequences=[
                _("They are logged out everywhere at once and cannot log in again."),
                _(
                    "Their registrations, attendance and certificates are kept, and their "
                    "certificates still verify. You can reactivate the account later."
                ),
            ],
            action=url_for("admin.deactivate_user", user_id=user.id),
            hidden={"q": request.form.get("q", "")[:200]},
            confirm_label=_("Deactivate account"),
            cancel_url=url_for("admin.users", q=request.form.get("q", "")[:200]),
            audited=True,
        )
    if accounts.deactivate(user, actor=current_user):
        flash(_("%(name)s's account is deactivated.", name=user.name), "success")
    return _back_to_users()


@bp.post("/users/<int:user_id>/reactivate")
@login_required
def reactivate_user(user_id: int) -> Response:
    user = site_user_or_404(user_id)
    policy.require(policy.can_deactivate(current_user, user))
    if accounts.reactivate(user, actor=current_user):
        flash(_("%(name)s can log in again.", name=user.name), "success")
    return _back_to_users()


def _audit_filter() -> AuditFilter:
    action = request.args.get("action", "")
    return AuditFilter(
        action=AuditAction(action) if action in AuditAction.labels() else None,
        person=request.args.get("person", "").strip()[:200],
    )


@bp.get("/audit")
@login_required
def audit_log() -> str:
    policy.require(policy.can_read_audit_log(current_user))
    audit_filter = _audit_filter()
    page = min(max(request.args.get("page", 1, type=int), 1), 10_000)
    return render_template(
        "admin/audit.html",
        audit_filter=audit_filter,
        pagination=accounts.audit.audit_page(audit_filter, page),
        actions=AuditAction,
        zone=current_app.config["ACCOUNT_TIME_ZONE"],
    )


@bp.get("/audit.csv")
@login_required
def audit_csv() -> Response:
    policy.require(policy.can_read_audit_log(current_user))
    zone = current_app.config["ACCOUNT_TIME_ZONE"]
    header = [_("When"), _("What"), _("Who did it"), _("To whom"), _("On what")]
    rows = (
        [
            format_local(entry.at, zone),
            entry.action.label,
            entry.actor_label,
            entry.subject_label,
            entry.target,
        ]
        for entry in accounts.audit.audit_entries(_audit_filter())
    )
    return csv_download([header, *rows], "audit-log.csv")


# --- merging duplicates -----------------------------------------------------------------


def _merge_refusal(error: MergeError) -> str:
    match error.reason:
        case MergeProblem.SAME_ACCOUNT:
            return _("That is this same account. Enter the email of the duplicate.")
        case MergeProblem.STAFF:
            return _("The duplicate is an administrator. Remove its admin roles first.")
        case MergeProblem.ALREADY_GONE:
            return _("That account was already closed or merged.")
        case MergeProblem.CONFLICTS:
            return _("Both accounts hold the same workshop. Cancel one registration first.")


@bp.route("/merge", methods=["GET", "POST"])
@login_required
def merge_start() -> str | Response | tuple[str, int]:
    """A network admin's way in (site admins also start from the users page): the account
    to keep, by email. One answer for an unknown account and one they may not merge."""
    policy.require(policy.is_any_admin(current_user))
    form = EmailForm()
    if form.validate_on_submit():
        keep = accounts.find_user_by_email(form.email.data)
        if keep is not None and policy.can_merge(current_user, keep, keep):
            return redirect(url_for("admin.merge_user", user_id=keep.id))
        form.email.errors.append(_("No account you may merge has that email address."))
    status = 400 if form.errors else 200
    return render_template("admin/merge_start.html", form=form), status


@bp.route("/users/<int:user_id>/merge", methods=["GET", "POST"])
@login_required
def merge_user(user_id: int) -> str | Response | tuple[str, int]:
    keep = db.get_or_404(User, user_id)
    policy.require(policy.can_merge(current_user, keep, keep))
    form = EmailForm()
    if form.validate_on_submit():
        duplicate = accounts.find_user_by_email(form.email.data)
        if duplicate is None:
            form.email.errors.append(_("No account has that email address."))
        else:
            policy.require(policy.can_merge(current_user, keep, duplicate))
            try:
                if is_confirmed():
                    accounts.merging.merge(keep, duplicate, actor=current_user)
                    flash(
                        _("The duplicate is merged into %(name)s's account.", name=keep.name),
                        "success",
                    )
                    return redirect(url_for("admin.users", q=keep.email))
                plan = accounts.merging.preview(keep, duplicate)
            except MergeError as error:
                form.email.errors.append(_merge_refusal(error))
            else:
                return render_template("admin/merge.html", keep=keep, plan=plan, form=form)
    status = 400 if form.errors else 200
    return render_template("admin/merge.html", keep=keep, plan=None, form=form), status
