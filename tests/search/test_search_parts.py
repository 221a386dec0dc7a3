"""A search is answered in parts, each kept per catalog version (`matching.py`): the
listed workshops, each filter's, the words'. Combined in memory, they must list exactly
what one SQL statement joining them all lists, in the same order, on both databases."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from pdportal.extensions import db
from pdportal.models import (
    GradeBand,
    Network,
    Registration,
    RegistrationStatus,
    Topic,
    User,
    Workshop,
    WorkshopStatus,
)
from pdportal.services import search
from pdportal.services.catalog import CatalogFilters
from pdportal.services.catalog.filters import filter_conditions
from pdportal.services.catalog.matching import matching_ids

TODAY = datetime.now(UTC).date()
DAYS = st.one_of(
    st.none(), st.sampled_from([-40, 0, 12, 18, 30]).map(lambda d: TODAY + timedelta(d))
)
FILTERS = st.builds(
    CatalogFilters,
    q=st.sampled_from(["", "math", "NGSS assessment", "online", "Yakima", "kimura", "robots"]),
    topic=st.sampled_from(["", *(topic.value for topic in Topic)][:6]),
    grade=st.sampled_from(["", *(band.value for band in GradeBand)]),
    network=st.sampled_from(["", "net-sc", "net-ps"]),
    county=st.sampled_from(["", "Yakima", "King"]),
    online=st.booleans(),
    free=st.booleans(),
    available=st.booleans(),
    date_from=DAYS,
    date_to=DAYS,
)


def fresh_version() -> str:
    """A catalog version no other test used: kept parts are the process's, and each test
    (and each database) has other data."""
    return f"test-{uuid.uuid4()}"


def one_statement(filters: CatalogFilters, now: datetime) -> list[int]:
    """What the catalog lists, as a single statement joining every part."""
    listed = [Workshop.status == WorkshopStatus.PUBLISHED]
    if not (filters.date_from or filters.date_to):
        listed.append(Workshop.ends_at > now)
    statement = (
        select(Workshop.id)
        .join(Network, Network.id == Workshop.network_id)
        .where(*listed, *filter_conditions(filters, now=now, with_words=False))
    )
    order = [Workshop.starts_at, Workshop.id]
    if filters.query:
        hits = search.matches(filters.query)
        statement = statement.join(hits, hits.c.workshop_id == Workshop.id)
        order.insert(0, hits.c.score)
    return list(db.session.scalars(statement.order_by(*order)))


def _take_the_one_seat(slug: str, **registration: object) -> Workshop:
    """The workshop `slug` with one seat, taken (confirmed, unless told otherwise)."""
    workshop = db.session.scalar(select(Workshop).where(Workshop.slug == slug))
    workshop.capacity = 1
    user = User(email=f"{slug}@example.org", name="Seated", password_hash="x")
    db.session.add(user)
    db.session.flush()
    registration.setdefault("status", RegistrationStatus.CONFIRMED)
    db.session.add(Registration(user_id=user.id, workshop_id=workshop.id, **registration))
    db.session.commit()
    return workshop


def test_parts_combined_list_what_one_statement_lists(search_app):
    _take_the_one_seat("im-launch")
    now = datetime.now(UTC)
    version = fresh_version()

    @settings(
        max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(filters=FILTERS)
    def check(filters: CatalogFilters) -> None:
        expected = one_statement(filters, now)
        assert list(matching_ids(filters, now=now, version=version)) == expected
        assert list(matching_ids(filters, now=now)) == expected  # read afresh: the same

    check()


def test_a_kept_part_is_not_used_for_other_data(search_app):
    now = datetime.now(UTC)
    filters = CatalogFilters(q="robots", free=True)
    before = list(matching_ids(filters, now=now, version=fresh_version()))
    robotics = db.session.scalar(select(Workshop).where(Workshop.slug == "robotics"))
    robotics.price_cents = 0 if before == [] else 2500
    db.session.commit()

    after = list(matching_ids(filters, now=now, version=fresh_version()))

    assert after != before and after == one_statement(filters, now)


def test_upcoming_parts_follow_the_minute(search_app):
    """A workshop that ends leaves the list from the next minute, with the same version."""
    version = fresh_version()
    first = datetime.now(UTC).replace(second=0, microsecond=0)
    listed = matching_ids(CatalogFilters(), now=first, version=version)
    last = db.session.get(Workshop, listed[-1])
    later = last.ends_at + timedelta(minutes=1)

    assert last.id not in matching_ids(CatalogFilters(), now=later, version=version)


def test_a_date_range_lists_past_workshops_too(search_app):
    past_day = date.today() - timedelta(days=40)
    filters = CatalogFilters(q="phenomena", date_from=past_day)
    listed = matching_ids(filters, now=datetime.now(UTC), version=fresh_version())
    slugs = set(db.session.scalars(select(Workshop.slug).where(Workshop.id.in_(list(listed)))))

    assert "ngss-past" in slugs and "ngss-draft" not in slugs


def test_a_seat_whose_hold_expires_is_available_from_the_next_minute(search_app):
    version, now = fresh_version(), datetime.now(UTC)
    robotics = _take_the_one_seat(
        "robotics", status=RegistrationStatus.HELD, hold_expires_at=now + timedelta(seconds=30)
    )
    with_seats = CatalogFilters(q="robots", available=True, date_from=TODAY)

    assert list(matching_ids(with_seats, now=now, version=version)) == []
    later = now + timedelta(minutes=1)
    assert list(matching_ids(with_seats, now=later, version=version)) == [robotics.id]
