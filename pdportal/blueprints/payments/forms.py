"""Forms of the payments area: how to pay, and discount codes for admins."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from wtforms import DateTimeLocalField, IntegerField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

from pdportal.forms import PortalForm

MAX_YEARS_AHEAD = 10  # a code expiring later is a typing slip
CODE_HINT = _l("A scholarship or discount code from your network, if you have one.")


class CardForm(PortalForm):
    code = StringField(_l("Scholarship or discount code"), validators=[Optional(), Length(max=40)])


class PurchaseOrderForm(PortalForm):
    district = StringField(
        _l("School district or organization"),
        validators=[
            DataRequired(message=_l("Enter the school district or organization that pays.")),
            Length(max=200, message=_l("Keep the district to 200 characters or fewer.")),
        ],
    )
    po_number = StringField(
        _l("Purchase order number"),
        validators=[
            DataRequired(message=_l("Enter the purchase order number from your district.")),
            Length(max=80, message=_l("Keep the purchase order number to 80 characters or fewer.")),
        ],
    )
    code = StringField(_l("Scholarship or discount code"), validators=[Optional(), Length(max=40)])


class DiscountCodeForm(PortalForm):
    code = StringField(
        _l("Code"),
        validators=[
            DataRequired(message=_l("Enter a code for educators to type.")),
            Length(min=3, max=40, message=_l("Use 3 to 40 characters.")),
            Regexp(r"^[A-Za-z0-9_-]+$", message=_l("Use letters, digits, dashes or underscores.")),
        ],
    )
    description = StringField(
        _l("Description (for admins)"), validators=[Optional(), Length(max=200)]
    )
    kind = RadioField(
        _l("Discount"),
        choices=[
            SelectChoice("percent", _l("Percent off")),
            SelectChoice("amount", _l("Amount off (dollars)")),
        ],
        default="percent",
        validators=[DataRequired(message=_l("Choose percent off or amount off."))],
    )
    value = IntegerField(
        _l("Percent or whole dollars off"),
        validators=[
            DataRequired(message=_l("Enter a number.")),
            NumberRange(min=1, max=100_000, message=_l("Enter a number from 1 to 100,000.")),
        ],
    )
    max_uses = IntegerField(
        _l("Maximum uses"),
        validators=[
            Optional(),
            NumberRange(
                min=1, max=100_000, message=_l("Enter a number of uses from 1 to 100,000.")
            ),
        ],
    )
    expires_at = DateTimeLocalField(
        _l("Expires (network time)"),
        format="%Y-%m-%dT%H:%M",
        validators=[Optional()],
    )

    time_zone = "UTC"  # the network's, set by the view: expires_at is typed in network time

    def expires_at_utc(self) -> datetime | None:
        if self.expires_at.data is None:
            return None
        local = self.expires_at.data.replace(tzinfo=ZoneInfo(self.time_zone))
        return local.astimezone(UTC)

    def validate_expires_at(self, field: DateTimeLocalField) -> None:
        if field.data is not None and field.data.year > datetime.now(UTC).year + MAX_YEARS_AHEAD:
            # Also keeps the conversion to UTC in range (9999-12-31 overflowed: a 500).
            raise ValidationError(_l("Choose an expiry within the next ten years."))
        if field.data is not None and field.data.year < datetime.now(UTC).year:
            raise ValidationError(_l("Choose an expiry date and time in the future."))
        expires_at = self.expires_at_utc()
        if expires_at is not None and expires_at <= datetime.now(UTC):
            raise ValidationError(_l("Choose an expiry date and time in the future."))

    def validate_value(self, field: IntegerField) -> None:
        if self.kind.data == "percent" and field.data is not None and field.data > 100:
            raise ValidationError(_l("A percentage is at most 100 (100 = a sponsored seat)."))
