"""Forms of the registration area (the plain buttons use the `post_button` macro)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, IntegerField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange

from pdportal.models import MessageAudience


class ConfirmCancelForm(FlaskForm):
    """The educator's own cancel: a confirm step, no questions asked."""


class OrganiserCancelForm(FlaskForm):
    reason = TextAreaField(
        "Reason (sent to the educator)",
        validators=[DataRequired("Tell the educator why."), Length(max=500)],
    )


class WalkInForm(FlaskForm):
    email = EmailField(
        "Educator's account email",
        validators=[
            DataRequired("Enter the email address of their pdportal account."),
            Email("Enter an email address like name@example.org."),
            Length(max=254),
        ],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )


class CapacityForm(FlaskForm):
    capacity = IntegerField(
        "Seats",
        validators=[
            InputRequired("Enter the number of seats."),
            NumberRange(min=1, max=10000, message="Enter a number of seats from 1 to 10,000."),
        ],
    )


class MessageForm(FlaskForm):
    audience = RadioField(
        "Send to",
        choices=[SelectChoice(value, label) for value, label in MessageAudience.choices()],
        default=MessageAudience.CONFIRMED.value,
        validators=[InputRequired("Choose who receives the message.")],
    )
    subject = StringField(
        "Subject",
        validators=[DataRequired("Enter a subject."), Length(max=200)],
    )
    body = TextAreaField(
        "Message",
        validators=[DataRequired("Write the message."), Length(max=5000)],
    )
