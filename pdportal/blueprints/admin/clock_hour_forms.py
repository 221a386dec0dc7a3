"""Forms of the clock-hour records: the offering's approval record and its approval, the
workshop's own evaluation questions, the E-Cert period, the seal and signature."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, ValidationError

from pdportal.blueprints.admin.forms import CHOOSE_LISTED, DayField
from pdportal.forms import PortalForm, at_most, one_newline
from pdportal.services.certificates.exports import MAX_RANGE_DAYS
from pdportal.services.workshops.approval import MAX_DESIGNEE_LENGTH, MAX_RECORD_LENGTH


class ApprovalRecordForm(PortalForm):
    """The clock-hour offering's record: what the designee approves."""

    objectives = TextAreaField(
        _l("Learning objectives"),
        filters=[one_newline],
        validators=[at_most(MAX_RECORD_LENGTH)],
    )
    agenda = TextAreaField(
        _l("Agenda"), filters=[one_newline], validators=[at_most(MAX_RECORD_LENGTH)]
    )
    instructors = TextAreaField(
        _l("Instructors and their qualifications"),
        filters=[one_newline],
        validators=[at_most(MAX_RECORD_LENGTH)],
    )
    standards_alignment = TextAreaField(
        _l("How it meets the standards"),
        filters=[one_newline],
        validators=[at_most(MAX_RECORD_LENGTH)],
    )


class ApproveForm(PortalForm):
    designee_name = StringField(
        _l("Approved by (the network's designee)"),
        validators=[
            DataRequired(message=_l("Enter the designee's name.")),
            at_most(MAX_DESIGNEE_LENGTH),
        ],
    )
    approved_on = DayField(
        _l("Date of approval"),
        invalid_value_message=_l("Enter the date as year-month-day, such as 2027-05-01."),
        validators=[InputRequired(message=_l("Enter the date of approval."))],
    )


class PeriodForm(PortalForm):
    """A period of completion dates (a GET form: it only reads, so no CSRF token)."""

    class Meta:
        csrf = False

    first_day = DayField(
        _l("Completed from"),
        invalid_value_message=_l("Enter the date as year-month-day, such as 2027-05-01."),
        validators=[InputRequired(message=_l("Enter the first day."))],
    )
    last_day = DayField(
        _l("Completed until"),
        invalid_value_message=_l("Enter the date as year-month-day, such as 2027-05-01."),
        validators=[InputRequired(message=_l("Enter the last day."))],
    )

    def validate_last_day(self, field: DayField) -> None:
        first = self.first_day.data
        if first is None or field.data is None:
            return
        if field.data < first:
            raise ValidationError(_l("The last day comes on or after the first."))
        if (field.data - first).days > MAX_RANGE_DAYS:
            raise ValidationError(_l("Choose at most seven years."))


class NetworkImageForm(PortalForm):
    """A seal (or logo) or the designee's signature, as a PNG or JPEG file."""

    kind = SelectField(
        _l("What it is"),
        choices=[
            SelectChoice("seal", _l("The provider's seal or logo")),
            SelectChoice("signature", _l("The designee's signature")),
        ],
        invalid_choice_message=CHOOSE_LISTED,
    )
    image = FileField(
        _l("Image file (PNG or JPEG, at most 512 KB)"),
        validators=[FileRequired(message=_l("Choose a PNG or JPEG file."))],
    )


class TypedSignatureForm(PortalForm):
    signature_typed = StringField(
        _l("Typed signature"),
        validators=[at_most(200)],
    )


class OwnQuestionsForm(PortalForm):
    questions = TextAreaField(
        _l("The workshop's own evaluation questions"),
        filters=[one_newline],
        validators=[at_most(1200)],
    )
