"""Importing the directory from a CSV file (`flask import-schools FILE`).

One row a school (or a district alone, with no school columns), keyed on the state's
codes, so importing the same file again changes nothing and a newer file updates names
and flags in place. A row that cannot be used is refused with its line number and the
reason; the others are imported.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import select

from pdportal.extensions import db
from pdportal.models import District, School, SchoolFlag

REQUIRED_COLUMNS = ("state", "district_code", "district_name")
TEXT_LIMITS = {
    "state": 2,
    "district_code": 20,
    "district_name": 200,
    "school_code": 20,
    "school_name": 200,
    "county": 100,
    "city": 100,
}
FLAG_COLUMNS = {flag.value: flag for flag in SchoolFlag}
YES = {"y", "yes", "true", "1", "x"}
NO = {"", "n", "no", "false", "0"}


class RowProblem(StrEnum):
    """Why a row was refused; the command words it."""

    MISSING_COLUMNS = "missing_columns"  # the header lacks a required column (line 1)
    MISSING_VALUE = "missing_value"
    TOO_LONG = "too_long"
    CONTROL_CHARACTERS = "control_characters"
    BAD_STATE = "bad_state"  # not a two-letter code
    BAD_FLAG = "bad_flag"  # not yes/no
    SCHOOL_WITHOUT_NAME = "school_without_name"  # a school code with no name, or the reverse
    DUPLICATE_SCHOOL = "duplicate_school"  # the same school code earlier in the file
    DISTRICT_NAME_CONFLICT = "district_name_conflict"  # same code, another name in the file


@dataclass(frozen=True)
class RefusedRow:
    line: int
    problem: RowProblem
    column: str = ""


@dataclass
class ImportReport:
    districts_created: int = 0
    districts_updated: int = 0
    schools_created: int = 0
    schools_updated: int = 0
    unchanged: int = 0
    refused: list[RefusedRow] = field(default_factory=list)


@dataclass(frozen=True)
class _Row:
    line: int
    state: str
    district_code: str
    district_name: str
    school_code: str
    school_name: str
    county: str
    city: str
    flags: frozenset[SchoolFlag]


def import_csv(text: str) -> ImportReport:
    """Import districts and schools from CSV text; commits once, at the end."""
    report = ImportReport()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = {name.strip().lower() for name in reader.fieldnames or ()}
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        report.refused.append(RefusedRow(1, RowProblem.MISSING_COLUMNS, ", ".join(missing)))
        return report
    rows = list(_valid_rows(reader, report))
    _store(rows, report)
    db.session.commit()
    return report


def _valid_rows(reader: csv.DictReader, report: ImportReport) -> Iterable[_Row]:
    district_names: dict[tuple[str, str], str] = {}
    schools_seen: set[tuple[str, str]] = set()
    for raw in reader:
        line = reader.line_num
        values = {
            (key or "").strip().lower(): (value or "").strip()
            for key, value in raw.items()
            if isinstance(value, str)
        }
        row_or_problem = _parse(line, values)
        if isinstance(row_or_problem, RefusedRow):
            report.refused.append(row_or_problem)
            continue
        row = row_or_problem
        district_key = (row.state, row.district_code)
        known_name = district_names.setdefault(district_key, row.district_name)
        if known_name != row.district_name:
            report.refused.append(RefusedRow(line, RowProblem.DISTRICT_NAME_CONFLICT))
            continue
        if row.school_code:
            if (row.state, row.school_code) in schools_seen:
                report.refused.append(RefusedRow(line, RowProblem.DUPLICATE_SCHOOL))
                continue
            schools_seen.add((row.state, row.school_code))
        yield row


def _parse(line: int, values: dict[str, str]) -> _Row | RefusedRow:
    for column, limit in TEXT_LIMITS.items():
        value = values.get(column, "")
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
            return RefusedRow(line, RowProblem.CONTROL_CHARACTERS, column)
        if len(value) > limit:
            return RefusedRow(line, RowProblem.TOO_LONG, column)
    for column in REQUIRED_COLUMNS:
        if not values.get(column):
            return RefusedRow(line, RowProblem.MISSING_VALUE, column)
    state = values["state"].upper()
    if len(state) != 2 or not state.isascii() or not state.isalpha():
        return RefusedRow(line, RowProblem.BAD_STATE, "state")
    if bool(values.get("school_code")) != bool(values.get("school_name")):
        return RefusedRow(line, RowProblem.SCHOOL_WITHOUT_NAME, "school_name")
    flags = set()
    for column, flag in FLAG_COLUMNS.items():
        answer = values.get(column, "").lower()
        if answer in YES:
            flags.add(flag)
        elif answer not in NO:
            return RefusedRow(line, RowProblem.BAD_FLAG, column)
    return _Row(
        line=line,
        state=state,
        district_code=values["district_code"],
        district_name=values["district_name"],
        school_code=values.get("school_code", ""),
        school_name=values.get("school_name", ""),
        county=values.get("county", ""),
        city=values.get("city", ""),
        flags=frozenset(flags),
    )


def _store(rows: list[_Row], report: ImportReport) -> None:
    """Create or update each district and school: two queries to read what exists."""
    states = {row.state for row in rows}
    districts = {
        (d.state, d.code): d
        for d in db.session.scalars(select(District).where(District.state.in_(states)))
    }
    schools = {
        (s.state, s.code): s
        for s in db.session.scalars(select(School).where(School.state.in_(states)))
    }
    touched_districts: set[tuple[str, str]] = set()
    for row in rows:
        key = (row.state, row.district_code)
        district = districts.get(key)
        district_changed = False
        if district is None:
            district = District(
                state=row.state, code=row.district_code, name=row.district_name, county=row.county
            )
            db.session.add(district)
            districts[key] = district
            report.districts_created += 1
        elif key not in touched_districts:
            wanted = {"name": row.district_name}
            if not row.school_code and row.county:
                wanted["county"] = row.county
            district_changed = _assign(district, wanted)
            report.districts_updated += district_changed
        touched_districts.add(key)
        if not row.school_code:
            if district.id is not None and not district_changed:
                report.unchanged += 1
            continue
        school = schools.get((row.state, row.school_code))
        wanted = {
            "name": row.school_name,
            "county": row.county,
            "city": row.city,
            # by id when the district is stored (comparing the object would load each one)
            **({"district_id": district.id} if district.id else {"district": district}),
            **{f"is_{flag.value}": flag in row.flags for flag in SchoolFlag},
        }
        if school is None:
            db.session.add(School(state=row.state, code=row.school_code, **wanted))
            report.schools_created += 1
        elif _assign(school, wanted):
            report.schools_updated += 1
        else:
            report.unchanged += 1


def _assign(target: District | School, wanted: dict[str, object]) -> bool:
    """Set the attributes that differ; whether any did."""
    changed = False
    for name, value in wanted.items():
        if getattr(target, name) != value:
            setattr(target, name, value)
            changed = True
    return changed
