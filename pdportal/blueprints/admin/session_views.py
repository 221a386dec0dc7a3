"""A workshop's sessions and facilitators, on the admin side."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from pdportal.blueprints.admin import bp
from pdportal.blueprints.admin.forms import EmailForm, SessionForm, text
from pdportal.blueprints.admin.views import back_if_cancelled, show_error, workshop_page
from pdportal.blueprints.lookups import managed_workshop_or_404
from pdportal.extensions import db
from pdportal.models import User, Workshop, WorkshopSession
from pdportal.services import workshops
from pdportal.services.workshops.editing import WorkshopError, utc_to_local


def get_session_or_404(workshop: Workshop, session_id: int) -> WorkshopSession:
    session = db.session.get(WorkshopSession, session_id)
    if session is None or session.workshop_id != workshop.id:
        abort(404)
    return session


def _save(form: SessionForm, workshop: Workshop, save: Callable[..., str]) -> Response | None:
    """Save the session the form describes with `save(day, start, end, location)`, which
    returns what to tell the admin; back to the workshop, or None (errors are on the form)."""
    try:
        message = save(form.day.data, form.start_time.data, form.end_time.data, text(form.location))
    except WorkshopError as error:
        db.session.rollback()
        show_error(form, error)
        return None
    flash(message, "success")
    return redirect(url_for("admin.workshop", slug=workshop.slug))


@bp.route("/workshops/<slug>/sessions/new", methods=["GET", "POST"])
@login_required
def new_session(slug: str) -> str | Response:
    workshop = managed_workshop_or_404(slug)
    if refused := back_if_cancelled(workshop):
        return refused
    form = SessionForm()
    if form.validate_on_submit():
        saved = _save(form, workshop, lambda *when: workshops.add_session(workshop, *when)[1])
        if saved:
            return saved
    return render_template("admin/session_form.html", form=form, workshop=workshop, session=None)


@bp.route("/workshops/<slug>/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@login_required
def edit_session(slug: str, session_id: int) -> str | Response:
    workshop = managed_workshop_or_404(slug)
    session = get_session_or_404(workshop, session_id)
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
    workshop = managed_workshop_or_404(slug)
    session = get_session_or_404(workshop, session_id)
    try:
        flash(workshops.remove_session(session), "success")
    except WorkshopError as error:
        db.session.rollback()
        flash(error.message, "error")
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
            flash(f"{user.name} now facilitates this workshop.", "success")
            return redirect(url_for("admin.workshop", slug=slug))
    return workshop_page(workshop, facilitator_form=form), 400


@bp.post("/workshops/<slug>/facilitators/<int:user_id>/remove")
@login_required
def remove_facilitator(slug: str, user_id: int) -> Response:
    workshop = managed_workshop_or_404(slug)
    user = db.get_or_404(User, user_id)
    try:
        workshops.remove_facilitator(workshop, user)
    except WorkshopError as error:
        flash(error.message, "error")
    else:
        flash(f"{user.name} no longer facilitates this workshop.", "success")
    return redirect(url_for("admin.workshop", slug=slug))
