"""A workshop's registration questions, for its network's admins
(/admin/workshops/<slug>/questions): add (or add a standard one), hide, show, remove."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from pdportal.blueprints.lookups import managed_workshop_or_404
from pdportal.blueprints.registration import bp, messages
from pdportal.blueprints.registration.forms import ConfirmCancelForm, QuestionForm
from pdportal.extensions import db
from pdportal.models import QuestionKind, WorkshopQuestion
from pdportal.services import registration
from pdportal.services.registration import Standard

PAGE = "/admin/workshops/<slug>/questions"


def standard_label(standard: Standard) -> str:
    """The offered questions, worded in the admin's language when added."""
    return {
        Standard.ACCESS_NEEDS: _("Do you have access needs we should plan for?"),
        Standard.INTERPRETER_LANGUAGE: _("Do you need an interpreter? In which language?"),
        Standard.DIETARY_NEEDS: _("Dietary needs"),
        Standard.SUBSTITUTE_NEEDED: _("Does your school need a substitute while you attend?"),
    }[standard]


@bp.route(PAGE, methods=["GET", "POST"])
@login_required
def questions(slug: str):
    workshop = managed_workshop_or_404(slug)
    form = QuestionForm()
    if form.validate_on_submit():
        try:
            registration.add_question(
                workshop,
                QuestionKind(form.kind.data),
                form.label.data,
                (form.choices.data or "").splitlines(),
                is_required=form.is_required.data,
            )
        except registration.QuestionError as error:
            field = form.choices if error.problem.startswith(("choice", "too_many")) else form.label
            field.errors.append(messages.question_problem(error.problem))
        else:
            flash(_("The question is added."), "success")
            return redirect(url_for("registration.questions", slug=slug))
    asked = registration.asked(workshop.id, with_hidden=True)
    offered = [s for s in Standard if s not in {q.standard for q in asked}]
    return render_template(
        "registration/questions.html",
        workshop=workshop,
        form=form,
        asked=asked,
        offered=[(s, standard_label(s)) for s in offered],
        button=ConfirmCancelForm(),
    )


@bp.post(PAGE + "/standard/<standard>")
@login_required
def add_standard_question(slug: str, standard: str):
    workshop = managed_workshop_or_404(slug)
    try:
        chosen = Standard(standard)
    except ValueError:
        return redirect(url_for("registration.questions", slug=slug))
    if ConfirmCancelForm().validate_on_submit():
        registration.add_question(
            workshop,
            registration.STANDARD_KINDS[chosen],
            standard_label(chosen),
            [],
            standard=chosen,
        )
        flash(_("The question is added."), "success")
    return redirect(url_for("registration.questions", slug=slug))


@bp.post(PAGE + "/<int:question_id>/<action>")
@login_required
def change_question(slug: str, question_id: int, action: str):
    workshop = managed_workshop_or_404(slug)
    question = db.get_or_404(WorkshopQuestion, question_id)
    if question.workshop_id != workshop.id or action not in ("hide", "show", "remove"):
        abort(404)
    if ConfirmCancelForm().validate_on_submit():
        if action == "remove":
            try:
                registration.remove_question(question)
            except registration.QuestionError as error:
                flash(messages.question_problem(error.problem), "error")
            else:
                flash(_("The question is removed."), "success")
        else:
            registration.set_hidden(question, action == "hide")
    return redirect(url_for("registration.questions", slug=slug))
