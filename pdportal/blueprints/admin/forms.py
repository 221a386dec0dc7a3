"""Forms of the admin area. They parse and check shapes; the services check the rules."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    DecimalField,
    EmailField,
    Field,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    URL,
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from pdportal.models import CreditType, Designation, GradeBand, Topic, WorkshopFormat
from pdportal.services.networks import COMMON_TIME_ZONES, NetworkDetails
from pdportal.services.workshops import WorkshopDetails

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
OTHER_ZONE = "other"


def options(pairs: list[tuple[str, str]]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes (the `field` macro renders it as a fieldset)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def text(field: Field) -> str:
    """A text field's value, trimmed ('' when the field was not sent)."""
    return (field.data or "").strip()


def parse_dollars(text: str) -> int:
    """'25', '25.5', '$1,025.00' → cents. Decimal, never float. ValueError if not money."""
    cleaned = text.strip().removeprefix("$").replace(",", "").strip() or "0"
    try:
        amount = Decimal(cleaned)
    except InvalidOperation as error:
        raise ValueError("Enter a price in dollars, such as 25.00 (0 for free).") from error
    if not amount.is_finite():
        raise ValueError("Enter a price in dollars, such as 25.00 (0 for free).")
    if amount < 0:
        raise ValueError("The price cannot be negative.")
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise ValueError("Use at most two digits after the decimal point.")
    if cents > 100_000_000:
        raise ValueError("That price is too high.")
    return int(cents)


class WorkshopForm(FlaskForm):
    network = SelectField("Network", coerce=int)
    title = StringField("Title", validators=[DataRequired(), Length(max=200)])
    slug = StringField("Web address (slug)", validators=[Optional(), Length(max=120)])
    summary = StringField("Summary", validators=[Length(max=500)])
    description = TextAreaField("Description")
    topics = MultiCheckboxField("Topics", choices=options(Topic.choices()))
    grade_bands = MultiCheckboxField("Grade bands", choices=options(GradeBand.choices()))
    audience = StringField("Audience", validators=[Length(max=300)])
    format = SelectField("Format", choices=options(WorkshopFormat.choices()))
    venue = StringField("Venue", validators=[Length(max=200)])
    address = StringField("Address", validators=[Length(max=300)])
    online_url = URLField(
        "Online join link",
        validators=[
            Optional(),
            URL(message="Enter a full web address (https://…)."),
            Length(max=500),
        ],
    )
    capacity = IntegerField(
        "Capacity",
        default=30,
        validators=[
            InputRequired(),
            NumberRange(min=1, message="Capacity must be at least 1."),
            NumberRange(max=10_000, message="Capacity can be at most 10,000."),
        ],
    )
    has_waitlist = BooleanField("Keep a waitlist when full", default=True)
    registration_opens = DateTimeLocalField(
        "Registration opens", format=LOCAL_FORMAT, validators=[Optional()]
    )
    registration_closes = DateTimeLocalField(
        "Registration closes", format=LOCAL_FORMAT, validators=[Optional()]
    )
    price = StringField("Price in dollars", default="0.00")
    allows_purchase_order = BooleanField("Allow payment by purchase order / invoice")
    refund_deadline = DateTimeLocalField(
        "Refund deadline", format=LOCAL_FORMAT, validators=[Optional()]
    )
    credit_type = SelectField("Credit type", choices=options(CreditType.choices()))
    credit_hours = DecimalField(
        "Credit hours",
        places=2,
        default=Decimal("0"),
        validators=[
            InputRequired(),
            NumberRange(min=0, max=999.99, message="From 0 to 999.99 hours."),
        ],
    )
    inservice_number = StringField("In-service number", validators=[Length(max=80)])
    designations = MultiCheckboxField("Designations", choices=options(Designation.choices()))
    attendance_threshold_pct = IntegerField(
        "Attendance needed for a certificate (%)",
        default=100,
        validators=[
            InputRequired(),
            NumberRange(min=1, max=100, message="A percentage from 1 to 100."),
        ],
    )
    requires_evaluation = BooleanField("Require an evaluation before the certificate")

    def validate_price(self, field: StringField) -> None:
        try:
            self.price_cents = parse_dollars(field.data or "")
        except ValueError as error:
            raise ValidationError(str(error)) from error

    def details(self) -> WorkshopDetails:
        return WorkshopDetails(
            title=text(self.title),
            slug=text(self.slug),
            summary=text(self.summary),
            description=self.description.data or "",
            topics=self.topics.data,
            grade_bands=self.grade_bands.data,
            audience=text(self.audience),
            format=WorkshopFormat(self.format.data),
            venue=text(self.venue),
            address=text(self.address),
            online_url=text(self.online_url),
            capacity=self.capacity.data,
            has_waitlist=self.has_waitlist.data,
            registration_opens_local=self.registration_opens.data,
            registration_closes_local=self.registration_closes.data,
            price_cents=self.price_cents,
            allows_purchase_order=self.allows_purchase_order.data,
            refund_deadline_local=self.refund_deadline.data,
            credit_type=CreditType(self.credit_type.data),
            credit_hours=self.credit_hours.data,
            inservice_number=text(self.inservice_number),
            designations=self.designations.data,
            attendance_threshold_pct=self.attendance_threshold_pct.data,
            requires_evaluation=self.requires_evaluation.data,
        )

    def fill(self, details: WorkshopDetails) -> None:
        """Show a workshop's current details (on GET)."""
        for name in ("registration_opens", "registration_closes", "refund_deadline"):
            getattr(self, name).data = getattr(details, f"{name}_local")
        for name in vars(details):
            if name in self and not name.endswith("_local"):
                self[name].data = getattr(details, name)
        self.price.data = f"{details.price_cents // 100}.{details.price_cents % 100:02d}"


class SessionForm(FlaskForm):
    day = DateField("Date", validators=[InputRequired(message="Enter the date.")])
    start_time = TimeField("Starts", validators=[InputRequired(message="Enter the start time.")])
    end_time = TimeField("Ends", validators=[InputRequired(message="Enter the end time.")])
    location = StringField("Location (if not the workshop's venue)", validators=[Length(max=300)])


class DuplicateForm(FlaskForm):
    weeks = IntegerField(
        "Move the copy later by (weeks)",
        default=1,
        validators=[InputRequired(), NumberRange(min=0, max=104, message="From 0 to 104 weeks.")],
    )
    slug = StringField("Web address of the copy (slug)", validators=[Optional(), Length(max=120)])


class CancelForm(FlaskForm):
    reason = TextAreaField(
        "Why is it cancelled?",
        validators=[DataRequired(message="Say why; registrants are told."), Length(max=500)],
    )


class EmailForm(FlaskForm):
    email = EmailField(
        "Email of their account",
        validators=[DataRequired(), Email(message="Enter an email address."), Length(max=254)],
    )


class NetworkForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    slug = StringField("Web address (slug)", validators=[DataRequired(), Length(max=80)])
    backbone_organisation = StringField("Backbone organisation", validators=[Length(max=200)])
    time_zone = SelectField(
        "Time zone", choices=options([*COMMON_TIME_ZONES, (OTHER_ZONE, "Other (type it below)")])
    )
    time_zone_other = StringField("Other time zone (IANA name)", validators=[Length(max=64)])
    contact_email = EmailField(
        "Contact email",
        validators=[Optional(), Email(message="Enter an email address."), Length(max=254)],
    )
    website = URLField(
        "Website",
        validators=[
            Optional(),
            URL(message="Enter a full web address (https://…)."),
            Length(max=300),
        ],
    )
    provider_name = StringField("Credit provider name", validators=[Length(max=200)])
    provider_number = StringField("Credit provider number", validators=[Length(max=80)])
    provider_designee = StringField("Provider designee", validators=[Length(max=200)])

    def details(self) -> NetworkDetails:
        zone = self.time_zone.data
        if zone == OTHER_ZONE:
            zone = text(self.time_zone_other)
        return NetworkDetails(
            name=text(self.name),
            slug=text(self.slug),
            time_zone=zone,
            backbone_organisation=text(self.backbone_organisation),
            contact_email=text(self.contact_email),
            website=text(self.website),
            provider_name=text(self.provider_name),
            provider_number=text(self.provider_number),
            provider_designee=text(self.provider_designee),
        )

    def fill(self, details: NetworkDetails) -> None:
        for name, value in vars(details).items():
            self[name].data = value
        if details.time_zone not in dict(COMMON_TIME_ZONES):
            self.time_zone.data = OTHER_ZONE
            self.time_zone_other.data = details.time_zone
