"""Forms of the admin area. They parse and check shapes; the services check the rules."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
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
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)

from pdportal.forms import MultiCheckboxField, PortalForm, at_most, one_newline
from pdportal.models import CreditType, Designation, GradeBand, Topic, WorkshopFormat
from pdportal.models.registration import MAX_CANCEL_REASON
from pdportal.services.workshops.details import MAX_LENGTHS
from pdportal.services.workshops.editing import WorkshopDetails
from pdportal.services.workshops.networks import NetworkDetails

LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
TIME_FORMATS = ["%H:%M", "%H:%M:%S", "%I:%M %p", "%I:%M%p"]
OTHER_ZONE = "other"
CHOOSE_LISTED = _l("Choose from the options listed.")
DATE_TIME_HINT = _l("Enter a date and time, such as 2027-03-01 09:00.")
NOT_A_PRICE = _l("Enter a price in dollars, such as 25.00 (0 for free).")
NO_ACCOUNT_EMAIL = _l("Enter the email address of their account.")
NOT_AN_EMAIL = _l("Enter an email address.")
NOT_A_WEB_ADDRESS = _l("Enter a full web address (https://…).")
# Offered first in the network form; any other IANA zone may be typed in.
COMMON_TIME_ZONES = [
    ("America/Los_Angeles", _l("Pacific (Los Angeles, Seattle)")),
    ("America/Vancouver", _l("Pacific (Vancouver)")),
    ("America/Denver", _l("Mountain (Denver)")),
    ("America/Phoenix", _l("Mountain, no DST (Phoenix)")),
    ("America/Edmonton", _l("Mountain (Edmonton)")),
    ("America/Chicago", _l("Central (Chicago)")),
    ("America/Winnipeg", _l("Central (Winnipeg)")),
    ("America/New_York", _l("Eastern (New York)")),
    ("America/Toronto", _l("Eastern (Toronto)")),
    ("America/Halifax", _l("Atlantic (Halifax)")),
    ("America/St_Johns", _l("Newfoundland (St. John's)")),
    ("America/Anchorage", _l("Alaska (Anchorage)")),
    ("Pacific/Honolulu", _l("Hawaii (Honolulu)")),
]


def options(pairs: list[tuple[str, object]]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class StopWhenUnreadable:
    """A typed field whose text did not parse shows only its own clear message.

    WTForms would go on to run the range checks on the missing value and add their
    messages too ("must be at least 1") for text that was not a number at all. A blank
    field is left to its `InputRequired` or `Optional` validator.
    """

    process_errors: list[str]
    raw_data: list[str] | None

    def pre_validate(self, form: FlaskForm) -> None:
        if self.process_errors and self.raw_data and str(self.raw_data[0]).strip():
            raise StopValidation()


class WholeNumberField(StopWhenUnreadable, IntegerField):
    pass


class NumberField(StopWhenUnreadable, DecimalField):
    """A decimal that must be a real number: Decimal reads "NaN", "sNaN" and "Infinity" too."""

    def pre_validate(self, form: FlaskForm) -> None:
        super().pre_validate(form)
        if self.data is not None and not self.data.is_finite():
            self.errors = [self.invalid_value_message]
            raise StopValidation()


class DayField(StopWhenUnreadable, DateField):
    pass


class ClockTimeField(StopWhenUnreadable, TimeField):
    pass


class LocalDateTimeField(StopWhenUnreadable, DateTimeLocalField):
    pass


def text(field: Field) -> str:
    """A text field's value, trimmed ('' when the field was not sent)."""
    return (field.data or "").strip()


def parsed(field: Field, default: object) -> object:
    """A field's value, or `default` when it is missing or was refused (for rule checks)."""
    return default if field.errors or field.data is None else field.data


def parse_dollars(text: str) -> int:
    """'25', '25.5', '$1,025.00' → cents. Decimal, never float. ValueError if not money
    (its argument is the message to show, translated when shown)."""
    cleaned = text.strip().removeprefix("$").replace(",", "").strip() or "0"
    try:
        amount = Decimal(cleaned)
    except InvalidOperation as error:
        raise ValueError(NOT_A_PRICE) from error
    if not amount.is_finite():
        raise ValueError(NOT_A_PRICE)
    if amount < 0:
        raise ValueError(_l("The price cannot be negative."))
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise ValueError(_l("Use at most two digits after the decimal point."))
    if cents > 100_000_000:
        raise ValueError(_l("That price is too high."))
    return int(cents)


class WorkshopForm(PortalForm):
    network = SelectField(
        _l("Network"),
        coerce=int,
        invalid_choice_message=_l("Choose one of the networks you manage."),
    )
    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(message=_l("Give the workshop a title.")),
            at_most(MAX_LENGTHS["title"]),
        ],
    )
    slug = StringField(_l("Web address (slug)"), validators=[Optional(), at_most(120)])
    summary = StringField(_l("Summary"), validators=[at_most(MAX_LENGTHS["summary"])])
    description = TextAreaField(
        _l("Description"),
        validators=[at_most(MAX_LENGTHS["description"])],
        filters=[one_newline],
    )
    topics = MultiCheckboxField(
        _l("Topics"), choices=options(Topic.choices()), invalid_choice_message=CHOOSE_LISTED
    )
    grade_bands = MultiCheckboxField(
        _l("Grade bands"),
        choices=options(GradeBand.choices()),
        invalid_choice_message=CHOOSE_LISTED,
    )
    audience = StringField(_l("Audience"), validators=[at_most(MAX_LENGTHS["audience"])])
    format = SelectField(
        _l("Format"),
        choices=options(WorkshopFormat.choices()),
        invalid_choice_message=CHOOSE_LISTED,
    )
    venue = StringField(_l("Venue"), validators=[at_most(MAX_LENGTHS["venue"])])
    address = StringField(_l("Address"), validators=[at_most(MAX_LENGTHS["address"])])
    online_url = URLField(
        _l("Online join link"),
        validators=[
            Optional(),
            URL(message=NOT_A_WEB_ADDRESS),
            at_most(MAX_LENGTHS["online_url"]),
        ],
    )
    capacity = WholeNumberField(
        _l("Capacity"),
        default=30,
        invalid_value_message=_l("Enter the number of seats as a whole number, such as 24."),
        validators=[
            InputRequired(message=_l("Enter the number of seats, such as 24.")),
            NumberRange(min=1, message=_l("Capacity must be at least 1.")),
            NumberRange(max=10_000, message=_l("Capacity can be at most 10,000.")),
        ],
    )
    has_waitlist = BooleanField(_l("Keep a waitlist when full"), default=True)
    registration_opens = LocalDateTimeField(
        _l("Registration opens"),
        format=LOCAL_FORMATS,
        invalid_value_message=DATE_TIME_HINT,
        validators=[Optional()],
    )
    registration_closes = LocalDateTimeField(
        _l("Registration closes"),
        format=LOCAL_FORMATS,
        invalid_value_message=DATE_TIME_HINT,
        validators=[Optional()],
    )
    price = StringField(_l("Price in dollars"), default="0.00")
    allows_purchase_order = BooleanField(_l("Allow payment by purchase order / invoice"))
    refund_deadline = LocalDateTimeField(
        _l("Refund deadline"),
        format=LOCAL_FORMATS,
        invalid_value_message=DATE_TIME_HINT,
        validators=[Optional()],
    )
    credit_type = SelectField(
        _l("Credit type"),
        choices=options(CreditType.choices()),
        invalid_choice_message=CHOOSE_LISTED,
    )
    credit_hours = NumberField(
        _l("Credit hours"),
        places=2,
        default=Decimal("0"),
        invalid_value_message=_l("Enter the hours as a number, such as 6 or 7.5."),
        validators=[
            InputRequired(message=_l("Enter the credit hours (0 if it carries none).")),
            NumberRange(min=0, max=999.99, message=_l("From 0 to 999.99 hours.")),
        ],
    )
    inservice_number = StringField(
        _l("In-service number"),
        validators=[at_most(MAX_LENGTHS["inservice_number"])],
    )
    designations = MultiCheckboxField(
        _l("Designations"),
        choices=options(Designation.choices()),
        invalid_choice_message=CHOOSE_LISTED,
    )
    attendance_threshold_pct = WholeNumberField(
        _l("Attendance needed for a certificate (%)"),
        default=100,
        invalid_value_message=_l("Enter a whole percentage from 1 to 100, such as 80."),
        validators=[
            InputRequired(message=_l("Enter a percentage from 1 to 100, such as 80.")),
            NumberRange(min=1, max=100, message=_l("A percentage from 1 to 100.")),
        ],
    )
    requires_evaluation = BooleanField(_l("Require an evaluation before the certificate"))
    requires_approval = BooleanField(
        _l("Each registration needs the educator's supervisor's approval")
    )
    approval_days = WholeNumberField(
        _l("Days the supervisor has to answer"),
        default=5,
        invalid_value_message=_l("Enter a whole number of days, such as 5."),
        validators=[Optional()],  # blank: the default
    )

    def validate_price(self, field: StringField) -> None:
        try:
            self.price_cents = parse_dollars(field.data or "")
        except ValueError as error:
            raise ValidationError(error.args[0]) from error

    def details(self) -> WorkshopDetails:
        """What the admin typed; a refused field counts as its default, so the services can
        still check every other rule in the same round."""
        defaults = WorkshopDetails(title="")
        try:
            format_ = WorkshopFormat(self.format.data)
        except ValueError:
            format_ = defaults.format
        try:
            credit_type = CreditType(self.credit_type.data)
        except ValueError:
            credit_type = defaults.credit_type
        return WorkshopDetails(
            title=text(self.title),
            slug=text(self.slug),
            summary=text(self.summary),
            description=self.description.data or "",
            topics=parsed(self.topics, []),
            grade_bands=parsed(self.grade_bands, []),
            audience=text(self.audience),
            format=format_,
            venue=text(self.venue),
            address=text(self.address),
            online_url=text(self.online_url),
            capacity=parsed(self.capacity, defaults.capacity),
            has_waitlist=self.has_waitlist.data,
            registration_opens_local=parsed(self.registration_opens, None),
            registration_closes_local=parsed(self.registration_closes, None),
            price_cents=getattr(self, "price_cents", defaults.price_cents),
            allows_purchase_order=self.allows_purchase_order.data,
            refund_deadline_local=parsed(self.refund_deadline, None),
            credit_type=credit_type,
            credit_hours=parsed(self.credit_hours, defaults.credit_hours),
            inservice_number=text(self.inservice_number),
            designations=parsed(self.designations, []),
            attendance_threshold_pct=parsed(
                self.attendance_threshold_pct, defaults.attendance_threshold_pct
            ),
            requires_evaluation=self.requires_evaluation.data,
            requires_approval=self.requires_approval.data,
            approval_days=parsed(self.approval_days, defaults.approval_days),
        )

    def fill(self, details: WorkshopDetails) -> None:
        """Show a workshop's current details (on GET)."""
        for name in ("registration_opens", "registration_closes", "refund_deadline"):
            getattr(self, name).data = getattr(details, f"{name}_local")
        for name in vars(details):
            if name in self and not name.endswith("_local"):
                self[name].data = getattr(details, name)
        self.price.data = f"{details.price_cents // 100}.{details.price_cents % 100:02d}"


class SessionForm(PortalForm):
    day = DayField(
        _l("Date"),
        invalid_value_message=_l("Enter the date as year-month-day, such as 2027-05-01."),
        validators=[InputRequired(message=_l("Enter the date."))],
    )
    start_time = ClockTimeField(
        _l("Starts"),
        format=TIME_FORMATS,
        invalid_value_message=_l("Enter the start time, such as 09:00 or 2:30 PM."),
        validators=[InputRequired(message=_l("Enter the start time."))],
    )
    end_time = ClockTimeField(
        _l("Ends"),
        format=TIME_FORMATS,
        invalid_value_message=_l("Enter the end time, such as 12:00 or 4:30 PM."),
        validators=[InputRequired(message=_l("Enter the end time."))],
    )
    location = StringField(_l("Location (if not the workshop's venue)"), validators=[at_most(300)])


class DuplicateForm(PortalForm):
    weeks = WholeNumberField(
        _l("Move the copy later by (weeks)"),
        default=1,
        invalid_value_message=_l("Enter a whole number of weeks from 0 to 104."),
        validators=[
            InputRequired(message=_l("Enter how many weeks later, from 0 to 104.")),
            NumberRange(min=0, max=104, message=_l("From 0 to 104 weeks.")),
        ],
    )
    slug = StringField(
        _l("Web address of the copy (slug)"),
        validators=[Optional(), at_most(120)],
    )


class CancelForm(PortalForm):
    reason = TextAreaField(
        _l("Why is it cancelled?"),
        validators=[
            DataRequired(message=_l("Say why; registrants are told.")),
            at_most(MAX_CANCEL_REASON),
        ],
        filters=[one_newline],
    )


class EmailForm(PortalForm):
    email = EmailField(
        _l("Email of their account"),
        validators=[
            DataRequired(message=NO_ACCOUNT_EMAIL),
            Email(message=NOT_AN_EMAIL),
            at_most(254),
        ],
    )


class NetworkForm(PortalForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(message=_l("Give the network a name.")), at_most(200)],
    )
    slug = StringField(_l("Web address (slug)"), validators=[Optional(), at_most(80)])
    backbone_organisation = StringField(_l("Backbone organization"), validators=[at_most(200)])
    time_zone = SelectField(
        _l("Time zone"),
        choices=options([*COMMON_TIME_ZONES, (OTHER_ZONE, _l("Other (type it below)"))]),
        invalid_choice_message=CHOOSE_LISTED,
    )
    time_zone_other = StringField(_l("Other time zone (IANA name)"), validators=[at_most(64)])
    contact_email = EmailField(
        _l("Contact email"),
        validators=[
            Optional(),
            Email(message=NOT_AN_EMAIL),
            at_most(254),
        ],
    )
    website = URLField(
        _l("Website"),
        validators=[
            Optional(),
            URL(message=NOT_A_WEB_ADDRESS),
            at_most(300),
        ],
    )
    provider_name = StringField(_l("Credit provider name"), validators=[at_most(200)])
    provider_number = StringField(_l("Credit provider number"), validators=[at_most(80)])
    provider_designee = StringField(_l("Provider designee"), validators=[at_most(200)])
    may_give_equity = BooleanField(
        _l("An approved provider of Equity-designated clock hours (OSPI, a district, an ESD…)")
    )

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
            may_give_equity=self.may_give_equity.data,
        )

    def fill(self, details: NetworkDetails) -> None:
        for name, value in vars(details).items():
            self[name].data = value
        if details.time_zone not in dict(COMMON_TIME_ZONES):
            self.time_zone.data = OTHER_ZONE
            self.time_zone_other.data = details.time_zone
