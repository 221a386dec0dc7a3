"""Forms of the certificates area (the educator's side)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from pdportal.blueprints.certificates.messages import RATING_LABELS
from pdportal.forms import PortalForm
from pdportal.models import RATING_QUESTIONS, EvaluationQuestion, ImpactAnswer
from pdportal.services.reports.impact import MAX_HOW


def _rating(label: Any) -> RadioField:
    return RadioField(
        label,
        choices=[SelectChoice(str(v), str(v)) for v in range(1, 6)],
        coerce=int,
        validators=[InputRequired(_l("Choose a rating from 1 to 5."))],
    )


class EvaluationForm(PortalForm):
    objectives_met = _rating(RATING_LABELS["objectives_met"])
    relevance = _rating(RATING_LABELS["relevance"])
    facilitation = _rating(RATING_LABELS["facilitation"])
    likely_to_change = _rating(RATING_LABELS["likely_to_change"])
    comments = TextAreaField(_l("Comments (optional)"), validators=[Length(max=5000)])

    def ratings(self) -> dict[str, int]:
        return {name: getattr(self, name).data for name in RATING_QUESTIONS}

    def own_fields(self) -> list[RadioField]:
        """The workshop's own questions' fields (added by `evaluation_form`)."""
        return [field for name, field in self._fields.items() if name.startswith("own_")]

    def own_ratings(self) -> dict[int, int]:
        return {int(f.name.removeprefix("own_")): f.data for f in self.own_fields()}


def evaluation_form(questions: list[EvaluationQuestion]) -> EvaluationForm:
    """The evaluation with the workshop's own questions after the standard ones."""

    class WithOwnQuestions(EvaluationForm):
        pass

    for question in questions:
        setattr(WithOwnQuestions, f"own_{question.id}", _rating(question.text))
    return WithOwnQuestions()


class VerifyLookupForm(PortalForm):
    """Verify a certificate from its printed number, with the educator's last name."""

    number = StringField(
        _l("Certificate number"),
        validators=[
            InputRequired(_l("Enter the certificate number, such as PSSP-2026-000003.")),
            Length(max=40, message=_l("A certificate number is at most 40 characters.")),
        ],
    )
    last_name = StringField(
        _l("Educator's last name"),
        validators=[
            InputRequired(_l("Enter the educator's last name as printed on the certificate.")),
            Length(max=200, message=_l("Enter at most 200 characters.")),
        ],
    )


class FollowUpForm(PortalForm):
    """Weeks after a workshop: "Have you used this in your teaching? How?" """

    used = RadioField(
        _l("Have you used what you learned in your teaching?"),
        choices=[SelectChoice(value, label) for value, label in ImpactAnswer.choices()],
        validators=[InputRequired(_l("Choose one answer."))],
    )
    how = TextAreaField(
        _l("How? (optional)"),
        validators=[Length(max=MAX_HOW, message=_l("Enter at most 2,000 characters."))],
    )


class AffidavitForm(PortalForm):
    """OSPI Form 1125's "I swear/affirm that I earned __ of __ clock hours"."""

    hours = DecimalField(
        _l("Clock hours I earned"),
        places=1,
        invalid_value_message=_l("Enter the hours as a number, such as 3 or 2.5."),
        validators=[InputRequired(_l("Enter the hours you earned."))],
    )
    affirm = BooleanField(
        _l("I affirm that this is true: I attended and earned these clock hours."),
        validators=[DataRequired(_l("Tick the box to affirm the hours."))],
    )


class RenewalForm(PortalForm):
    """The tracker's question (a GET form: it changes nothing, so no CSRF token)."""

    class Meta:
        csrf = False

    role = SelectField(
        _l("I renew a certificate as"),
        choices=[
            SelectChoice("teacher", _l("Teacher")),
            SelectChoice("administrator", _l("Principal or program administrator")),
        ],
        default="teacher",
        validate_choice=True,
    )
    stem_endorsed = BooleanField(_l("I hold a STEM-related endorsement (15 STEM hours)"))
    expires_on = DateField(
        _l("My certificate expires on"),
        invalid_value_message=_l("Enter the date as year-month-day, such as 2027-06-30."),
        validators=[Optional()],
    )

    def validate_expires_on(self, field: DateField) -> None:
        if field.data is not None and not 1950 <= field.data.year <= 2200:
            raise ValidationError(_l("Enter a year from 1950 to 2200."))


class CountTowardForm(PortalForm):
    """Which requirement a certificate's hours count toward (its designations only)."""

    designation = SelectField(_l("Counts toward"), validate_choice=True)
