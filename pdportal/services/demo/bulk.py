"""Generated demo data for benchmarks: many educators and workshops, inserted in bulk.

Rows go in with one INSERT per batch (no ORM objects); each batch commits and, for
large seeds, prints a progress line. Keys are `educator<n>@…` and `demo-gen-<n>`, so a
second run adds only the missing numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select

from pdportal.extensions import db
from pdportal.models import (
    CreditType,
    EducatorType,
    Network,
    OfferingApproval,
    User,
    Workshop,
    WorkshopFormat,
    WorkshopSession,
    WorkshopStatus,
)
from pdportal.orm import utcnow
from pdportal.services import search
from pdportal.services.demo.content import (
    DEMO_DOMAIN,
    FAMILY_NAMES,
    GIVEN_NAMES,
    THEMES,
    VENUES,
)
from pdportal.services.workshops import approval

Echo = Callable[[str], None]
GENERATED_SLUG_PREFIX = "demo-gen-"
FORMATS = (WorkshopFormat.IN_PERSON, WorkshopFormat.ONLINE, WorkshopFormat.HYBRID)
PRICES = (2500, 7500, 12500, 15000)


def _progress(echo: Echo, what: str, done: int, total: int) -> None:
    echo(f"  {what}: {done:,} of {total:,} ({done * 100 // total}%)")


def _batches(numbers: list[int], total: int) -> Iterator[list[int]]:
    """Batches of about a tenth of the total (at most 1,000 rows), for progress lines."""
    size = min(max(total // 10, 50), 1000)
    for start in range(0, len(numbers), size):
        yield numbers[start : start + size]


def _missing_numbers(column, prefix: str, suffix: str, wanted: int) -> list[int]:
    """Which of 1..wanted are not yet in the database (keys like `<prefix><n><suffix>`)."""
    existing = set(db.session.scalars(select(column).where(column.like(f"{prefix}%{suffix}"))))
    return [n for n in range(1, wanted + 1) if f"{prefix}{n}{suffix}" not in existing]


def ensure_generated_educators(count: int, password_hash: Callable[[], str], echo: Echo) -> int:
    missing = _missing_numbers(User.email, "educator", f"@{DEMO_DOMAIN}", count)
    now = utcnow()
    for batch in _batches(missing, len(missing)):
        rows = [
            {
                "email": f"educator{n}@{DEMO_DOMAIN}",
                "name": f"{GIVEN_NAMES[n % len(GIVEN_NAMES)]} "
                f"{FAMILY_NAMES[n * 7 % len(FAMILY_NAMES)]}",
                "password_hash": password_hash(),
                "email_verified_at": now,
                "educator_type": EducatorType.CLASSROOM_TEACHER,
            }
            for n in batch
        ]
        db.session.execute(insert(User), rows)
        db.session.commit()
        if len(missing) >= 1000:
            _progress(echo, "educators", missing.index(batch[-1]) + 1, len(missing))
    return len(missing)


def _generated_workshop(n: int, network: Network, today: date) -> tuple[dict, list[dict]]:
    """The row of generated workshop `n` and its sessions' rows (spread over 14 months)."""
    theme = THEMES[n % len(THEMES)]
    zone = ZoneInfo(network.time_zone)
    first_day = today + timedelta(days=-60 + (n * 37) % 425)
    sessions = []
    for index in range(1 + n % 3):
        start = datetime.combine(
            first_day + timedelta(days=7 * index), time(9 if n % 2 else 16), tzinfo=zone
        )
        sessions.append({"starts_at": start, "ends_at": start + timedelta(hours=3)})
    workshop = {
        "network_id": network.id,
        "slug": f"{GENERATED_SLUG_PREFIX}{n}",
        "title": f"{theme.title} (cohort {n})",
        "summary": theme.summary,
        "description": theme.description,
        "topics": list(theme.topics),
        "grade_bands": list(theme.grade_bands),
        "audience": theme.audience,
        "format": FORMATS[n % 3],
        "venue": "" if FORMATS[n % 3] == WorkshopFormat.ONLINE else VENUES[n % len(VENUES)][0],
        "address": "" if FORMATS[n % 3] == WorkshopFormat.ONLINE else VENUES[n % len(VENUES)][1],
        "capacity": 15 + n % 26,
        "price_cents": 0 if n % 3 else PRICES[n % 4],
        "credit_type": CreditType.OR_PDUS
        if network.slug.startswith("or-")
        else CreditType.WA_CLOCK_HOURS,
        "credit_hours": Decimal(3 * len(sessions)),
        "designations": [d for d in theme.designations if d != "equity" or network.may_give_equity],
        "status": WorkshopStatus.PUBLISHED,
        # As `workshops.refresh_schedule` would set them, without loading ORM objects.
        "starts_at": sessions[0]["starts_at"],
        "ends_at": sessions[-1]["ends_at"],
    }
    return workshop, sessions


def _approval_row(workshop_id: int, row: dict, sessions: list[dict]) -> dict:
    """A Washington clock-hour offering's approval, as the designee would have given it a
    fortnight before its first session (or today, for one starting sooner)."""
    first_day = sessions[0]["starts_at"].date()
    return {
        "workshop_id": workshop_id,
        "version": 1,
        "objectives": "Plan a lesson with the workshop's routines.\nTry them with colleagues.",
        "agenda": "Launch; hands-on tasks; planning for your class.",
        "instructors": "A National Board Certified Teacher of the network.",
        "standards_alignment": "Washington Standards for Professional Learning.",
        "approved_on": min(first_day - timedelta(days=14), utcnow().date()),
        "designee_name": "The network's designee",
        "approved_hours": row["credit_hours"],
        "approved_schedule": approval.schedule_pairs(
            (s["starts_at"], s["ends_at"]) for s in sessions
        ),
        "created_at": utcnow(),
        "updated_at": utcnow(),
    }


def ensure_generated_workshops(count: int, networks: list[Network], echo: Echo) -> int:
    missing = _missing_numbers(Workshop.slug, GENERATED_SLUG_PREFIX, "", count)
    today = utcnow().date()
    for batch in _batches(missing, len(missing)):
        built = [_generated_workshop(n, networks[n % len(networks)], today) for n in batch]
        ids = db.session.scalars(
            insert(Workshop).returning(Workshop.id, sort_by_parameter_order=True),
            [row for row, _sessions in built],
        ).all()
        session_rows = [
            {"workshop_id": workshop_id, **session}
            for workshop_id, (_row, sessions) in zip(ids, built, strict=True)
            for session in sessions
        ]
        db.session.execute(insert(WorkshopSession), session_rows)
        search.reindex(db.session.connection(), ids)  # bulk INSERTs pass no flush listener
        approvals = [
            _approval_row(workshop_id, row, sessions)
            for workshop_id, (row, sessions) in zip(ids, built, strict=True)
            if row["credit_type"] == CreditType.WA_CLOCK_HOURS
        ]
        if approvals:
            db.session.execute(insert(OfferingApproval), approvals)
        db.session.commit()
        if len(missing) >= 1000:
            _progress(echo, "workshops", missing.index(batch[-1]) + 1, len(missing))
    return len(missing)
