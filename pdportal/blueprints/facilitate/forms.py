"""Forms of the facilitate area."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, IntegerField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from pdportal.forms import PortalForm
from pdportal.models import AttendanceStatus
from pdportal.routing import MAX_ID


class AttendanceForm(PortalForm):
    """One roster row: the status button pressed and, if given, the minutes attended."""

    registration_id = IntegerField(validators=[InputRequired(), NumberRange(min=1, max=MAX_ID)])
    status = SelectField(
        _l("Status"),
        choices=[SelectChoice(v, label) for v, label in AttendanceStatus.choices()],
        validators=[InputRequired()],
    )
    minutes = IntegerField(_l("Minutes attended"), validators=[Optional()])

    def __init__(self, *args, session_minutes: int, **kwargs) -> None:
        """`session_minutes` is the session's length: the most anyone can attend."""
        super().__init__(*args, **kwargs)
        self.minutes.validators = [
            Optional(),
            NumberRange(
                min=0, max=session_minutes, message=_l("Enter %(min)s to %(max)s minutes.")
            ),
        ]

    def row_error(self) -> str:
        """One message for the row: a bad minutes entry (even "abc") gets the range to use."""
        if self.minutes.errors:
            return self.minutes.errors[-1]
        return " ".join(error for errors in self.errors.values() for error in errors)


class WalkInForm(PortalForm):
    email = EmailField(
        _l("Walk-in's email"),
        validators=[DataRequired(_l("Enter the email of the walk-in's account.")), Email()],
    )


class CheckInForm(PortalForm):
    code = HiddenField(validators=[DataRequired()])


class RevokeForm(PortalForm):
    reason = TextAreaField(
        _l("Reason for revoking"),
        validators=[
            DataRequired(_l("Give the reason; it is shown to anyone who verifies it.")),
            Length(max=500),
        ],
    )
