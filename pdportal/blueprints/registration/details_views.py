"""Registering for a free workshop that asks questions or needs a supervisor's approval:
one page asks both, then the seat is decided with the answers kept beside it."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms import EmailField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length

from pdportal.blueprints.lookups import own_registration_or_404, public_workshop_or_404
from pdportal.blueprints.registration import bp, messages
from pdportal.forms import MultiCheckboxField, PortalForm
from pdportal.models import QuestionKind, WorkshopQuestion
from pdportal.services import registration

YES, NO = "yes", "no"


def _field(question: WorkshopQuestion) -> Any:
    label = question.label
    choices = [SelectChoice(choice, choice) for choice in question.choices]
    if question.kind == QuestionKind.LONG_TEXT:
        return TextAreaField(label)
    if question.kind == QuestionKind.ONE_CHOICE:
        return RadioField(label, choices=choices, validate_choice=False)
    if question.kind == QuestionKind.SEVERAL_CHOICES:
        return MultiCheckboxField(label, choices=choices, validate_choice=False)
    if question.kind == QuestionKind.YES_NO:
        return RadioField(
            label,
            choices=[SelectChoice(YES, _l("Yes")), SelectChoice(NO, _l("No"))],
            validate_choice=False,
        )
    return StringField(label)


def details_form(questions: list[WorkshopQuestion], needs_supervisor: bool) -> PortalForm:
    """A form with a field per question (`q<id>`), and the supervisor's email if needed."""

    class DetailsForm(PortalForm):
        pass

    for question in questions:
        setattr(DetailsForm, f"q{question.id}", _field(question))
    if needs_supervisor:
        DetailsForm.supervisor_email = EmailField(
            _l("Your supervisor's email"),
            validators=[
                InputRequired(_l("Enter your supervisor's email address.")),
                Email(_l("Enter an email address like name@example.org.")),
                Length(max=254),
            ],
        )
    return DetailsForm()


def _given(form: PortalForm, questions: list[WorkshopQuestion]) -> dict[int, Any]:
    given: dict[int, Any] = {}
    for question in questions:
        value = form[f"q{question.id}"].data
        if question.kind == QuestionKind.YES_NO:
            value = {YES: True, NO: False}.get(value)
        given[question.id] = value
    return given


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
        kept, problems = registration.check_answers(questions, _given(form, questions))
        for question_id, (problem, limit) in problems.items():
            form[f"q{question_id}"].errors.append(messages.answer_problem(problem, limit))
        if not problems:
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
        kept, problems = registration.check_answers(questions, _given(form, questions))
        for question_id, (problem, limit) in problems.items():
            form[f"q{question_id}"].errors.append(messages.answer_problem(problem, limit))
        if not problems:
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
