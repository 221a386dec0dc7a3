"""Coordinators' pages (/district/…), the appointment of coordinators
(/admin/networks/<slug>/coordinators) and the invitation to set a password."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.utils import secure_filename
from wtforms.fields.choices import SelectChoice

from pdportal import policy
from pdportal.blueprints.auth import signin
from pdportal.blueprints.auth.forms import ResetPasswordForm
from pdportal.blueprints.auth.messages import account_error_message
from pdportal.blueprints.confirm import confirm_page, is_confirmed
from pdportal.blueprints.districts import bp, messages
from pdportal.blueprints.districts.forms import (
    AppointForm,
    ApprovalAnswerForm,
    ConfirmForm,
    GroupRegistrationForm,
)
from pdportal.blueprints.lookups import (
    managed_network_or_404,
    registration_or_404,
)
from pdportal.blueprints.registration import messages as registration_messages
from pdportal.documents.spreadsheet import csv_download
from pdportal.extensions import db
from pdportal.i18n import to_local
from pdportal.models import (
    DistrictCoordinator,
    Network,
    RegistrationGroup,
)
from pdportal.orm import utcnow
from pdportal.services import accounts, directory, districts, registration
from pdportal.services.payments import cancellation

CSV_TIME = "%Y-%m-%d %H:%M"  # the network's local time, the same in every language


def _own_role_or_404(role_id: int) -> DistrictCoordinator:
    role = db.get_or_404(DistrictCoordinator, role_id)
    policy.require(policy.is_own_coordinator_role(current_user, role))
    return role


@bp.get("/district")
@login_required
def home():
    roles = districts.roles_of(current_user)
    if not roles:
        abort(403)
    listed = [(role, districts.district_registrations(role)) for role in roles]
    return render_template("districts/home.html", listed=listed)


@bp.route("/district/<int:role_id>/register", methods=["GET", "POST"])
@login_required
def register_staff(role_id: int):
    role = _own_role_or_404(role_id)
    workshops = {workshop.slug: workshop for workshop in districts.open_workshops(role)}
    form = GroupRegistrationForm()
    form.workshop.choices = [SelectChoice("", _("Choose a workshop"))] + [
        SelectChoice(slug, workshop.title) for slug, workshop in workshops.items()
    ]
    if form.validate_on_submit():
        workshop = workshops.get(form.workshop.data)
        staff, bad = districts.parse_staff(form.staff.data)
        if workshop is None:
            form.workshop.errors.append(_("Choose a workshop."))
        elif bad:
            form.staff.errors.extend(messages.bad_line(line) for line in bad)
        else:
            try:
                result = districts.register_staff(
                    role,
                    workshop,
                    staff,
                    form.po_number.data or "",
                    language=current_user.preferred_language,
                )
            except districts.GroupError as error:
                field = form.po_number if error.reason.startswith("po") else form.staff
                field.errors.append(messages.group_refusal(error))
            except registration.RegistrationError as error:
                form.workshop.errors.append(registration_messages.refusal(error))
            else:
                flash(_("Your staff are registered. Here is who got what."), "success")
                return redirect(url_for("districts.group", group_id=result.group_id))
    return render_template("districts/register.html", form=form, role=role)


@bp.get("/district/groups/<int:group_id>")
@login_required
def group(group_id: int):
    found = db.get_or_404(RegistrationGroup, group_id)
    policy.require(policy.can_see_district_group(current_user, found))
    return render_template("districts/group.html", group=found, members=districts.members(found))


@bp.route("/district/registrations/<int:registration_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(registration_id: int):
    found = registration_or_404(registration_id)
    policy.require(policy.can_cancel_for_district(current_user, found))
    form = ConfirmForm()
    if not found.is_active:
        flash(_("That registration is already cancelled."), "info")
        return redirect(url_for("districts.home"))
    if form.validate_on_submit():
        try:
            result = cancellation.cancel(
                found, current_user, registration.SystemReason.BY_COORDINATOR
            )
        except registration.RegistrationError as error:
            flash(registration_messages.refusal(error), "error")
        else:
            flash(*registration_messages.cancelled_by_organiser(result.seat, result.fee))
        return redirect(url_for("districts.home"))
    return render_template("districts/cancel.html", form=form, registration=found)


@bp.route("/admin/networks/<slug>/coordinators", methods=["GET", "POST"])
@login_required
def coordinators(slug: str):
    network = managed_network_or_404(slug)
    form = AppointForm()
    form.district.choices = [SelectChoice(0, _("Not listed"))] + [
        SelectChoice(d.id, d.name) for d in directory.districts()
    ]
    if form.validate_on_submit():
        district = directory.district(form.district.data) if form.district.data else None
        typed = form.district_name.data or ""
        checked = districts.check_appointment(form.email.data, district, typed)
        if isinstance(checked, districts.Appointment) and not is_confirmed():
            return _confirm_appointment(network, checked, form)
        problem = districts.appoint(network, form.email.data, district, typed, current_user)
        if problem is None:
            flash(_("The coordinator is appointed."), "success")
            return redirect(url_for("districts.coordinators", slug=slug))
        field = form.email if problem == districts.AppointProblem.NO_ACCOUNT else form.district_name
        field.errors.append(messages.appoint_problem(problem))
    return render_template(
        "districts/coordinators.html",
        network=network,
        form=form,
        coordinators=districts.of_network(network.id),
    )


def _confirm_appointment(
    network: Network, appointment: districts.Appointment, form: AppointForm
) -> str:
    user = appointment.user
    return confirm_page(
        heading=_(
            "Make %(who)s coordinator of %(district)s?",
            who=f"{user.name} ({user.email})",
            district=appointment.district_name,
        ),
        consequences=[
            _(
                "They will register educators of %(district)s for the workshops of "
                "%(network)s, and see and cancel those registrations.",
                district=appointment.district_name,
                network=network.name,
            ),
            _("They are emailed that they were appointed."),
        ],
        action=url_for("districts.coordinators", slug=network.slug),
        hidden={
            "email": form.email.data,
            "district": str(form.district.data or 0),
            "district_name": form.district_name.data or "",
        },
        confirm_label=_("Appoint"),
        cancel_url=url_for("districts.coordinators", slug=network.slug),
        audited=True,
    )


@bp.route("/district/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    try:
        user = districts.user_for_invitation(token)
    except accounts.AccountError as error:
        return render_template(
            "districts/invitation_invalid.html", message=account_error_message(error)
        ), 400
    form = ResetPasswordForm()
    form.account_email, form.account_name = user.email, user.name
    if form.validate_on_submit():
        try:
            user = districts.accept(token, form.password.data)
        except accounts.AccountError as error:
            form.password.errors.append(account_error_message(error))
        else:
            signin.sign_in(user, remember=False)
            flash(_("Your password is set. Please complete your profile."), "success")
            return redirect(url_for("auth.profile"))
    return render_template("districts/invitation.html", form=form, user=user, token=token)


# --- supervisor approval -------------------------------------------------------------------


@bp.route("/approvals/<token>", methods=["GET", "POST"])
def approval(token: str):
    """The supervisor's one-click page: no account, only what they need to answer."""
    view = registration.for_token(token)
    if view is None:
        abort(404)
    form = ApprovalAnswerForm()
    answered = None
    if form.validate_on_submit():
        approve = request.form.get("answer") == "approve"
        answered = registration.answer(view.approval.id, approve, form.substitute_needed.data)
        view = registration.for_token(token)
    return render_template(
        "districts/approval.html",
        form=form,
        view=view,
        answered=answered,
        message=messages.approval_answer(answered) if answered else "",
    )


@bp.get("/district/<int:role_id>/substitutes.csv")
@login_required
def substitutes_csv(role_id: int):
    """The district's registrations with whether each educator needs a substitute."""
    role = _own_role_or_404(role_id)
    rows: list[list[object]] = [
        [
            _("Name"),
            _("Email"),
            _("Workshop"),
            _("First session"),
            _("Status"),
            _("Supervisor approval"),
            _("Substitute needed"),
        ]
    ]
    for row in districts.substitutes(role):
        found, workshop = row.registration, row.registration.workshop
        starts = (
            to_local(workshop.starts_at, workshop.network.time_zone) if workshop.starts_at else None
        )
        rows.append(
            [
                found.user.name,
                found.user.email,
                workshop.title,
                starts.strftime(CSV_TIME) if starts else "",
                found.status.label,
                row.approval.status.label if row.approval else "",
                registration_messages.answer_text(row.substitute_needed),
            ]
        )
    filename = secure_filename(f"substitutes-{role.district_name}-{utcnow():%Y-%m-%d}.csv")
    return csv_download(rows, filename)


@bp.post("/admin/networks/<slug>/coordinators/<int:role_id>/end")
@login_required
def end_coordinator(slug: str, role_id: int):
    network = managed_network_or_404(slug)
    role = db.get_or_404(DistrictCoordinator, role_id)
    if role.network_id != network.id:
        abort(404)
    if not is_confirmed():
        return confirm_page(
            heading=_(
                "End %(who)s's role as coordinator of %(district)s?",
                who=f"{role.user.name} ({role.user.email})",
                district=role.district_name,
            ),
            consequences=[
                _(
                    "They will no longer register educators of %(district)s or see their "
                    "registrations; the registrations they made are kept.",
                    district=role.district_name,
                )
            ],
            action=url_for("districts.end_coordinator", slug=slug, role_id=role.id),
            confirm_label=_("End the role"),
            cancel_url=url_for("districts.coordinators", slug=slug),
            audited=True,
        )
    if ConfirmForm().validate_on_submit():
        districts.end(role, current_user)
        flash(
            _(
                "%(name)s no longer coordinates %(district)s.",
                name=role.user.name,
                district=role.district_name,
            ),
            "success",
        )
    return redirect(url_for("districts.coordinators", slug=slug))
