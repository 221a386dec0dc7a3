"""Forms of the registration area (the plain buttons use the `post_button` macro)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, IntegerField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Regexp,
)

from pdportal.forms import at_most, one_newline
from pdportal.models import MessageAudience
from pdportal.models.registration import MAX_CANCEL_REASON

SUBJECT_MAX = 200
BODY_MAX = 5000


class ConfirmCancelForm(FlaskForm):
    """The educator's own cancel: a confirm step, no questions asked."""


class OrganiserCancelForm(FlaskForm):
    reason = TextAreaField(
        "Reason (sent to the educator)",
        validators=[DataRequired("Tell the educator why."), at_most(MAX_CANCEL_REASON, "reason")],
        filters=[one_newline],
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
        validators=[
            DataRequired("Enter a subject."),
            at_most(SUBJECT_MAX, "subject"),
            # An email header cannot hold a line break: the email could never be sent.
            Regexp(r"\A[^\r\n]*\Z", message="Keep the subject on one line."),
        ],
    )
    body = TextAreaField(
        "Message",
        validators=[DataRequired("Write the message."), at_most(BODY_MAX, "message")],
        filters=[one_newline],
    )
