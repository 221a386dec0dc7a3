"""What an admin edits on a workshop, and the rules those details must keep.

`WorkshopDetails` is what the admin form produces; `validated_values` turns it into
the model's column values (times converted from the network's zone to UTC) or raises
`WorkshopError` naming every rule broken, each on its field, so an admin fixes them
all in one round. `publish_problems` are the rules a workshop must keep to be published.
Problems are values (`results.Problem`); the admin views put them in words.
"""

from __future__ import annotations

import html
import re
import unicodedata
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
from pdportal.services.workshops import approval
from pdportal.services.workshops.results import MissingPlace, Problem, WorkshopError, raise_if_any

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_CAPACITY = 10_000
MAX_CREDIT_HOURS = Decimal("999.99")
MAX_PRICE_CENTS = 100_000_000
MAX_APPROVAL_DAYS = 60  # the CHECK on workshop.approval_days
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
        raise WorkshopError(Problem.DATE_OUT_OF_RANGE, field) from error
    if not 1900 <= utc.year <= 9000:
        raise WorkshopError(Problem.DATE_OUT_OF_RANGE, field)
    if utc.astimezone(zone).replace(tzinfo=None) != value.replace(tzinfo=None):
        raise WorkshopError(
            Problem.TIME_SKIPPED, field, wall_time=value.replace(tzinfo=None), time_zone=time_zone
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
        raise WorkshopError(Problem.SLUG_MALFORMED, "slug")
    if slug in RESERVED_SLUGS or _slug_taken(slug, exclude_id):
        raise WorkshopError(Problem.SLUG_TAKEN, "slug")
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
    requires_approval: bool = False
    approval_days: int = 5

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
    return [
        WorkshopError(Problem.TOO_LONG, name, limit=limit)
        for name, limit in MAX_LENGTHS.items()
        if len(getattr(details, name)) > limit
    ]


def _numbers_and_choices(details: WorkshopDetails) -> list[WorkshopError]:
    checks = [
        (details.capacity < 1, Problem.CAPACITY_TOO_SMALL, "capacity", {}),
        (
            details.capacity > MAX_CAPACITY,
            Problem.CAPACITY_TOO_LARGE,
            "capacity",
            {"maximum": MAX_CAPACITY},
        ),
        (details.price_cents < 0, Problem.PRICE_NEGATIVE, "price", {}),
        (details.price_cents > MAX_PRICE_CENTS, Problem.PRICE_TOO_HIGH, "price", {}),
        (
            not 0 <= details.credit_hours <= MAX_CREDIT_HOURS,
            Problem.CREDIT_HOURS_OUT_OF_RANGE,
            "credit_hours",
            {"maximum": MAX_CREDIT_HOURS},
        ),
        (
            not 1 <= details.approval_days <= MAX_APPROVAL_DAYS,
            Problem.APPROVAL_DAYS_OUT_OF_RANGE,
            "approval_days",
            {"maximum": MAX_APPROVAL_DAYS},
        ),
        (
            details.requires_approval and details.price_cents > 0,
            Problem.APPROVAL_ONLY_FREE,
            "requires_approval",
            {},
        ),
        (
            not 1 <= details.attendance_threshold_pct <= 100,
            Problem.THRESHOLD_OUT_OF_RANGE,
            "attendance_threshold_pct",
            {},
        ),
        (
            bool(details.online_url)
            and urlsplit(details.online_url).scheme not in ("http", "https"),
            Problem.NOT_A_WEB_ADDRESS,
            "online_url",
            {},
        ),
    ]
    problems = [
        WorkshopError(reason, name, **values) for broken, reason, name, values in checks if broken
    ]
    for name, choices in _CHOICES.items():
        if not set(getattr(details, name)) <= {member.value for member in choices}:
            problems.append(WorkshopError(Problem.NOT_AN_OPTION, name))
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
    return WorkshopError(
        Problem.PRICE_LOCKED, "price", count=count, price_cents=workshop.price_cents
    )


def _schedule_problems(
    values: dict[str, object], workshop: Workshop | None, network: Network
) -> list[WorkshopError]:
    """Registration times and the refund deadline against each other, now and the sessions."""
    problems = []
    opens, closes = values["registration_opens_at"], values["registration_closes_at"]
    if opens and closes and opens >= closes:
        problems.append(WorkshopError(Problem.OPENS_AFTER_CLOSES, "registration_opens"))
    first = first_live_start(workshop) if workshop else None
    if closes and first and closes > first:
        problems.append(WorkshopError(Problem.CLOSES_AFTER_FIRST_SESSION, "registration_closes"))
    deadline = values["refund_deadline_at"]
    if deadline is None:
        return problems
    unchanged = workshop is not None and deadline == workshop.refund_deadline_at
    if not unchanged and deadline < datetime.now(UTC):
        problems.append(WorkshopError(Problem.REFUND_DEADLINE_PASSED, "refund_deadline"))
    elif first and deadline > first:
        problems.append(
            WorkshopError(
                Problem.REFUND_DEADLINE_AFTER_FIRST_SESSION,
                "refund_deadline",
                first_at=first,
                time_zone=network.time_zone,
            )
        )
    return problems


def details_problems(
    details: WorkshopDetails, network: Network, workshop: Workshop | None
) -> tuple[dict[str, object], list[WorkshopError]]:
    """The model's column values for `details`, and every rule they break (none: valid)."""
    problems: list[WorkshopError] = []
    if not details.title.strip():
        problems.append(WorkshopError(Problem.TITLE_MISSING, "title"))
    problems += _too_long(details)
    problems += _numbers_and_choices(details)
    if workshop is not None and (problem := _price_change_problem(workshop, details.price_cents)):
        problems.append(problem)
    if Designation.EQUITY.value in details.designations and not network.may_give_equity:
        problems.append(WorkshopError(Problem.EQUITY_NOT_ALLOWED, "designations"))
    values: dict[str, object] = {
        f.name: getattr(details, f.name)
        for f in fields(details)
        if f.name not in _TIMES and f.name != "slug"
    }
    values["title"] = details.title.strip()
    # Washington clock hours are always evaluated (WAC 181-85-200): not the admin's choice.
    values["requires_evaluation"] = details.requires_evaluation or (
        details.credit_type == CreditType.WA_CLOCK_HOURS
    )
    # An emptied slug field keeps the workshop's address: a new one would break every
    # link and calendar subscription to it (a new workshop gets one from its title).
    slug = details.slug if details.slug.strip() or workshop is None else workshop.slug
    try:
        values["slug"] = checked_slug(slug, details.title, workshop.id if workshop else None)
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
    """What stops `workshop` from being published (every problem, none: publishable)."""
    problems = []
    first = first_live_start(workshop)
    if first is None:
        problems.append(WorkshopError(Problem.PUBLISH_NO_SESSION))
    elif first <= datetime.now(UTC):
        problems.append(
            WorkshopError(
                Problem.PUBLISH_ALREADY_STARTED,
                started_at=first,
                time_zone=workshop.network.time_zone,
            )
        )
    if first and workshop.registration_closes_at and workshop.registration_closes_at > first:
        problems.append(WorkshopError(Problem.PUBLISH_CLOSES_AFTER_START))
    if first and workshop.refund_deadline_at and workshop.refund_deadline_at > first:
        problems.append(WorkshopError(Problem.PUBLISH_REFUND_AFTER_START))
    if workshop.credit_type != CreditType.COMPLETION and workshop.credit_hours <= 0:
        problems.append(
            WorkshopError(Problem.PUBLISH_NO_CREDIT_HOURS, credit_type=workshop.credit_type)
        )
    if cannot_be_paid(workshop):
        problems.append(
            WorkshopError(Problem.PUBLISH_NO_WAY_TO_PAY, price_cents=workshop.price_cents)
        )
    return problems + approval.publish_problems(workshop)


def missing_places(workshop: Workshop) -> list[MissingPlace]:
    """Where registered educators would find no way to attend: no join link, no venue.

    Not a reason to refuse publishing (the link often comes later), but the admin is
    reminded until it is there.
    """
    missing = []
    if workshop.format in (WorkshopFormat.ONLINE, WorkshopFormat.HYBRID) and not (
        workshop.online_url.strip()
    ):
        missing.append(MissingPlace.JOIN_LINK)
    live = [s for s in workshop.sessions if not s.is_cancelled]
    has_place = (
        workshop.venue.strip()
        or workshop.address.strip()
        or (live and all(s.location.strip() for s in live))
    )
    if workshop.format in (WorkshopFormat.IN_PERSON, WorkshopFormat.HYBRID) and not has_place:
        missing.append(MissingPlace.VENUE)
    return missing


def cannot_be_paid(workshop: Workshop) -> bool:
    """Whether educators would have no way to pay for this workshop: it has a price,
    purchase orders are not allowed and card payment is off (no Stripe keys)."""
    if workshop.price_cents == 0 or workshop.allows_purchase_order:
        return False
    return not stripe_client.card_payments_enabled()


def first_live_start(workshop: Workshop) -> datetime | None:
    return min((s.starts_at for s in workshop.sessions if not s.is_cancelled), default=None)
