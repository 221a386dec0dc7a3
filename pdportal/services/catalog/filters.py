"""The catalog's filters, implemented once: the filter values, the parser of query
arguments and the SQL conditions they add. The catalog page, the JSON API and the public
calendar feed all use these three, so a filter matches the same workshops everywhere.

What each answer does with a bad value is its own choice (the page says so beside the
field and ignores it; the API and the feed refuse the request), but which values are
bad, and why, is decided here, as `FilterError`s with a reason and the value concerned.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from sqlalchemy import Select, String, and_, cast, exists, false, func, or_, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from pdportal.extensions import db
from pdportal.models import (
    GradeBand,
    Network,
    Registration,
    Topic,
    Workshop,
    WorkshopFormat,
    WorkshopSearch,
)
from pdportal.orm import LabelledEnum
from pdportal.services import search
from pdportal.services.registration import waitlist

FILTER_PARAMS = (
    "q", "topic", "network", "county", "grade", "format", "online", "from", "to", "free",
    "available",
)  # fmt: skip
CHOICES: dict[str, type[LabelledEnum]] = {
    "topic": Topic,
    "grade": GradeBand,
    "format": WorkshopFormat,
}
MAX_QUERY_LENGTH = 200
MAX_NETWORK_LENGTH = 80
MAX_COUNTY_LENGTH = 60
ONLINE_FORMATS = (WorkshopFormat.ONLINE, WorkshopFormat.HYBRID)  # "online only": can join online
MAX_PAGE = 10_000
FIRST_YEAR, LAST_YEAR = 2000, 2100
FALSE_VALUES = frozenset({"", "0", "false", "no", "off"})


@dataclass(frozen=True)
class CatalogFilters:
    """Valid filters; empty values mean "not filtered by this"."""

    q: str = ""
    topic: str = ""
    network: str = ""
    county: str = ""
    grade: str = ""
    format: str = ""
    online: bool = False
    date_from: date | None = None
    date_to: date | None = None
    free: bool = False
    available: bool = False

    @cached_property
    def query(self) -> search.SearchQuery:
        """The search box's words as terms (empty when it holds nothing to search for)."""
        return search.parse_query(self.q)

    def query_args(self) -> dict[str, str]:
        """The filters as URL query parameters, in a stable order (links and cache keys)."""
        args = {
            "q": self.q,
            "topic": self.topic,
            "network": self.network,
            "county": self.county,
            "grade": self.grade,
            "format": self.format,
            "online": "1" if self.online else "",
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
            "free": "1" if self.free else "",
            "available": "1" if self.available else "",
        }
        return {key: value for key, value in args.items() if value}

    @property
    def is_backwards(self) -> bool:
        """Both dates given, the end before the start: no workshop can match."""
        return bool(self.date_from and self.date_to and self.date_to < self.date_from)


class FilterProblem(enum.StrEnum):
    """Why a query argument was not used as given."""

    NOT_A_DATE = "not_a_date"
    DATE_OUT_OF_RANGE = "date_out_of_range"  # outside FIRST_YEAR..LAST_YEAR
    RANGE_BACKWARDS = "range_backwards"  # on "to": it is before "from"
    UNKNOWN_CHOICE = "unknown_choice"  # topic, grade, format, network or county not known
    NOT_A_PAGE = "not_a_page"  # not a whole number from 1 to MAX_PAGE


@dataclass(frozen=True)
class FilterError:
    field: str  # the query parameter: "topic", "from", "page"…
    problem: FilterProblem
    value: str = ""  # what was given (cut to 60 characters)


@dataclass(frozen=True)
class ParsedFilters:
    """What the query arguments ask for: the valid filters, the page, and what was wrong.

    A field with an error does not filter, except a backwards date range, which is kept
    as asked so that it matches nothing (the page says why; the API refuses it).
    """

    filters: CatalogFilters
    page: int = 1
    errors: tuple[FilterError, ...] = ()

    def errors_by_field(self) -> dict[str, list[FilterError]]:
        grouped: dict[str, list[FilterError]] = {}
        for error in self.errors:
            grouped.setdefault(error.field, []).append(error)
        return grouped


def _flag(value: str | None) -> bool:
    return value is not None and value.strip().lower() not in FALSE_VALUES


def _day(name: str, raw: str, errors: list[FilterError]) -> date | None:
    if not raw:
        return None
    try:
        day = datetime.strptime(raw, "%Y-%m-%d").date()
    except ValueError:
        errors.append(FilterError(name, FilterProblem.NOT_A_DATE, raw[:60]))
        return None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        errors.append(FilterError(name, FilterProblem.DATE_OUT_OF_RANGE, raw[:60]))
        return None
    return day


def _page(raw: str, errors: list[FilterError]) -> int:
    if not raw:
        return 1
    if raw.isascii() and raw.isdecimal() and 1 <= int(raw) <= MAX_PAGE:
        return int(raw)
    errors.append(FilterError("page", FilterProblem.NOT_A_PAGE, raw[:60]))
    return 1


def _network_exists(slug: str) -> bool:
    return bool(db.session.scalar(select(exists().where(Network.slug == slug))))


def _county_exists(name: str) -> bool:
    return bool(db.session.scalar(select(exists().where(WorkshopSearch.county == name))))


def counties() -> list[str]:
    """The counties some workshop meets in, by name (the "near me" filter's choices)."""
    return list(
        db.session.scalars(
            select(WorkshopSearch.county)
            .where(WorkshopSearch.county != "")
            .distinct()
            .order_by(WorkshopSearch.county)
        )
    )


def _known(value: str, known: Collection[str] | None, max_length: int, exists_in_db) -> bool:
    if known is not None:
        return value in known
    return len(value) <= max_length and exists_in_db(value)


def parse_filters(
    args: Mapping[str, str],
    network_slugs: Collection[str] | None = None,
    county_names: Collection[str] | None = None,
) -> ParsedFilters:
    """The filters and page that query arguments ask for; unknown parameters are ignored.

    `network_slugs` and `county_names` are the known networks and counties when the
    caller has them loaded (the catalog page lists them anyway); without them a network
    or county filter is looked up (one query each).
    """

    def arg(name: str) -> str:
        return (args.get(name) or "").strip()

    errors: list[FilterError] = []
    chosen: dict[str, str] = {}
    for name, choices in CHOICES.items():
        value = arg(name)
        if value and value not in choices._value2member_map_:
            errors.append(FilterError(name, FilterProblem.UNKNOWN_CHOICE, value[:60]))
        else:
            chosen[name] = value
    network = arg("network")
    if network and not _known(network, network_slugs, MAX_NETWORK_LENGTH, _network_exists):
        errors.append(FilterError("network", FilterProblem.UNKNOWN_CHOICE, network[:60]))
        network = ""
    county = " ".join(arg("county").split()).title()  # "walla  walla" is Walla Walla
    if county and not _known(county, county_names, MAX_COUNTY_LENGTH, _county_exists):
        errors.append(FilterError("county", FilterProblem.UNKNOWN_CHOICE, arg("county")[:60]))
        county = ""
    date_from = _day("from", arg("from"), errors)
    date_to = _day("to", arg("to"), errors)
    if date_from and date_to and date_to < date_from:
        errors.append(FilterError("to", FilterProblem.RANGE_BACKWARDS, arg("to")))
    page = _page(arg("page"), errors)
    filters = CatalogFilters(
        q=arg("q")[:MAX_QUERY_LENGTH],
        network=network,
        county=county,
        online=_flag(args.get("online")),
        date_from=date_from,
        date_to=date_to,
        free=_flag(args.get("free")),
        available=_flag(args.get("available")),
        **chosen,
    )
    return ParsedFilters(filters=filters, page=page, errors=tuple(errors))


# --- the SQL conditions ----------------------------------------------------------------


def _json_list_has(column: ColumnElement, value: str) -> ColumnElement[bool]:
    """A JSON list of enum values holds `value`: the quoted value in its stored text
    (portable across SQLite and PostgreSQL; exact, as the values hold no quotes)."""
    return cast(column, String).contains(f'"{value}"', autoescape=True)


def _start_of_day(day: date, zone: str) -> datetime:
    """Midnight of `day` in `zone`, aware (the column type stores it as UTC)."""
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(zone))


def _date_condition(filters: CatalogFilters, zones: Collection[str]) -> ColumnElement[bool]:
    """First session between `from` and `to`, whole days in the workshop's network's zone."""
    per_zone = []
    for zone in sorted(zones):
        parts = [Network.time_zone == zone]
        if filters.date_from:
            parts.append(Workshop.starts_at >= _start_of_day(filters.date_from, zone))
        if filters.date_to:
            next_day = filters.date_to + timedelta(days=1)
            parts.append(Workshop.starts_at < _start_of_day(next_day, zone))
        per_zone.append(and_(*parts))
    return or_(*per_zone) if per_zone else false()


def network_zones() -> set[str]:
    """The networks' time zones (whole-day date filters need them)."""
    return set(db.session.scalars(select(Network.time_zone).distinct()))


@dataclass(frozen=True)
class FilterPart:
    """One filter's SQL condition, built on demand, and what it depends on."""

    key: str  # the filter and its values: the same key (and data), the same workshops
    build: Callable[[], ColumnElement[bool]]
    changes_with_time: bool = False  # it also depends on the moment (seats held)


def filter_parts(
    filters: CatalogFilters,
    *,
    now: datetime,
    zones: Collection[str] | None = None,
    with_words: bool = True,
) -> list[FilterPart]:
    """The conditions of `filters`, one part a filter that is set (see `filter_conditions`)."""
    parts: list[FilterPart] = []

    def part(key: str, build: Callable[[], ColumnElement[bool]], **options: bool) -> None:
        parts.append(FilterPart(key, build, **options))

    if with_words and filters.query:
        terms = [term.alternatives for term in filters.query.terms]
        part(f"words:{terms}", lambda: Workshop.id.in_(_matched(filters.query)))
    if filters.county:
        part(
            f"county:{filters.county}",
            lambda: Workshop.id.in_(
                select(WorkshopSearch.workshop_id).where(WorkshopSearch.county == filters.county)
            ),
        )
    if filters.online:
        part("online", lambda: Workshop.format.in_(ONLINE_FORMATS))
    if filters.topic:
        part(f"topic:{filters.topic}", lambda: _json_list_has(Workshop.topics, filters.topic))
    if filters.grade:
        part(f"grade:{filters.grade}", lambda: _json_list_has(Workshop.grade_bands, filters.grade))
    if filters.network:
        part(f"network:{filters.network}", lambda: Network.slug == filters.network)
    if filters.format:
        part(f"format:{filters.format}", lambda: Workshop.format == filters.format)
    if filters.free:
        part("free", lambda: Workshop.price_cents == 0)
    if filters.date_from or filters.date_to:
        day_zones = sorted(network_zones() if zones is None else zones)
        part(
            f"dates:{filters.date_from}:{filters.date_to}:{day_zones}",
            lambda: _date_condition(filters, day_zones),
        )
    if filters.available:
        part("available", lambda: Workshop.id.not_in(_full_workshops(now)), changes_with_time=True)
    return parts


def _matched(query: search.SearchQuery) -> Select:
    hits = search.matches(query, ranked=False)
    return select(hits.c.workshop_id)


def filter_conditions(
    filters: CatalogFilters,
    *,
    now: datetime,
    zones: Collection[str] | None = None,
    with_words: bool = True,
) -> list[ColumnElement[bool]]:
    """The SQL conditions of `filters` on workshops joined to their network.

    They say nothing about status or time; each caller adds what it lists (the catalog:
    published and upcoming; the feed: what a calendar keeps). `zones` are the networks'
    time zones, needed by date filters only; pass them when already loaded. Without
    `with_words` the search box's words are left to the caller (the catalog ranks the
    search engine's matches).
    """
    return [
        part.build() for part in filter_parts(filters, now=now, zones=zones, with_words=with_words)
    ]


def _full_workshops(now: datetime) -> Select:
    """The ids of workshops whose seats are all taken at `now`.

    One pass over the registrations that take a seat, grouped: counting each workshop's
    seats in a subquery per workshop cost PostgreSQL 2 µs a workshop row (3 ms for a
    catalog of 2,000), whatever the other filters kept.
    """
    seated = aliased(Workshop)
    return (
        select(Registration.workshop_id)
        .join(seated, seated.id == Registration.workshop_id)
        .where(waitlist.takes_seat(now))
        .group_by(Registration.workshop_id, seated.capacity)
        .having(func.count() >= seated.capacity)
    )
