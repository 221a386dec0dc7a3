"""Forms of the registration area (the plain buttons use the `post_button` macro)."""

from __future__ import annotations

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

from pdportal.forms import PortalForm, at_most, one_newline
from pdportal.models import MessageAudience, QuestionKind
from pdportal.models.registration import MAX_CANCEL_REASON

SUBJECT_MAX = 200
BODY_MAX = 5000


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
