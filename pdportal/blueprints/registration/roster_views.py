"""Organiser routes: a workshop's roster and CSV, walk-ins, cancellations with a reason,
moving someone off the waitlist, capacity, and messages to registrants.

The roster, its CSV, walk-ins and messages are for the workshop's facilitators and its
network's admins (`policy.can_facilitate`); cancelling a registrant (which may refund
money), moving someone into a seat and changing capacity are for admins only.
"""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.utils import secure_filename

from pdportal import policy
from pdportal.blueprints.lookups import workshop_or_404
from pdportal.blueprints.registration import bp
from pdportal.blueprints.registration.forms import (
    CapacityForm,
    MessageForm,
    OrganiserCancelForm,
    WalkInForm,
)
from pdportal.extensions import db
from pdportal.models import MessageAudience, Registration, Workshop
from pdportal.orm import utcnow
from pdportal.services import registration
from pdportal.services.payments import cancellation
from pdportal.services.registration.booking import RegistrationError
from pdportal.services.reports import roster
from pdportal.templating import count_of

ROSTER = "/facilitate/workshops/<slug>/roster"


def _workshop(slug: str, *, manage: bool = False) -> Workshop:
    """The workshop, if the viewer may facilitate it (or, with `manage`, administer it)."""
    workshop = workshop_or_404(slug)
    allowed = policy.can_manage_workshop if manage else policy.can_facilitate
    policy.require(allowed(current_user, workshop))
    return workshop


def _registration(workshop: Workshop, registration_id: int) -> Registration:
    found = db.get_or_404(Registration, registration_id)
    if found.workshop_id != workshop.id:
        abort(404)
    return found


def _back(workshop: Workshop):
    return redirect(url_for("registration.roster", slug=workshop.slug))


def _render(workshop: Workshop, **forms: FlaskForm):
    forms.setdefault("walk_in_form", WalkInForm(formdata=None))
    forms.setdefault("capacity_form", CapacityForm(formdata=None, capacity=workshop.capacity))
    forms.setdefault("message_form", MessageForm(formdata=None))
    counts = registration.seat_counts([workshop.id])[workshop.id]
    rows = roster.roster(workshop)
    can_manage = policy.can_manage_workshop(current_user, workshop)
    return render_template(
        "registration/roster.html",
        workshop=workshop,
        rows=rows,
        counts=counts,
        messages=roster.messages(workshop),
        can_manage=can_manage,
        **forms,
    )


def _flash_result(action, *args) -> None:
    try:
        result = action(*args)
    except RegistrationError as error:
        flash(error.message, "error")
    else:
        flash(result.message, result.category)


@bp.get(ROSTER, endpoint="roster")
@login_required
def roster_page(slug: str):
    return _render(_workshop(slug))


@bp.get(ROSTER + ".csv")
@login_required
def roster_csv(slug: str):
    workshop = _workshop(slug)
    filename = secure_filename(f"roster-{workshop.slug}-{utcnow():%Y-%m-%d}.csv")
    return Response(
        roster.roster_csv(workshop),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.post(ROSTER + "/walk-in")
@login_required
def add_walk_in(slug: str):
    workshop = _workshop(slug)
    form = WalkInForm()
    if not form.validate_on_submit():
        return _render(workshop, walk_in_form=form), 400
    _flash_result(registration.add_walk_in, workshop, form.email.data, current_user)
    return _back(workshop)


@bp.route(ROSTER + "/<int:registration_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel_registrant(slug: str, registration_id: int):
    workshop = _workshop(slug, manage=True)
    target = _registration(workshop, registration_id)
    if not target.is_active:
        flash("That registration is already cancelled.", "info")
        return _back(workshop)
    form = OrganiserCancelForm()
    if form.validate_on_submit():
        _flash_result(cancellation.cancel, target, current_user, form.reason.data)
        return _back(workshop)
    return render_template(
        "registration/organiser_cancel.html",
        workshop=workshop,
        registration=target,
        form=form,
        refund_note=cancellation.refund_note(target),
    )


@bp.post(ROSTER + "/<int:registration_id>/seat")
@login_required
def move_into_seat(slug: str, registration_id: int):
    workshop = _workshop(slug, manage=True)
    _flash_result(registration.move_into_seat, _registration(workshop, registration_id))
    return _back(workshop)


@bp.post(ROSTER + "/capacity")
@login_required
def set_capacity(slug: str):
    workshop = _workshop(slug, manage=True)
    form = CapacityForm()
    if not form.validate_on_submit():
        return _render(workshop, capacity_form=form), 400
    _flash_result(registration.set_capacity, workshop.id, form.capacity.data)
    return _back(workshop)


@bp.post(ROSTER + "/messages")
@login_required
def send_message(slug: str):
    workshop = _workshop(slug)
    form = MessageForm()
    if not form.validate_on_submit():
        return _render(workshop, message_form=form), 400
    audience = MessageAudience(form.audience.data)
    try:
        sent = roster.send_message(
            workshop, current_user, form.subject.data.strip(), form.body.data, audience
        )
    except RegistrationError as error:
        flash(error.message, "error")
    else:
        flash(f"Message sent to {count_of(sent.recipient_count, 'educator')}.", "success")
    return _back(workshop)
