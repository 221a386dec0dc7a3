"""The catalog's filters are portable: the same search on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from pdportal.extensions import db
from pdportal.models import (
    Network,
    Registration,
    RegistrationStatus,
    User,
    Workshop,
    WorkshopFormat,
    WorkshopSession,
    WorkshopStatus,
)
from pdportal.services import catalog
from pdportal.services.catalog.listing import CatalogFilters


def _workshop(network: Network, slug: str, start: datetime, **fields) -> Workshop:
    workshop = Workshop(
        network=network,
        slug=slug,
        title=fields.pop("title", slug),
        status=WorkshopStatus.PUBLISHED,
        capacity=fields.pop("capacity", 10),
        credit_hours=Decimal("3"),
        **fields,
    )
    workshop.sessions.append(WorkshopSession(starts_at=start, ends_at=start + timedelta(hours=3)))
    workshop.starts_at, workshop.ends_at = start, start + timedelta(hours=3)
    db.session.add(workshop)
    return workshop


@pytest.mark.postgres
def test_every_filter_works_on_postgresql(pg_app):
    network = Network(name="Oregon STEM Hub", slug="or-hub", time_zone="America/Los_Angeles")
    user = User(email="a@example.org", name="A", password_hash="x")
    soon = datetime.now(UTC).replace(microsecond=0) + timedelta(days=10)
    math = _workshop(
        network, "math", soon, title="Modeling WITH Mathematics", topics=["mathematics"],
        grade_bands=["9_12"], capacity=1,
    )  # fmt: skip
    _workshop(
        network, "cs", soon + timedelta(days=1), summary="100% online", topics=["computer_science"],
        format=WorkshopFormat.ONLINE, price_cents=500,
    )  # fmt: skip
    db.session.add(user)
    db.session.flush()
    db.session.add(
        Registration(user_id=user.id, workshop_id=math.id, status=RegistrationStatus.CONFIRMED)
    )
    db.session.commit()
    local_day = soon.astimezone(ZoneInfo("America/Los_Angeles")).date()

    def slugs(**filters) -> list[str]:
        return [item.slug for item in catalog.search(CatalogFilters(**filters)).items]

    assert slugs() == ["math", "cs"]
    assert slugs(q="with math") == ["math"]
    assert slugs(q="100%") == ["cs"]
    assert slugs(topic="computer_science") == ["cs"]
    assert slugs(grade="9_12") == ["math"]
    assert slugs(network="or-hub", format="online") == ["cs"]
    assert slugs(free=True) == ["math"]
    assert slugs(available=True) == ["cs"]
    assert slugs(date_from=local_day, date_to=local_day) == ["math"]
    page = catalog.search(CatalogFilters())
    assert page.items[0].seats_taken == 1 and page.items[0].sessions
    assert catalog.catalog_version()


@pytest.mark.postgres
def test_version_read_hands_back_a_transactional_connection(pg_app):
    first = catalog.catalog_version()
    connection = db.engine.raw_connection()
    try:
        assert connection.driver_connection.autocommit is False
    finally:
        connection.close()

    assert catalog.catalog_version() == first
