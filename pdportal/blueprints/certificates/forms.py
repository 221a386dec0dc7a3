"""Forms of the certificates area (the educator's side)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from pdportal.blueprints.certificates.messages import RATING_LABELS
from pdportal.forms import PortalForm
from pdportal.models import RATING_QUESTIONS, ImpactAnswer
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
