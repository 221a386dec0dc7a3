"""Registering for a free workshop that asks questions or needs a supervisor's approval:
one page asks both, then the seat is decided with the answers kept beside it."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from pdportal.blueprints.lookups import own_registration_or_404, public_workshop_or_404
from pdportal.blueprints.registration import bp, messages
from pdportal.blueprints.registration.forms import NO, YES, checked_answers, details_form
from pdportal.models import QuestionKind
from pdportal.services import registration


@bp.route("/me/registrations/<int:registration_id>/answers", methods=["GET", "POST"])
@login_required
def answers(registration_id: int):
    """Answer the workshop's questions after registering (the current answers filled in)."""
    own = own_registration_or_404(registration_id)
    workshop = own.workshop
    questions = registration.asked(workshop.id)
    if not own.is_active or not questions:
        return redirect(url_for("registration.my_registrations"))
    form = details_form(questions, needs_supervisor=False)
    if not form.is_submitted():
        given = registration.answers_for([own.id]).get(own.id, {})
        for question in questions:
            value = given.get(question.id)
            if question.kind == QuestionKind.YES_NO and value is not None:
                value = YES if value else NO
            form[f"q{question.id}"].data = value
    elif form.validate():
        kept = checked_answers(form, questions)
        if kept is not None:
            registration.replace_answers(own, kept)
            flash(_("Thank you. Your answers are saved."), "success")
            return redirect(url_for("registration.my_registrations"))
    return render_template(
        "registration/answers.html", form=form, workshop=workshop, questions=questions
    )


@bp.route("/workshops/<slug>/details", methods=["GET", "POST"])
@login_required
def details(slug: str):
    workshop = public_workshop_or_404(slug)
    questions = registration.asked(workshop.id)
    if not (questions or workshop.requires_approval) or not workshop.is_free:
        return redirect(url_for("catalog.detail", slug=slug))
    form = details_form(questions, workshop.requires_approval)
    if form.validate_on_submit():
        kept = checked_answers(form, questions)
        if kept is not None:
            title = workshop.title
            try:
                if workshop.requires_approval:
                    result = registration.register_with_approval(
                        current_user, workshop, form.supervisor_email.data, kept
                    )
                else:
                    result = registration.register_with_answers(current_user, workshop, kept)
            except registration.RegistrationError as error:
                flash(messages.refusal(error), "error")
            else:
                if result.outcome == registration.Outcome.HELD:
                    flash(messages.approval_requested(title), "success")
                else:
                    flash(*messages.registered(result, title))
            return redirect(url_for("catalog.detail", slug=slug))
    return render_template(
        "registration/details.html", form=form, workshop=workshop, questions=questions
    )
