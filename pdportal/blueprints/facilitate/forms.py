"""Forms of the facilitate area."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, IntegerField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from pdportal.models import AttendanceStatus
from pdportal.routing import MAX_ID


class AttendanceForm(FlaskForm):
    """One roster row: the status button pressed and, if given, the minutes attended."""

    registration_id = IntegerField(validators=[InputRequired(), NumberRange(min=1, max=MAX_ID)])
    status = SelectField(
        "Status",
        choices=[SelectChoice(v, label) for v, label in AttendanceStatus.choices()],
        validators=[InputRequired()],
    )
    minutes = IntegerField(
        "Minutes attended",
        validators=[Optional(), NumberRange(min=0, max=1440, message="Enter 0 to 1440 minutes.")],
    )


class WalkInForm(FlaskForm):
    email = EmailField(
        "Walk-in's email",
        validators=[DataRequired("Enter the email of the walk-in's account."), Email()],
    )


class CheckInForm(FlaskForm):
    code = HiddenField(validators=[DataRequired()])


class RevokeForm(FlaskForm):
    reason = TextAreaField(
        "Reason for revoking",
        validators=[
            DataRequired("Give the reason; it is shown to anyone who verifies it."),
            Length(max=500),
        ],
    )
