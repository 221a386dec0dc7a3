"""What an admin edits on a workshop, and the rules those details must keep.

`WorkshopDetails` is what the admin form produces; `validated_values` turns it into
the model's column values (times converted from the network's zone to UTC) or raises
`WorkshopError` naming every rule broken, each on its field, so an admin fixes them
all in one round. `publish_problems` are the rules a workshop must keep to be published.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from decimal import Decimal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from pdportal.extensions import db
from pdportal.models import (
    ACTIVE_STATUSES,
    CreditType,
    Designation,
    GradeBand,
    Network,
    Registration,
    Topic,
    Workshop,
    WorkshopFormat,
)
from pdportal.services.common import stripe_client
from pdportal.templating import count_of, format_amount, format_local, format_money

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_CAPACITY = 10_000
MAX_CREDIT_HOURS = Decimal("999.99")
MAX_PRICE_CENTS = 100_000_000
RESERVED_SLUGS = {"new"}  # /admin/workshops/new
# The longest text each detail may hold (the columns' sizes; the description is Text).
MAX_LENGTHS = {
    "title": 200,
    "summary": 300,
    "description": 20_000,
    "audience": 300,
    "venue": 200,
    "address": 300,
    "online_url": 500,
    "inservice_number": 80,
}
# The longest reason for cancelling a workshop (the column's size); registrants read it.
_LENGTH_NAMES = {"online_url": "online join link", "inservice_number": "in-service number"}


class WorkshopError(Exception):
    """A rule was broken; `message` is fit for a person, `field` names the form field.

    Rules found broken together travel as one error: the first, and the rest in `also`.
    """

    def __init__(
        self, message: str, field: str | None = None, *, also: Sequence[WorkshopError] = ()
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self._also = list(also)

    @property
    def problems(self) -> list[WorkshopError]:
        """Every rule broken: this one and any found with it."""
        return [self, *self._also]


def raise_if_any(problems: Sequence[WorkshopError]) -> None:
    """Raise one error carrying every problem, if there are any."""
    if problems:
        first, *rest = problems
        raise WorkshopError(first.message, first.field, also=rest)


# --- local time ---------------------------------------------------------------------


def local_to_utc(value: datetime, time_zone: str, *, field: str | None = None) -> datetime:
    """A naive wall-clock time in `time_zone` as aware UTC.

    A time skipped when clocks spring forward does not exist and is refused. A time
    repeated when clocks fall back is read as the first of the two (daylight time).
    """
    zone = ZoneInfo(time_zone)
    try:
        utc = value.replace(tzinfo=zone).astimezone(UTC)
    except OverflowError as error:
        raise WorkshopError("Enter a date between the years 1900 and 9000.", field) from error
    if not 1900 <= utc.year <= 9000:
        raise WorkshopError("Enter a date between the years 1900 and 9000.", field)
    if utc.astimezone(zone).replace(tzinfo=None) != value.replace(tzinfo=None):
        raise WorkshopError(
            f"{value:%-I:%M %p} does not exist on {value:%b %-d, %Y} in {time_zone}: "
            "the clocks change then. Choose another time.",
            field,
        )
    return utc


def utc_to_local(value: datetime | None, time_zone: str) -> datetime | None:
    """An aware UTC datetime as a naive wall-clock time in `time_zone` (for form fields)."""
    if value is None:
        return None
    return value.astimezone(ZoneInfo(time_zone)).replace(tzinfo=None)


# --- slugs --------------------------------------------------------------------------


# Latin letters that NFKD does not split into an ASCII letter and an accent.
_LATIN_LETTERS = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)
_MARKUP = re.compile(r"<[^>]*>")


def slugify(text: str, fallback: str = "workshop") -> str:
    """A web address made from a title: "Ünïcode <b>Math</b> — Łódź" → "unicode-math-lodz".

    Markup is dropped (its text kept), accents are folded to ASCII and anything else
    (symbols, emoji, other scripts) separates words; `fallback` when nothing is left.
    """
    text = _MARKUP.sub(" ", html.unescape(_MARKUP.sub(" ", text)))
    text = unicodedata.normalize("NFKD", text.lower().translate(_LATIN_LETTERS))
    ascii_text = text.encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:100].strip("-") or fallback


def _slug_taken(slug: str, exclude_id: int | None = None) -> bool:
    query = select(Workshop.id).where(Workshop.slug == slug)
    if exclude_id is not None:
        query = query.where(Workshop.id != exclude_id)
    return db.session.scalar(query.limit(1)) is not None


def _unique_slug(base: str) -> str:
    slug, number = base, 2
    while slug in RESERVED_SLUGS or _slug_taken(slug):
        slug, number = f"{base}-{number}", number + 1
    return slug


def checked_slug(slug: str, title: str, exclude_id: int | None = None) -> str:
    slug = slug.strip().lower()
    if not slug:
        return _unique_slug(slugify(title))
    if not SLUG_PATTERN.fullmatch(slug) or len(slug) > 120:
        raise WorkshopError(
            "Use lower-case letters, digits and single hyphens only (for example "
            "“modeling-with-math-2026”).",
            "slug",
        )
    if slug in RESERVED_SLUGS or _slug_taken(slug, exclude_id):
        raise WorkshopError("Another workshop already uses this slug. Choose another.", "slug")
    return slug


# --- workshop details ---------------------------------------------------------------


@dataclass
class WorkshopDetails:
    """What an admin edits on a workshop. `*_local` times are in the network's zone."""

    title: str
    slug: str = ""
    summary: str = ""
    description: str = ""
    topics: list[str] = field(default_factory=list)
    grade_bands: list[str] = field(default_factory=list)
    audience: str = ""
    format: WorkshopFormat = WorkshopFormat.IN_PERSON
    venue: str = ""
    address: str = ""
    online_url: str = ""
    capacity: int = 30
    has_waitlist: bool = True
    registration_opens_local: datetime | None = None
    registration_closes_local: datetime | None = None
    price_cents: int = 0
    allows_purchase_order: bool = False
    refund_deadline_local: datetime | None = None
    credit_type: CreditType = CreditType.COMPLETION
    credit_hours: Decimal = Decimal("0")
    inservice_number: str = ""
    designations: list[str] = field(default_factory=list)
    attendance_threshold_pct: int = 100
    requires_evaluation: bool = False

    @classmethod
    def of(cls, workshop: Workshop) -> WorkshopDetails:
        """The workshop's current details, times shown in its network's zone."""
        zone = workshop.network.time_zone
        values = {
            f.name: getattr(workshop, f.name) for f in fields(cls) if not f.name.endswith("_local")
        }
        return cls(
            **values,
            registration_opens_local=utc_to_local(workshop.registration_opens_at, zone),
            registration_closes_local=utc_to_local(workshop.registration_closes_at, zone),
            refund_deadline_local=utc_to_local(workshop.refund_deadline_at, zone),
        )


_TIMES = {
    "registration_opens_local": "registration_opens_at",
    "registration_closes_local": "registration_closes_at",
    "refund_deadline_local": "refund_deadline_at",
}


_CHOICES = {"topics": Topic, "grade_bands": GradeBand, "designations": Designation}


def _too_long(details: WorkshopDetails) -> list[WorkshopError]:
    problems = []
    for name, limit in MAX_LENGTHS.items():
        if len(getattr(details, name)) > limit:
            what = _LENGTH_NAMES.get(name, name)
            problems.append(
                WorkshopError(f"Keep the {what} to {limit:,} characters or fewer.", name)
            )
    return problems


def _numbers_and_choices(details: WorkshopDetails) -> list[WorkshopError]:
    checks = [
        (details.capacity < 1, "Capacity must be at least 1.", "capacity"),
        (
            details.capacity > MAX_CAPACITY,
            f"Capacity can be at most {MAX_CAPACITY:,}.",
            "capacity",
        ),
        (details.price_cents < 0, "The price cannot be negative.", "price"),
        (details.price_cents > MAX_PRICE_CENTS, "That price is too high.", "price"),
        (
            not 0 <= details.credit_hours <= MAX_CREDIT_HOURS,
            f"Credit hours are from 0 to {MAX_CREDIT_HOURS}.",
            "credit_hours",
        ),
        (
            not 1 <= details.attendance_threshold_pct <= 100,
            "The attendance threshold is a percentage from 1 to 100.",
            "attendance_threshold_pct",
        ),
        (
            bool(details.online_url)
            and urlsplit(details.online_url).scheme not in ("http", "https"),
            "Give a web address that starts with https://.",
            "online_url",
        ),
    ]
    problems = [WorkshopError(message, name) for broken, message, name in checks if broken]
    for name, choices in _CHOICES.items():
        if not set(getattr(details, name)) <= {member.value for member in choices}:
            problems.append(WorkshopError("Choose from the options listed.", name))
    return problems


def active_registration_count(workshop: Workshop) -> int:
    """Registrations that hold a seat, wait for one or are being paid for."""
    return db.session.scalar(
        select(func.count(Registration.id)).where(
            Registration.workshop_id == workshop.id, Registration.status.in_(ACTIVE_STATUSES)
        )
    )


def _price_change_problem(workshop: Workshop, price_cents: int) -> WorkshopError | None:
    """Registrants agreed to the current price: it may not change under them."""
    if price_cents == workshop.price_cents:
        return None
    count = active_registration_count(workshop)
    if not count:
        return None
    people = count_of(count, "person", "people") + (" is" if count == 1 else " are")
    if workshop.price_cents == 0:
        message = (
            f"{people} registered or waitlisted for this free workshop, so it cannot start "
            "charging. Keep it free, or cancel this workshop and publish a new one."
        )
    else:
        current = format_amount(workshop.price_cents)
        message = (
            f"{people} registered or waitlisted at {current}, so the price cannot change. "
            f"Keep it at {current}, or cancel this workshop and publish a new one."
        )
    return WorkshopError(message, "price")


def _schedule_problems(
    values: dict[str, object], workshop: Workshop | None, network: Network
) -> list[WorkshopError]:
    """Registration times and the refund deadline against each other, now and the sessions."""
    problems = []
    opens, closes = values["registration_opens_at"], values["registration_closes_at"]
    if opens and closes and opens >= closes:
        problems.append(
            WorkshopError("Registration must open before it closes.", "registration_opens")
        )
    first = first_live_start(workshop) if workshop else None
    if closes and first and closes > first:
        problems.append(
            WorkshopError(
                "Registration must close before the first session starts.", "registration_closes"
            )
        )
    deadline = values["refund_deadline_at"]
    if deadline is None:
        return problems
    unchanged = workshop is not None and deadline == workshop.refund_deadline_at
    if not unchanged and deadline < datetime.now(UTC):
        problems.append(
            WorkshopError(
                "That refund deadline has already passed. Choose a time still to come, "
                "or leave it blank to refund cancellations until the first session starts.",
                "refund_deadline",
            )
        )
    elif first and deadline > first:
        problems.append(
            WorkshopError(
                "The refund deadline must be no later than the first session, "
                f"{format_local(first, network.time_zone)}.",
                "refund_deadline",
            )
        )
    return problems


def details_problems(
    details: WorkshopDetails, network: Network, workshop: Workshop | None
) -> tuple[dict[str, object], list[WorkshopError]]:
    """The model's column values for `details`, and every rule they break (none: valid)."""
    problems: list[WorkshopError] = []
    if not details.title.strip():
        problems.append(WorkshopError("Give the workshop a title.", "title"))
    problems += _too_long(details)
    problems += _numbers_and_choices(details)
    if workshop is not None and (problem := _price_change_problem(workshop, details.price_cents)):
        problems.append(problem)
    values: dict[str, object] = {
        f.name: getattr(details, f.name)
        for f in fields(details)
        if f.name not in _TIMES and f.name != "slug"
    }
    values["title"] = details.title.strip()
    try:
        values["slug"] = checked_slug(
            details.slug, details.title, workshop.id if workshop else None
        )
    except WorkshopError as error:
        problems.append(error)
    times_ok = True
    for local_name, column in _TIMES.items():
        local = getattr(details, local_name)
        field_name = local_name.removesuffix("_local")
        try:
            values[column] = (
                local_to_utc(local, network.time_zone, field=field_name) if local else None
            )
        except WorkshopError as error:
            problems.append(error)
            times_ok = False
    if times_ok:
        problems += _schedule_problems(values, workshop, network)
    return values, problems


def validated_values(
    details: WorkshopDetails, network: Network, workshop: Workshop | None
) -> dict[str, object]:
    """The model's column values for `details`, or a `WorkshopError` naming every broken rule."""
    values, problems = details_problems(details, network, workshop)
    raise_if_any(problems)
    return values


def publish_problems(workshop: Workshop) -> list[WorkshopError]:
    """What stops `workshop` from being published, each in words that say what to do."""
    problems = []
    first = first_live_start(workshop)
    if first is None:
        problems.append(WorkshopError("Add at least one session before publishing."))
    elif first <= datetime.now(UTC):
        problems.append(
            WorkshopError(
                f"The first session started {format_local(first, workshop.network.time_zone)}, "
                "so nobody could register any more. Move the sessions to dates still to "
                "come, or duplicate the workshop to run it again."
            )
        )
    if first and workshop.registration_closes_at and workshop.registration_closes_at > first:
        problems.append(
            WorkshopError(
                "Registration closes after the first session starts. Edit the closing time first."
            )
        )
    if first and workshop.refund_deadline_at and workshop.refund_deadline_at > first:
        problems.append(
            WorkshopError(
                "The refund deadline is after the first session starts. Edit the deadline first."
            )
        )
    if workshop.credit_type != CreditType.COMPLETION and workshop.credit_hours <= 0:
        problems.append(
            WorkshopError(
                f"Set the credit hours before publishing: a {workshop.credit_type.label} "
                "certificate states them. Edit the details, or choose "
                "“Certificate of completion” if it carries no hours."
            )
        )
    if problem := payment_problem(workshop):
        problems.append(WorkshopError(problem))
    return problems


def missing_place_notices(workshop: Workshop) -> list[str]:
    """Where registered educators would find no way to attend: no join link, no venue.

    Not a reason to refuse publishing (the link often comes later), but the admin is
    reminded until it is there.
    """
    notices = []
    if workshop.format in (WorkshopFormat.ONLINE, WorkshopFormat.HYBRID) and not (
        workshop.online_url.strip()
    ):
        notices.append(
            "Registered educators will see no join link until you add one. "
            "Add it under Edit details."
        )
    live = [s for s in workshop.sessions if not s.is_cancelled]
    has_place = (
        workshop.venue.strip()
        or workshop.address.strip()
        or (live and all(s.location.strip() for s in live))
    )
    if workshop.format in (WorkshopFormat.IN_PERSON, WorkshopFormat.HYBRID) and not has_place:
        notices.append(
            "Registered educators will see no venue until you add one. Add it under Edit details."
        )
    return notices


def payment_problem(workshop: Workshop) -> str:
    """Why educators could not pay for this workshop ('' when they can)."""
    if workshop.price_cents == 0 or workshop.allows_purchase_order:
        return ""
    if stripe_client.card_payments_enabled():
        return ""
    return (
        f"This workshop costs {format_money(workshop.price_cents)}, but educators would have "
        "no way to pay: card payment is off (the Stripe keys are not set) and purchase "
        "orders are not allowed. Tick “Allow payment by purchase order / invoice” in the "
        "details, or ask your operator to set the Stripe keys."
    )


def first_live_start(workshop: Workshop) -> datetime | None:
    return min((s.starts_at for s in workshop.sessions if not s.is_cancelled), default=None)
