"""Network admins' dashboard and workshops: create, edit, duplicate, publish, cancel."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from pdportal import policy
from pdportal.blueprints.admin import bp
from pdportal.blueprints.admin import messages as say
from pdportal.blueprints.admin.forms import CancelForm, DuplicateForm, EmailForm, WorkshopForm
from pdportal.blueprints.lookups import managed_networks, managed_workshop_or_404
from pdportal.blueprints.payments import messages as payment_messages
from pdportal.extensions import db
from pdportal.models import Network, RegistrationStatus, Workshop, WorkshopStatus
from pdportal.services import workshops
from pdportal.services.payments import cancellation
from pdportal.services.reports import dashboard as admin_dashboard
from pdportal.services.reports import roster
from pdportal.services.workshops import details as workshop_details
from pdportal.services.workshops.editing import WorkshopDetails, WorkshopError
from pdportal.services.workshops.networks import NetworkError


def back_if_cancelled(workshop: Workshop) -> Response | None:
    """A cancelled workshop's forms would change nothing: back to its page, saying why."""
    if workshop.status != WorkshopStatus.CANCELLED:
        return None
    flash(_("This workshop is cancelled and can no longer be changed."), "info")
    return redirect(url_for("admin.workshop", slug=workshop.slug))


def show_error(form, error: WorkshopError | NetworkError) -> None:
    """A service's refusal (every rule it found broken), each in words next to its field
    when the form has one, else as a flash."""
    for problem in error.problems:
        words = say.problem(problem)
        if problem.field and problem.field in form:
            if words not in form[problem.field].errors:
                form[problem.field].errors = [*form[problem.field].errors, words]
        else:
            flash(words, "error")


def flash_problems(error: WorkshopError | NetworkError) -> None:
    """A refusal with no form to show it in: each problem as a flash."""
    for problem in error.problems:
        flash(say.problem(problem), "error")


def show_rule_problems(
    form: WorkshopForm, network: Network | None, workshop: Workshop | None
) -> None:
    """The form refused some fields: check the workshop rules on the rest too, so the
    admin sees every mistake in one round (a refused field keeps its own message)."""
    if network is None or "csrf_token" in form.errors:
        return
    _values, problems = workshop_details.details_problems(form.details(), network, workshop)
    for problem in problems:
        if not (problem.field in form and form[problem.field].errors):
            show_error(form, problem)


# Other areas' pages of one workshop (endpoint, label); a test checks each one exists.
WORKSHOP_LINKS = [
    ("facilitate.roster", _l("Roster and registrations")),
    ("facilitate.workshop", _l("Attendance")),
    ("facilitate.certificates_desk", _l("Certificates")),
    ("facilitate.evaluation_results", _l("Evaluations")),
    ("payments.workshop_report", _l("Payments")),
    ("payments.workshop_codes", _l("Discount codes")),
    ("catalog.detail", _l("Public page")),
    ("calendar.workshop_ics", _l("Calendar file (.ics)")),
]


def area_links(workshop: Workshop) -> list[tuple[str, str]]:
    return [
        (str(label), url_for(endpoint, slug=workshop.slug)) for endpoint, label in WORKSHOP_LINKS
    ]


@bp.get("/")
@login_required
def index() -> str:
    policy.require(policy.can_open_administration(current_user))
    networks = managed_networks()
    return render_template(
        "admin/index.html",
        networks=networks,
        board=admin_dashboard.build([network.id for network in networks]),
        is_site_admin=policy.is_site_admin(current_user),
        RegistrationStatus=RegistrationStatus,
        WorkshopStatus=WorkshopStatus,
    )


@bp.route("/workshops/new", methods=["GET", "POST"])
@login_required
def new_workshop() -> str | Response:
    networks = managed_networks()
    if not networks:
        policy.require(policy.can_manage_networks(current_user))
        flash(_("Create a network first: every workshop belongs to one."), "info")
        return redirect(url_for("admin.networks"))
    form = WorkshopForm()
    form.network.choices = [SelectChoice(network.id, network.name) for network in networks]
    if form.is_submitted():
        network = next((n for n in networks if n.id == form.network.data), None)
        if not form.validate():
            show_rule_problems(form, network, None)
        else:
            try:
                workshop = workshops.create_workshop(network, form.details())
            except WorkshopError as error:
                show_error(form, error)
            else:
                flash(_("Draft saved. Add its sessions, then publish it."), "success")
                return redirect(url_for("admin.workshop", slug=workshop.slug))
    return render_template("admin/workshop_form.html", form=form, workshop=None)


@bp.get("/workshops/<slug>")
@login_required
def workshop(slug: str) -> str:
    return workshop_page(managed_workshop_or_404(slug), facilitator_form=EmailForm())


def workshop_page(workshop: Workshop, facilitator_form: EmailForm) -> str:
    """The workshop's admin page (also re-shown with the facilitator form's errors)."""
    live = workshop.status in (WorkshopStatus.DRAFT, WorkshopStatus.PUBLISHED)
    return render_template(
        "admin/workshop.html",
        workshop=workshop,
        zone=workshop.network.time_zone,
        counts=admin_dashboard.registration_counts([workshop.id]).get(workshop.id, {}),
        facilitator_form=facilitator_form,
        links=area_links(workshop),
        messages=roster.messages(workshop),
        payment_problem=say.no_way_to_pay(workshop.price_cents)
        if live and workshop_details.cannot_be_paid(workshop)
        else "",
        place_notices=[
            say.missing_place(place) for place in workshop_details.missing_places(workshop)
        ]
        if live
        else [],
        active=workshops.active_registration_count(workshop)
        if workshop.status == WorkshopStatus.PUBLISHED
        else 0,
        state=workshops.approval.state(workshop),
    )


@bp.route("/workshops/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit_workshop(slug: str) -> str | Response:
    workshop = managed_workshop_or_404(slug)
    if refused := back_if_cancelled(workshop):
        return refused
    form = WorkshopForm()
    del form.network
    if not form.is_submitted():
        form.fill(WorkshopDetails.of(workshop))
    elif not form.validate():
        show_rule_problems(form, workshop.network, workshop)
    else:
        try:
            saved = workshops.update_workshop(workshop, form.details())
        except WorkshopError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            flash(say.workshop_saved(saved), "success")
            return redirect(url_for("admin.workshop", slug=workshop.slug))
    return render_template("admin/workshop_form.html", form=form, workshop=workshop)


@bp.route("/workshops/<slug>/duplicate", methods=["GET", "POST"])
@login_required
def duplicate_workshop(slug: str) -> str | Response:
    workshop = managed_workshop_or_404(slug)
    form = DuplicateForm()
    if form.validate_on_submit():
        try:
            copy = workshops.duplicate_workshop(
                workshop, weeks=form.weeks.data, slug=form.slug.data or ""
            )
        except WorkshopError as error:
            show_error(form, error)
        else:
            flash(_("Copy saved as a draft. Check it, then publish it."), "success")
            return redirect(url_for("admin.workshop", slug=copy.slug))
    return render_template("admin/duplicate.html", form=form, workshop=workshop)


@bp.post("/workshops/<slug>/publish")
@login_required
def publish_workshop(slug: str) -> Response:
    workshop = managed_workshop_or_404(slug)
    try:
        published = workshops.publish_workshop(workshop)
    except WorkshopError as error:
        flash_problems(error)
    else:
        flash(say.published(published), "success")
    return redirect(url_for("admin.workshop", slug=slug))


@bp.post("/workshops/<slug>/unpublish")
@login_required
def unpublish_workshop(slug: str) -> Response:
    workshop = managed_workshop_or_404(slug)
    try:
        workshops.unpublish_workshop(workshop)
    except WorkshopError as error:
        flash_problems(error)
    else:
        flash(_("Back to draft: it is no longer in the catalog."), "success")
    return redirect(url_for("admin.workshop", slug=slug))


@bp.route("/workshops/<slug>/cancel", methods=["GET", "POST"])
@login_required
def cancel_workshop(slug: str) -> str | Response:
    workshop = managed_workshop_or_404(slug)
    if refused := back_if_cancelled(workshop):
        return refused
    form = CancelForm()
    if form.validate_on_submit():
        try:
            done = cancellation.cancel_workshop(workshop, current_user, form.reason.data)
        except WorkshopError as error:
            show_error(form, error)
        else:
            flash(*payment_messages.workshop_cancelled(done))
            return redirect(url_for("admin.workshop", slug=slug))
    return render_template(
        "admin/cancel.html",
        form=form,
        workshop=workshop,
        active=workshops.active_registration_count(workshop),
        card_refunds=payment_messages.card_refunds_preview(
            cancellation.card_refunds_preview(workshop)
        ),
    )
