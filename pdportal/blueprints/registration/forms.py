"""Forms of the registration area (the plain buttons use the `post_button` macro), and
the fields that ask a workshop's registration questions (free and paid registration)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
)

from pdportal.blueprints.registration import messages
from pdportal.forms import MultiCheckboxField, PortalForm, at_most, one_newline
from pdportal.models import MessageAudience, QuestionKind, WorkshopQuestion
from pdportal.models.registration import MAX_CANCEL_REASON
from pdportal.services import registration

SUBJECT_MAX = 200
BODY_MAX = 5000
YES, NO = "yes", "no"


def _question_field(question: WorkshopQuestion) -> Any:
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


def details_form(
    questions: list[WorkshopQuestion], needs_supervisor: bool, prefix: str = ""
) -> PortalForm:
    """A form with a field per question (`q<id>`), and the supervisor's email if needed."""

    class DetailsForm(PortalForm):
        pass

    for question in questions:
        setattr(DetailsForm, f"q{question.id}", _question_field(question))
    if needs_supervisor:
        DetailsForm.supervisor_email = EmailField(
            _l("Your supervisor's email"),
            validators=[
                InputRequired(_l("Enter your supervisor's email address.")),
                Email(_l("Enter an email address like name@example.org.")),
                Length(max=254),
            ],
        )
    return DetailsForm(prefix=prefix)


def given_answers(form: PortalForm, questions: list[WorkshopQuestion]) -> dict[int, Any]:
    """The form's answers as the registration service takes them (question id → value)."""
    given: dict[int, Any] = {}
    for question in questions:
        value = form[f"q{question.id}"].data
        if question.kind == QuestionKind.YES_NO:
            value = {YES: True, NO: False}.get(value)
        given[question.id] = value
    return given


def checked_answers(form: PortalForm, questions: list[WorkshopQuestion]) -> dict[int, Any] | None:
    """The answers to keep, or None after putting each problem on its field."""
    kept, problems = registration.check_answers(questions, given_answers(form, questions))
    for question_id, (problem, limit) in problems.items():
        form[f"q{question_id}"].errors.append(messages.answer_problem(problem, limit))
    return None if problems else kept


class ConfirmCancelForm(PortalForm):
    """The educator's own cancel: a confirm step, no questions asked."""


class OrganiserCancelForm(PortalForm):
    reason = TextAreaField(
        _l("Reason (sent to the educator)"),
        validators=[
            DataRequired(_l("Tell the educator why.")),
            at_most(MAX_CANCEL_REASON),
        ],
        filters=[one_newline],
    )


class WalkInForm(PortalForm):
    email = EmailField(
        _l("Educator's account email"),
        validators=[
            DataRequired(_l("Enter the email address of their pdportal account.")),
            Email(_l("Enter an email address like name@example.org.")),
            Length(max=254),
        ],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )


class CapacityForm(PortalForm):
    capacity = IntegerField(
        _l("Seats"),
        validators=[
            InputRequired(_l("Enter the number of seats.")),
            NumberRange(min=1, max=10000, message=_l("Enter a number of seats from 1 to 10,000.")),
        ],
    )


class MessageForm(PortalForm):
    audience = RadioField(
        _l("Send to"),
        choices=[SelectChoice(value, label) for value, label in MessageAudience.choices()],
        default=MessageAudience.CONFIRMED.value,
        validators=[InputRequired(_l("Choose who receives the message."))],
    )
    subject = StringField(
        _l("Subject"),
        validators=[
            DataRequired(_l("Enter a subject.")),
            at_most(SUBJECT_MAX),  # a line break is refused by PortalForm: one line
        ],
    )
    body = TextAreaField(
        _l("Message"),
        validators=[DataRequired(_l("Write the message.")), at_most(BODY_MAX)],
        filters=[one_newline],
    )


class QuestionForm(PortalForm):
    kind = SelectField(
        _l("Kind of answer"),
        choices=[SelectChoice(kind.value, kind.label) for kind in QuestionKind],
        validators=[DataRequired()],
    )
    label = StringField(
        _l("Question"), validators=[DataRequired(_l("Write the question.")), Length(max=300)]
    )
    choices = TextAreaField(
        _l("Choices, one a line (for one or several choices)"), validators=[at_most(2500)]
    )
    is_required = BooleanField(_l("An answer is required"))
