"""The feeds' queries on PostgreSQL: JSON filters, aggregates, the personal selection."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from werkzeug.security import generate_password_hash

from pdportal.extensions import db
from pdportal.models import (
    Network,
    Registration,
    RegistrationStatus,
    User,
    Workshop,
    WorkshopSession,
    WorkshopStatus,
)
from pdportal.services import calendar, catalog
from pdportal.services.calendar.cache import feed_cache

pytestmark = pytest.mark.postgres


def test_feeds_on_postgresql(pg_app):
    feed_cache.clear()
    network = Network(name="Chicago STEM", slug="chicago", time_zone="America/Chicago")
    start = (datetime.now(UTC) + timedelta(days=10)).replace(microsecond=0)
    math, science = (
        Workshop(
            network=network,
            slug=slug,
            title=title,
            topics=topics,
            status=WorkshopStatus.PUBLISHED,
            sessions=[WorkshopSession(starts_at=start, ends_at=start + timedelta(hours=2))],
        )
        for slug, title, topics in (
            ("math", "Math, talk; 🧮", ["mathematics"]),
            ("science", "Science", ["ngss_science"]),
        )
    )
    ada = User(email="ada@chi.example", name="Ada", password_hash=generate_password_hash("x"))
    db.session.add_all([math, science, ada])
    db.session.flush()
    db.session.add(
        Registration(user_id=ada.id, workshop_id=math.id, status=RegistrationStatus.CONFIRMED)
    )
    db.session.commit()

    def titles(data: bytes) -> list[str]:
        return [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(data).events]

    filtered = catalog.public_feed(catalog.CatalogFilters(topic="mathematics"), "en")
    assert titles(filtered.body()) == ["Math, talk; 🧮"]
    assert titles(calendar.personal_feed(ada).body()) == ["Math, talk; 🧮"]
    assert len(titles(catalog.public_feed(catalog.CatalogFilters(), "en").body())) == 2

    client = pg_app.test_client()
    first = client.get(f"/calendar/feed/{ada.calendar_token}.ics")
    again = client.get(
        f"/calendar/feed/{ada.calendar_token}.ics",
        headers={"If-None-Match": first.headers["ETag"]},
    )
    assert (first.status_code, again.status_code) == (200, 304)
    science.sessions[0].is_cancelled = True
    science.sessions[0].sequence += 1
    db.session.commit()
    assert (
        client.get(
            "/calendar/workshops.ics", headers={"If-None-Match": first.headers["ETag"]}
        ).status_code
        == 200
    )
    feed_cache.clear()
