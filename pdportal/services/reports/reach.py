"""Reach and equity: registrations, attendance, hours and certificates by who was
reached (network, county, district, school, school flags, educator type, grade band,
subject, race and ethnicity, gender, language), one dimension or a cross-tab of two.

Race and ethnicity use maximum representation: a person is counted in every group they
selected, and also in "more than one group" when they selected several; totals count
each person once. Every count of people from 1 to 9 is hidden, with complements, by
`suppression`; a hidden cell hides its measure (registrations, hours…) too. Values are
keys, never words: the view names them.

The report reads two queries whatever the data size: the facts per educator and network
joined to the educators' profile and school, and the names of the networks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from sqlalchemy import Select, distinct, func, literal, null, select

from pdportal.extensions import db
from pdportal.models import (
    ATTENDED_STATUSES,
    Attendance,
    Certificate,
    CertificateStatus,
    District,
    EducatorType,
    GradeBand,
    Network,
    RaceEthnicity,
    Registration,
    RegistrationStatus,
    School,
    SchoolFlag,
    Subject,
    User,
    Workshop,
    WorkshopSession,
)
from pdportal.services.reports import tables
from pdportal.services.reports.suppression import Position
from pdportal.services.reports.tables import ALL, Entry, Value

NOT_ANSWERED = ""  # no answer, or (for school dimensions) a school not in the directory
MORE_THAN_ONE = "+more_than_one"  # race and ethnicity: people who chose several groups
NO_FLAG = "+no_flag"  # a listed school with none of the flags


class Measure(StrEnum):
    REGISTRATIONS = "registrations"  # active registrations (confirmed, held, waitlisted)
    ATTENDANCE = "attendance"  # registrations with at least one session attended
    HOURS = "hours"  # credited hours of valid certificates
    CERTIFICATES = "certificates"  # valid certificates


class Dimension(StrEnum):
    NETWORK = "network"
    COUNTY = "county"
    DISTRICT = "district"
    SCHOOL = "school"
    SCHOOL_FLAG = "school_flag"
    EDUCATOR_TYPE = "educator_type"
    GRADE_BAND = "grade_band"
    SUBJECT = "subject"
    RACE_ETHNICITY = "race_ethnicity"
    GENDER = "gender"
    LANGUAGE = "language"


# Dimensions whose keys are a fixed list, shown even when nobody is in them (a zero says
# who was missed); the others show the keys found.
FIXED_KEYS: dict[Dimension, list[str]] = {
    Dimension.SCHOOL_FLAG: [flag.value for flag in SchoolFlag] + [NO_FLAG, NOT_ANSWERED],
    Dimension.EDUCATOR_TYPE: [kind.value for kind in EducatorType] + [NOT_ANSWERED],
    Dimension.GRADE_BAND: [band.value for band in GradeBand] + [NOT_ANSWERED],
    Dimension.SUBJECT: [subject.value for subject in Subject] + [NOT_ANSWERED],
    Dimension.RACE_ETHNICITY: [race.value for race in RaceEthnicity]
    + [MORE_THAN_ONE, NOT_ANSWERED],
}


@dataclass(frozen=True)
class ReachQuery:
    network_ids: frozenset[int] | None  # None: every network (site admins)
    starts_on: date  # workshops that start on or after
    ends_on: date  # … and on or before
    measure: Measure = Measure.REGISTRATIONS
    rows: Dimension = Dimension.NETWORK
    columns: Dimension | None = None
    state: str | None = None  # statewide: only educators at schools listed in this state


@dataclass
class ReachTable:
    query: ReachQuery
    row_keys: list[str]
    column_keys: list[str]  # [ALL] for a table of one dimension
    names: dict[tuple[Dimension, str], str]  # data names (networks, schools, typed genders)
    values: dict[Position, Value | None] = field(default_factory=dict)  # None: hidden
    people: int | None = None  # how many people the whole table counts; None: hidden

    @property
    def is_cross_tab(self) -> bool:
        return self.query.columns is not None

    def value(self, row: int | None, column: int | None) -> Value | None:
        return self.values[(row, column)]

    @property
    def hidden_count(self) -> int:
        return sum(value is None for value in self.values.values())


@dataclass(slots=True)
class _Person:
    """What the dimensions read of one educator (and the network of the facts)."""

    network_id: int
    educator_type: str | None
    grade_bands: list[str]
    subjects: list[str]
    race_ethnicity: list[str]
    gender: str
    language: str
    school_id: int | None
    school_name: str
    county: str
    district_id: int | None
    district_name: str
    flags: list[str]


def _keys(dimension: Dimension, person: _Person) -> list[str]:
    """The keys a person is counted under (several for the multi-select answers)."""
    listed = person.school_id is not None
    match dimension:
        case Dimension.NETWORK:
            return [str(person.network_id)]
        case Dimension.COUNTY:
            return [person.county if listed and person.county else NOT_ANSWERED]
        case Dimension.DISTRICT:
            return [str(person.district_id) if listed else NOT_ANSWERED]
        case Dimension.SCHOOL:
            return [str(person.school_id) if listed else NOT_ANSWERED]
        case Dimension.SCHOOL_FLAG:
            return flag_keys(listed, person.flags)
        case Dimension.EDUCATOR_TYPE:
            return [person.educator_type or NOT_ANSWERED]
        case Dimension.GRADE_BAND:
            return _known(person.grade_bands, Dimension.GRADE_BAND)
        case Dimension.SUBJECT:
            return _known(person.subjects, Dimension.SUBJECT)
        case Dimension.RACE_ETHNICITY:
            groups = _known(person.race_ethnicity, Dimension.RACE_ETHNICITY)
            return [*groups, MORE_THAN_ONE] if len(groups) > 1 else groups
        case Dimension.GENDER:
            return [_typed_key(person.gender)]
        case Dimension.LANGUAGE:
            return [_typed_key(person.language)]


def flag_keys(listed: bool, flags: list[str]) -> list[str]:
    """A person's school flags: each flag of a listed school (or "none of them"), or "not in
    the directory"."""
    if not listed:
        return [NOT_ANSWERED]
    return flags or [NO_FLAG]


def _known(values: Iterable[str], dimension: Dimension) -> list[str]:
    if not values:
        return [NOT_ANSWERED]
    chosen = set(values)
    found = [value for value in FIXED_KEYS[dimension] if value and value in chosen]
    return found or [NOT_ANSWERED]


def _typed_key(typed: str) -> str:
    """Gender and home language are typed in people's own words: counted together
    whatever the case and spacing."""
    return " ".join(typed.split()).casefold()


_FLAGS = [flag.value for flag in SchoolFlag]
# keys that are data
_NAMED = {Dimension.DISTRICT, Dimension.SCHOOL, Dimension.GENDER, Dimension.LANGUAGE}


def _names(dimension: Dimension, person: _Person) -> dict[str, str]:
    match dimension:
        case Dimension.DISTRICT if person.district_id is not None:
            return {str(person.district_id): person.district_name}
        case Dimension.SCHOOL if person.school_id is not None:
            return {str(person.school_id): person.school_name}
        case Dimension.GENDER if person.gender.strip():
            return {_typed_key(person.gender): " ".join(person.gender.split())}
        case Dimension.LANGUAGE if person.language.strip():
            return {_typed_key(person.language): " ".join(person.language.split())}
    return {}


def _facts(query: ReachQuery) -> Select:
    """(user id, network id, value) for the measure: one row per educator and network when
    the table counts by network, else one per educator (network id 0), a third as many."""
    start, end = tables.period(query.starts_on, query.ends_on)
    in_range = [Workshop.starts_at >= start, Workshop.starts_at < end]
    if query.network_ids is not None:
        in_range.append(Workshop.network_id.in_(query.network_ids))
    by_network = Dimension.NETWORK in (query.rows, query.columns)
    network = (Workshop.network_id if by_network else literal(0)).label("network_id")
    keys = (Registration.user_id, network)
    if query.measure == Measure.REGISTRATIONS:
        facts = (
            select(*keys, func.count(Registration.id).label("value"))
            .join(Workshop, Registration.workshop_id == Workshop.id)
            .where(Registration.status != RegistrationStatus.CANCELLED, *in_range)
        )
    elif query.measure == Measure.ATTENDANCE:
        facts = (
            select(*keys, func.count(distinct(Registration.id)).label("value"))
            .join(Workshop, Registration.workshop_id == Workshop.id)
            .join(Attendance, Attendance.registration_id == Registration.id)
            .join(WorkshopSession, Attendance.session_id == WorkshopSession.id)
            .where(
                Registration.status == RegistrationStatus.CONFIRMED,
                Attendance.status.in_(ATTENDED_STATUSES),
                WorkshopSession.is_cancelled.is_(False),
                *in_range,
            )
        )
    else:
        measured = (
            func.count(Certificate.id)
            if query.measure == Measure.CERTIFICATES
            else func.sum(Certificate.credited_hours)
        )
        keys = (Certificate.user_id, network)
        facts = (
            select(*keys, measured.label("value"))
            .join(Workshop, Certificate.workshop_id == Workshop.id)
            .where(Certificate.status == CertificateStatus.VALID, *in_range)
        )
    return facts.group_by(*keys[: 2 if by_network else 1])


# The profile's columns and the dimension that reads each: the others are not fetched
# (decoding three JSON arrays per person would cost more than the rest of the report).
_PROFILE_COLUMNS = [
    (User.educator_type, Dimension.EDUCATOR_TYPE),
    (User.grade_bands, Dimension.GRADE_BAND),
    (User.subjects, Dimension.SUBJECT),
    (User.race_ethnicity, Dimension.RACE_ETHNICITY),
    (User.gender, Dimension.GENDER),
    (User.home_language, Dimension.LANGUAGE),
]

_SCHOOL_DIMENSIONS = {Dimension.COUNTY, Dimension.DISTRICT, Dimension.SCHOOL, Dimension.SCHOOL_FLAG}
_SCHOOL_COLUMNS = [
    School.id,
    School.name,
    School.county,
    School.is_high_poverty,
    School.is_rural,
    School.is_tribal,
    School.is_priority,
    District.id,
    District.name,
]


def _people_with_facts(query: ReachQuery) -> list[tuple[_Person, int, Value]]:
    facts = _facts(query).subquery()
    dimensions = {query.rows, query.columns}
    by_school = bool(dimensions & _SCHOOL_DIMENSIONS)
    statement = select(
        facts.c.user_id,
        facts.c.network_id,
        facts.c.value,
        *(column if dimension in dimensions else null() for column, dimension in _PROFILE_COLUMNS),
        *(_SCHOOL_COLUMNS if by_school else [null()] * len(_SCHOOL_COLUMNS)),
    ).join(User, User.id == facts.c.user_id)
    if by_school or query.state:
        statement = statement.outerjoin(School, School.id == User.school_id).outerjoin(
            District, District.id == School.district_id
        )
    if query.state:
        statement = statement.where(School.state == query.state)
    rows = db.session.connection().execute(statement)  # plain rows: no ORM loading
    found = []
    for row in rows:
        (user_id, network_id, value, kind, bands, subjects, race, gender, language) = row[:9]
        school_id, school_name, county, *flag_values, district_id, district_name = row[9:]
        person = _Person(
            network_id=network_id,
            educator_type=kind.value if kind else None,
            grade_bands=list(bands or ()),
            subjects=list(subjects or ()),
            race_ethnicity=list(race or ()),
            gender=gender or "",
            language=language or "",
            school_id=school_id,
            school_name=school_name or "",
            county=county or "",
            district_id=district_id,
            district_name=district_name or "",
            flags=[flag for flag, on in zip(_FLAGS, flag_values, strict=True) if on],
        )
        found.append((person, user_id, value or 0))
    return found


def _ordered_keys(dimension: Dimension, found: set[str], names: dict[str, str]) -> list[str]:
    if dimension in FIXED_KEYS:
        return FIXED_KEYS[dimension]
    named = sorted((key for key in found if key != NOT_ANSWERED), key=lambda k: names.get(k, k))
    return named + ([NOT_ANSWERED] if NOT_ANSWERED in found else [])


def build(query: ReachQuery) -> ReachTable:
    """The table of the query, with small counts and their complements hidden."""
    found = _people_with_facts(query)
    names: dict[tuple[Dimension, str], str] = {}
    dimensions = [query.rows] + ([query.columns] if query.columns else [])
    if Dimension.NETWORK in dimensions:
        for network_id, name in db.session.execute(select(Network.id, Network.name)):
            names[(Dimension.NETWORK, str(network_id))] = name
    named = [d for d in dimensions if d in _NAMED]
    keyed: list[tuple[list[str], list[str], int, Value]] = []
    seen: dict[Dimension, set[str]] = defaultdict(set)
    for person, user_id, value in found:
        row_keys = _keys(query.rows, person)
        column_keys = _keys(query.columns, person) if query.columns else [ALL]
        for dimension in named:
            for key, name in _names(dimension, person).items():
                names.setdefault((dimension, key), name)
        seen[query.rows].update(row_keys)
        if query.columns:
            seen[query.columns].update(column_keys)
        keyed.append((row_keys, column_keys, user_id, value))

    def name_of(dimension: Dimension) -> dict[str, str]:
        return {key: name for (d, key), name in names.items() if d == dimension}

    rows = _ordered_keys(query.rows, seen[query.rows], name_of(query.rows))
    columns = (
        _ordered_keys(query.columns, seen[query.columns], name_of(query.columns))
        if query.columns
        else [ALL]
    )
    table = ReachTable(query, rows, columns, names)
    _fill(table, keyed)
    return table


def _fill(table: ReachTable, keyed: list[tuple[list[str], list[str], int, Value]]) -> None:
    counted = tables.count(
        table.row_keys,
        table.column_keys,
        (Entry(rows, columns, user_id, value) for rows, columns, user_id, value in keyed),
    )
    table.values = counted.values
    table.people = counted.people
