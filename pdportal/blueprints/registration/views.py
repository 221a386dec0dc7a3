"""Educator-facing routes: register, my registrations, cancel with a confirm step."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from pdportal import policy
from pdportal.blueprints.registration import bp
from pdportal.blueprints.registration.forms import ConfirmCancelForm
from pdportal.extensions import db
from pdportal.models import Registration, Workshop
from pdportal.services import catalog, registration
from pdportal.services.payments import cancellation
from pdportal.services.registration import waitlist
from pdportal.services.registration.booking import RegistrationError
from pdportal.services.reports import roster


@bp.app_template_global()
def waitlist_position(registration: Registration) -> int | None:
    """The registration's place in its waitlist (for `_workshop_panel.html`)."""
    return waitlist.waitlist_position(registration)


@bp.app_template_global()
def registration_closed_reason(workshop: Workshop) -> str | None:
    """Why nobody may register for this workshop now, or None if they may."""
    return registration.closed_reason(workshop)


@bp.post("/workshops/<slug>/register")
def register(slug: str):
    workshop = catalog.get_public_workshop_or_404(slug)
    if not current_user.is_authenticated:
        flash("Please log in to register. You will come straight back to the workshop.", "info")
        return redirect(url_for("auth.login", next=url_for("catalog.detail", slug=slug)))
    if not workshop.is_free:
        return redirect(url_for("payments.checkout_options", slug=slug))
    try:
        result = registration.register(current_user, workshop)
    except RegistrationError as error:
        flash(error.message, "error")
    else:
        flash(result.message, result.category)
    return redirect(url_for("catalog.detail", slug=slug))


@bp.get("/me/registrations")
@login_required
def my_registrations():
    return render_template(
        "registration/my_registrations.html", lists=roster.for_educator(current_user)
    )


@bp.route("/me/registrations/<int:registration_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(registration_id: int):
    own = db.get_or_404(Registration, registration_id)
    policy.require(own.user_id == current_user.id)
    if not own.is_active:
        flash("That registration is already cancelled.", "info")
        return redirect(url_for("registration.my_registrations"))
    form = ConfirmCancelForm()
    if form.validate_on_submit():
        try:
            result = cancellation.cancel(own, current_user, "")
        except RegistrationError as error:
            flash(error.message, "error")
        else:
            flash(result.message, result.category)
        return redirect(url_for("registration.my_registrations"))
    return render_template(
        "registration/cancel.html",
        registration=own,
        form=form,
        refund_note=cancellation.refund_note(own),
        waiting=registration.seat_counts([own.workshop_id])[own.workshop_id].waitlisted,
    )
