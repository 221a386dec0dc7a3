"""Educator-facing routes: register, my registrations, cancel with a confirm step."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from pdportal.blueprints.lookups import own_registration_or_404, public_workshop_or_404
from pdportal.blueprints.registration import bp, messages
from pdportal.blueprints.registration.forms import ConfirmCancelForm
from pdportal.services import registration
from pdportal.services.payments import cancellation, fees
from pdportal.services.reports import roster


@bp.post("/workshops/<slug>/register")
def register(slug: str):
    workshop = public_workshop_or_404(slug)
    if not current_user.is_authenticated:
        flash(_("Please log in to register. You will come straight back to the workshop."), "info")
        return redirect(url_for("auth.login", next=url_for("catalog.detail", slug=slug)))
    if not workshop.is_free:
        return redirect(url_for("payments.checkout_options", slug=slug))
    if workshop.requires_approval or registration.asks_questions(workshop.id):
        return redirect(url_for("registration.details", slug=slug))
    title = workshop.title  # read before the service's commit expires it (no reload)
    try:
        result = registration.register(current_user, workshop)
    except registration.RegistrationError as error:
        flash(messages.refusal(error), "error")
    else:
        flash(*messages.registered(result, title))
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
    own = own_registration_or_404(registration_id)
    if not own.is_active:
        flash(_("That registration is already cancelled."), "info")
        return redirect(url_for("registration.my_registrations"))
    form = ConfirmCancelForm()
    if form.validate_on_submit():
        try:
            result = cancellation.cancel(own, current_user, "")
        except registration.RegistrationError as error:
            flash(messages.refusal(error), "error")
        else:
            flash(*messages.cancelled(result.seat, result.fee))
        return redirect(url_for("registration.my_registrations"))
    return render_template(
        "registration/cancel.html",
        registration=own,
        form=form,
        fee=fees.on_giving_up(own),
        waiting=registration.seat_counts([own.workshop_id])[own.workshop_id].waitlisted,
    )
