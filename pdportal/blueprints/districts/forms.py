"""Forms of the districts area."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from pdportal.forms import PortalForm, at_most

STAFF_MAX = 20_000  # characters: 50 lines of address and name


class GroupRegistrationForm(PortalForm):
    workshop = SelectField(_l("Workshop"), validators=[DataRequired(_l("Choose a workshop."))])
    staff = TextAreaField(
        _l("Staff, one a line, in the order seats should go"),
        validators=[DataRequired(_l("Enter at least one email address.")), at_most(STAFF_MAX)],
    )
    po_number = StringField(
        _l("Purchase order number (for workshops with a fee)"),
        validators=[Optional(), Length(max=80)],
    )


class AppointForm(PortalForm):
    email = EmailField(
        _l("Coordinator's account email"),
        validators=[
            DataRequired(_l("Enter the email address of their pdportal account.")),
            Email(_l("Enter an email address like name@example.org.")),
            Length(max=254),
        ],
    )
    district = SelectField(_l("District from the directory"), coerce=int, default=0)
    district_name = StringField(
        _l("Or the district's name, when it is not listed"),
        validators=[Optional(), Length(max=200)],
    )


class ConfirmForm(PortalForm):
    """A confirm step with nothing to ask."""


class ApprovalAnswerForm(PortalForm):
    substitute_needed = BooleanField(_l("A substitute is needed while they attend"))
