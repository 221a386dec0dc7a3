"""A workshop's sessions and facilitators, on the admin side."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from pdportal.blueprints.admin import bp
from pdportal.blueprints.admin import messages as say
from pdportal.blueprints.admin.forms import EmailForm, SessionForm, text
from pdportal.blueprints.admin.views import (
    back_if_cancelled,
    flash_problems,
    show_error,
    workshop_page,
)
from pdportal.blueprints.lookups import (
    managed_facilitator_or_404,
    managed_session_or_404,
    managed_workshop_or_404,
)
from pdportal.extensions import db
from pdportal.models import Workshop
from pdportal.services import workshops
from pdportal.services.workshops import SessionOutcome, WorkshopError
from pdportal.services.workshops.details import utc_to_local


def _save(
    form: SessionForm, workshop: Workshop, save: Callable[..., SessionOutcome]
) -> Response | None:
    """Save the session the form describes with `save(day, start, end, location)`; back
    to the workshop saying what happened, or None (the errors are on the form)."""
    try:
        outcome = save(form.day.data, form.start_time.data, form.end_time.data, text(form.location))
    except WorkshopError as error:
        db.session.rollback()
        show_error(form, error)
        return None
    flash(say.session_outcome(outcome), "success")
    return redirect(url_for("admin.workshop", slug=workshop.slug))


@bp.route("/workshops/<slug>/sessions/new", methods=["GET", "POST"])
@login_required
def new_session(slug: str) -> str | Response:
    workshop = managed_workshop_or_404(slug)
    if refused := back_if_cancelled(workshop):
        return refused
    form = SessionForm()
    if form.validate_on_submit():
        saved = _save(form, workshop, lambda *when: workshops.add_session(workshop, *when))
        if saved:
            return saved
    return render_template("admin/session_form.html", form=form, workshop=workshop, session=None)


@bp.route("/workshops/<slug>/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@login_required
def edit_session(slug: str, session_id: int) -> str | Response:
    workshop, session = managed_session_or_404(slug, session_id)
    if refused := back_if_cancelled(workshop):
        return refused
    form = SessionForm()
    if form.validate_on_submit():
        saved = _save(form, workshop, lambda *when: workshops.update_session(session, *when))
        if saved:
            return saved
    elif not form.is_submitted():
        starts = utc_to_local(session.starts_at, workshop.network.time_zone)
        ends = utc_to_local(session.ends_at, workshop.network.time_zone)
        form.day.data, form.start_time.data = starts.date(), starts.time()
        form.end_time.data, form.location.data = ends.time(), session.location
    return render_template("admin/session_form.html", form=form, workshop=workshop, session=session)


@bp.post("/workshops/<slug>/sessions/<int:session_id>/remove")
@login_required
def remove_session(slug: str, session_id: int) -> Response:
    _workshop, session = managed_session_or_404(slug, session_id)
    try:
        outcome = workshops.remove_session(session)
    except WorkshopError as error:
        db.session.rollback()
        flash_problems(error)
    else:
        flash(say.session_outcome(outcome), "success")
    return redirect(url_for("admin.workshop", slug=slug))


@bp.post("/workshops/<slug>/facilitators")
@login_required
def assign_facilitator(slug: str) -> str | Response:
    workshop = managed_workshop_or_404(slug)
    form = EmailForm()
    if form.validate_on_submit():
        try:
            user = workshops.assign_facilitator(workshop, form.email.data)
        except WorkshopError as error:
            show_error(form, error)
        else:
            flash(_("%(name)s now facilitates this workshop.", name=user.name), "success")
            return redirect(url_for("admin.workshop", slug=slug))
    return workshop_page(workshop, facilitator_form=form), 400


@bp.post("/workshops/<slug>/facilitators/<int:user_id>/remove")
@login_required
def remove_facilitator(slug: str, user_id: int) -> Response:
    workshop, user = managed_facilitator_or_404(slug, user_id)
    try:
        workshops.remove_facilitator(workshop, user)
    except WorkshopError as error:
        flash_problems(error)
    else:
        flash(_("%(name)s no longer facilitates this workshop.", name=user.name), "success")
    return redirect(url_for("admin.workshop", slug=slug))
