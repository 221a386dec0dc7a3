"""Forms of the payments area: how to pay, and discount codes for admins."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, IntegerField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

CODE_HINT = "A scholarship or discount code from your network, if you have one."


class CardForm(FlaskForm):
    code = StringField("Scholarship or discount code", validators=[Optional(), Length(max=40)])


class PurchaseOrderForm(FlaskForm):
    district = StringField(
        "School district or organization", validators=[DataRequired(), Length(max=200)]
    )
    po_number = StringField("Purchase order number", validators=[DataRequired(), Length(max=80)])
    code = StringField("Scholarship or discount code", validators=[Optional(), Length(max=40)])


class DiscountCodeForm(FlaskForm):
    code = StringField(
        "Code",
        validators=[
            DataRequired(),
            Length(min=3, max=40),
            Regexp(r"^[A-Za-z0-9_-]+$", message="Use letters, digits, dashes or underscores."),
        ],
    )
    description = StringField("Description (for admins)", validators=[Optional(), Length(max=200)])
    kind = RadioField(
        "Discount",
        choices=[
            SelectChoice("percent", "Percent off"),
            SelectChoice("amount", "Amount off (dollars)"),
        ],
        default="percent",
        validators=[DataRequired()],
    )
    value = IntegerField(
        "Percent or whole dollars off",
        validators=[
            DataRequired(message="Enter a number."),
            NumberRange(min=1, max=100_000, message="Enter a number from 1 to 100,000."),
        ],
    )
    max_uses = IntegerField(
        "Maximum uses",
        validators=[
            Optional(),
            NumberRange(min=1, max=100_000, message="Enter a number of uses from 1 to 100,000."),
        ],
    )
    expires_at = DateTimeLocalField(
        "Expires (network time)", format="%Y-%m-%dT%H:%M", validators=[Optional()]
    )

    def validate_value(self, field: IntegerField) -> None:
        if self.kind.data == "percent" and field.data is not None and field.data > 100:
            raise ValidationError("A percentage is at most 100 (100 = a sponsored seat).")
