"""Finding schools in the directory, and matching the schools people typed before there
was one (or typed as "not listed") to a listed school."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, func, select, update
from sqlalchemy.orm import joinedload

from pdportal.extensions import db
from pdportal.models import District, School, User

SEARCH_LIMIT = 20
QUERY_MAX_LENGTH = 100


def search(query: str, limit: int = SEARCH_LIMIT) -> list[School]:
    """Schools whose name, city, district or code holds every word of the query."""
    words = query[:QUERY_MAX_LENGTH].split()
    if not words:
        return []
    conditions = []
    for word in words[:8]:
        pattern = f"%{_escape_like(word.lower())}%"
        conditions.append(
            func.lower(School.name).like(pattern, escape="\\")
            | func.lower(School.city).like(pattern, escape="\\")
            | func.lower(School.code).like(pattern, escape="\\")
            | School.district.has(func.lower(District.name).like(pattern, escape="\\"))
        )
    return list(
        db.session.scalars(
            select(School)
            .options(joinedload(School.district))
            .where(and_(*conditions))
            .order_by(School.name, School.id)
            .limit(limit)
        )
    )


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def states() -> list[str]:
    """The states the directory lists schools of ("OR", "WA"), for a statewide report."""
    return list(db.session.scalars(select(School.state).distinct().order_by(School.state)))


def get(school_id: int) -> School | None:
    return db.session.get(School, school_id)


DISTRICTS_LISTED = 2000  # a choice list, not a search: a state has a few hundred


def districts() -> list[District]:
    """The listed districts by name (to appoint a coordinator for)."""
    return list(
        db.session.scalars(select(District).order_by(District.name).limit(DISTRICTS_LISTED))
    )


def district(district_id: int) -> District | None:
    return db.session.get(District, district_id)


def by_code(state: str, code: str) -> School | None:
    return db.session.scalar(
        select(School).where(School.state == state.strip().upper(), School.code == code.strip())
    )


@dataclass(frozen=True)
class UnlistedSchool:
    """A school as people typed it (with the district they typed), and how many did."""

    school: str
    district: str
    people: int
    suggestions: list[School]  # listed schools of the same name


def unlisted(limit: int = 200) -> list[UnlistedSchool]:
    """The typed schools no one has matched yet, most people first: two queries."""
    rows = db.session.execute(
        select(User.school, User.district, func.count(User.id))
        .where(User.school_id.is_(None), User.school != "")
        .group_by(User.school, User.district)
        .order_by(func.count(User.id).desc(), User.school, User.district)
        .limit(limit)
    ).all()
    names = {school.lower() for school, _district, _count in rows}
    by_name: dict[str, list[School]] = {}
    if names:
        for school in db.session.scalars(
            select(School)
            .options(joinedload(School.district))
            .where(func.lower(School.name).in_(names))
            .order_by(School.name, School.id)
        ):
            by_name.setdefault(school.name.lower(), []).append(school)
    return [
        UnlistedSchool(school, district, count, by_name.get(school.lower(), []))
        for school, district, count in rows
    ]


def match(typed_school: str, typed_district: str, school: School) -> int:
    """Everyone who typed this school and district now has the listed school (its name
    and district's name too, as other pages print them). Returns how many people."""
    result = db.session.execute(
        update(User)
        .where(
            User.school_id.is_(None),
            User.school == typed_school,
            User.district == typed_district,
        )
        .values(school_id=school.id, school=school.name, district=school.district.name)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount
