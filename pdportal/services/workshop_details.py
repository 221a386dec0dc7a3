"""What an admin edits on a workshop, and the rules those details must keep.

`WorkshopDetails` is what the admin form produces; `validated_values` turns it into
the model's column values (times converted from the network's zone to UTC) or raises
`WorkshopError` naming the field at fault.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from decimal import Decimal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from sqlalchemy import select

from pdportal.extensions import db
from pdportal.models import (
    CreditType,
    Designation,
    GradeBand,
    Network,
    Topic,
    Workshop,
    WorkshopFormat,
)

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_CAPACITY = 10_000
MAX_CREDIT_HOURS = Decimal("999.99")
MAX_PRICE_CENTS = 100_000_000
RESERVED_SLUGS = {"new"}  # /admin/workshops/new


class WorkshopError(Exception):
    """A rule was broken; `message` is fit for a person, `field` names the form field."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


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


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:100].strip("-") or "workshop"


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


def validated_values(
    details: WorkshopDetails, network: Network, workshop: Workshop | None
) -> dict[str, object]:
    """The model's column values for `details`, or a `WorkshopError` for the first rule broken."""
    if not details.title.strip():
        raise WorkshopError("Give the workshop a title.", "title")
    if details.capacity < 1:
        raise WorkshopError("Capacity must be at least 1.", "capacity")
    if details.capacity > MAX_CAPACITY:
        raise WorkshopError(f"Capacity can be at most {MAX_CAPACITY:,}.", "capacity")
    if details.price_cents < 0:
        raise WorkshopError("The price cannot be negative.", "price")
    if details.price_cents > MAX_PRICE_CENTS:
        raise WorkshopError("That price is too high.", "price")
    if not 0 <= details.credit_hours <= MAX_CREDIT_HOURS:
        raise WorkshopError(f"Credit hours are from 0 to {MAX_CREDIT_HOURS}.", "credit_hours")
    if not 1 <= details.attendance_threshold_pct <= 100:
        raise WorkshopError(
            "The attendance threshold is a percentage from 1 to 100.", "attendance_threshold_pct"
        )
    if details.online_url and urlsplit(details.online_url).scheme not in ("http", "https"):
        raise WorkshopError("Give a web address that starts with https://.", "online_url")
    for name, choices in _CHOICES.items():
        if not set(getattr(details, name)) <= {member.value for member in choices}:
            raise WorkshopError("Choose from the options listed.", name)
    values: dict[str, object] = {
        f.name: getattr(details, f.name)
        for f in fields(details)
        if f.name not in _TIMES and f.name != "slug"
    }
    values["title"] = details.title.strip()
    values["slug"] = checked_slug(details.slug, details.title, workshop.id if workshop else None)
    for local_name, column in _TIMES.items():
        local = getattr(details, local_name)
        field_name = local_name.removesuffix("_local")
        values[column] = local_to_utc(local, network.time_zone, field=field_name) if local else None
    opens, closes = values["registration_opens_at"], values["registration_closes_at"]
    if opens and closes and opens >= closes:
        raise WorkshopError("Registration must open before it closes.", "registration_opens")
    first = first_live_start(workshop) if workshop else None
    if closes and first and closes > first:
        raise WorkshopError(
            "Registration must close before the first session starts.", "registration_closes"
        )
    return values


def first_live_start(workshop: Workshop) -> datetime | None:
    return min((s.starts_at for s in workshop.sessions if not s.is_cancelled), default=None)
