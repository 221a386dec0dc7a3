"""The public catalog feed and the personal feed: what each includes, and for whom."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pdportal.models import (
    GradeBand,
    RegistrationStatus,
    Topic,
    WorkshopFormat,
    WorkshopStatus,
)
from pdportal.services import calendar, catalog, workshops
from pdportal.services.catalog import FilterError, FilterProblem


def _titles(parsed) -> set[str]:
    return {str(event["SUMMARY"]) for event in parsed.events}


def _public(parse, **filters):
    return parse(catalog.public_feed(catalog.CatalogFilters(**filters), "en").body())


def test_public_feed_lists_published_and_cancelled_but_not_drafts_or_old(
    make_workshop, make_user, parse
):
    make_workshop("Upcoming")
    make_workshop("Draft", status=WorkshopStatus.DRAFT)
    make_workshop("Last month", starts_at=datetime.now(UTC) - timedelta(days=30))
    make_workshop("Last year", starts_at=datetime.now(UTC) - timedelta(days=365))
    gone = make_workshop("Called off")
    workshops.cancel_workshop(gone, make_user(is_site_admin=True), "Snow")

    parsed = _public(parse)

    assert _titles(parsed) == {"Upcoming", "Last month", "Cancelled: Called off"}
    statuses = {str(e["SUMMARY"]): str(e["STATUS"]) for e in parsed.events}
    assert statuses["Cancelled: Called off"] == "CANCELLED"
    assert len(parsed.vevents) == 3


def test_public_feed_applies_the_catalog_filters(make_workshop, make_network, parse):
    north = make_network(slug="north-sound")
    make_workshop("Math K-2", network=north, topics=["mathematics"], grade_bands=["k_2"])
    make_workshop("CS online", topics=["computer_science"], format=WorkshopFormat.ONLINE)
    make_workshop("Science 6-8", topics=["ngss_science"], grade_bands=["6_8"])

    assert _titles(_public(parse, network="north-sound")) == {"Math K-2"}
    assert _titles(_public(parse, topic=Topic.MATHEMATICS)) == {"Math K-2"}
    assert _titles(_public(parse, grade=GradeBand.GRADES_6_8)) == {"Science 6-8"}
    assert _titles(_public(parse, format=WorkshopFormat.ONLINE)) == {"CS online"}
    assert _titles(_public(parse, network="nowhere")) == set()


def test_public_feed_is_a_subscription(make_workshop, parse):
    make_workshop()
    parsed = _public(parse, topic="mathematics")
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in parsed.raw
    assert b"X-PUBLISHED-TTL:PT1H" in parsed.raw
    assert parsed.vobj.contents["x-wr-calname"][0].value == "STEM workshops · Mathematics"


def test_filters_refuse_unknown_values(app):
    # The feed's filters are the catalog's: one parser says what is wrong (the feed view
    # refuses the request, see test_views), the words are the view's.
    for name, value in (("topic", "astrology"), ("grade", "13"), ("format", "carrier pigeon")):
        parsed = catalog.parse_filters({name: value})
        assert parsed.errors == (FilterError(name, FilterProblem.UNKNOWN_CHOICE, value),)
        assert parsed.filters == catalog.CatalogFilters()
    parsed = catalog.parse_filters({"topic": "mathematics", "page": "2", "colour": "red"})
    assert parsed.filters == catalog.CatalogFilters(topic="mathematics")
    assert parsed.errors == ()


def test_personal_feed_has_confirmed_and_facilitated_sessions_only(
    make_workshop, make_user, register_as, parse
):
    ada = make_user()
    other = make_user()
    confirmed = make_workshop("Confirmed", sessions=2)
    waitlisted = make_workshop("Waitlisted")
    held = make_workshop("Held")
    make_workshop("Facilitating", facilitators=[ada])
    someone_elses = make_workshop("Someone else's")
    register_as(ada, confirmed)
    register_as(ada, waitlisted, RegistrationStatus.WAITLISTED)
    register_as(ada, held, RegistrationStatus.HELD)
    register_as(other, someone_elses)

    parsed = parse(calendar.personal_feed(ada).body())

    assert _titles(parsed) == {
        "Confirmed (session 1 of 2)",
        "Confirmed (session 2 of 2)",
        "Facilitating",
    }
    assert _titles(parse(calendar.personal_feed(other).body())) == {"Someone else's"}


def test_personal_feed_shows_join_links_that_public_feed_hides(
    make_workshop, make_user, register_as, parse
):
    ada = make_user()
    online = make_workshop(format=WorkshopFormat.ONLINE, online_url="https://zoom.example/j/42")
    register_as(ada, online)

    personal = parse(calendar.personal_feed(ada).body()).events[0]
    public = _public(parse)

    assert str(personal["LOCATION"]) == "https://zoom.example/j/42"
    assert b"zoom.example" not in public.raw
    assert b"X-PUBLISHED-TTL:PT1H" in parse(calendar.personal_feed(ada).body()).raw


def test_cancelled_workshop_stays_in_personal_feed_as_cancelled(
    make_workshop, make_user, register_as, parse
):
    ada = make_user()
    workshop = make_workshop("Robotics")
    register_as(ada, workshop)

    workshops.cancel_workshop(workshop, make_user(is_site_admin=True), "Venue flooded")

    (event,) = parse(calendar.personal_feed(ada).body()).events
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]) == "Cancelled: Robotics"


def test_a_cancelled_registration_leaves_the_personal_feed(
    make_workshop, make_user, register_as, parse, db
):
    ada = make_user()
    workshop = make_workshop("Robotics")
    registration = register_as(ada, workshop)
    assert len(parse(calendar.personal_feed(ada).body()).events) == 1

    registration.status = RegistrationStatus.CANCELLED
    db.session.commit()

    assert parse(calendar.personal_feed(ada).body()).events == []


def test_reset_token_retires_the_old_one(make_user):
    ada = make_user()
    old = ada.calendar_token

    new = calendar.reset_token(ada)

    assert new != old
    assert calendar.user_for_token(old) is None
    assert calendar.user_for_token(new) == ada
    assert calendar.user_for_token("") is None
