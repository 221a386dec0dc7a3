"""Schools not reached: flagged schools (high-poverty, rural, tribal, priority) from which
nobody came to any workshop in a period, by county — the list a network plans its
outreach from. One query whatever the data size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import groupby

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import joinedload

from pdportal.extensions import db
from pdportal.models import Registration, RegistrationStatus, School, User, Workshop


@dataclass(frozen=True)
class County:
    name: str  # "" when the directory gives none
    schools: list[School]


def not_reached(network_ids: frozenset[int] | None, starts_on: date, ends_on: date) -> list[County]:
    """Flagged schools with no educator confirmed for a workshop (of these networks) that
    started in the period, grouped by county, then by name."""
    start = datetime.combine(starts_on, time(), tzinfo=UTC)
    end = datetime.combine(ends_on + timedelta(days=1), time(), tzinfo=UTC)
    came = (
        exists()
        .where(
            User.school_id == School.id,
            Registration.user_id == User.id,
            Registration.status == RegistrationStatus.CONFIRMED,
            Workshop.id == Registration.workshop_id,
            Workshop.starts_at >= start,
            Workshop.starts_at < end,
        )
        .correlate(School)
    )
    if network_ids is not None:
        came = came.where(Workshop.network_id.in_(network_ids))
    schools = db.session.scalars(
        select(School)
        .options(joinedload(School.district))
        .where(
            or_(School.is_high_poverty, School.is_rural, School.is_tribal, School.is_priority),
            ~came,
        )
        .order_by(School.county, School.name, School.id)
    ).all()
    return [
        County(county, list(members))
        for county, members in groupby(schools, key=lambda school: school.county)
    ]
