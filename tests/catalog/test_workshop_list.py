"""The /workshops list: filters, pagination, bad input, cards, caching and query counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pdportal.blueprints.catalog import cache
from pdportal.models import (
    Registration,
    RegistrationStatus,
    Workshop,
    WorkshopFormat,
    WorkshopSession,
    WorkshopStatus,
)


def titles(response) -> list[str]:
    """Workshop titles in the order the cards show them."""
    html = response.get_data(as_text=True)
    found = []
    for chunk in html.split('class="card workshop-card"')[1:]:
        link_end = chunk.index("</a>")
        found.append(chunk[chunk.rindex(">", 0, link_end) + 1 : link_end])
    return found


def in_days(days: int, hour: int = 16) -> datetime:
    return (datetime.now(UTC) + timedelta(days=days)).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )


def test_lists_published_upcoming_workshops_by_first_session(client, make_workshop):
    make_workshop("Later one", starts_at=in_days(30))
    make_workshop("Sooner one", starts_at=in_days(3))
    make_workshop("Draft one", status=WorkshopStatus.DRAFT)
    make_workshop("Cancelled one", status=WorkshopStatus.CANCELLED)
    make_workshop("Past one", starts_at=in_days(-10))

    response = client.get("/workshops")

    assert response.status_code == 200
    assert titles(response) == ["Sooner one", "Later one"]


def test_in_progress_multi_session_workshop_is_still_upcoming(client, make_workshop):
    make_workshop("Series", starts_at=in_days(-8), sessions=3)

    assert titles(client.get("/workshops")) == ["Series"]


def test_text_search_matches_title_summary_and_description_ignoring_case(client, make_workshop):
    make_workshop("Phenomena in Physics")
    make_workshop("Fractions", summary="Using PHENOMENA to start units")
    make_workshop("Robots", description="We explore *phenomena* of motion.")
    make_workshop("Unrelated")

    found = titles(client.get("/workshops?q=phenomena"))

    assert sorted(found) == ["Fractions", "Phenomena in Physics", "Robots"]


def test_text_search_matches_words_and_ignores_punctuation(client, make_workshop):
    make_workshop("100% engagement")
    make_workshop("Other")

    assert titles(client.get("/workshops?q=100%25")) == ["100% engagement"]
    # Punctuation alone holds no word to search for: nothing is filtered out.
    assert sorted(titles(client.get("/workshops?q=%25"))) == ["100% engagement", "Other"]
    assert sorted(titles(client.get("/workshops?q=_"))) == ["100% engagement", "Other"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("topic=mathematics", ["Math K-5"]),
        ("grade=9_12", ["CS high school"]),
        ("format=online", ["CS high school"]),
        ("free=1", ["Math K-5"]),
        ("network=north", ["CS high school"]),
        ("topic=computer_science&format=online&network=north", ["CS high school"]),
        ("topic=mathematics&format=online", []),
    ],
)
def test_filters_narrow_the_list_and_combine(client, make_workshop, make_network, query, expected):
    north = make_network("North", slug="north")
    make_workshop("Math K-5", topics=["mathematics"], grade_bands=["k_2", "3_5"])
    make_workshop(
        "CS high school",
        network=north,
        topics=["computer_science"],
        grade_bands=["9_12"],
        format=WorkshopFormat.ONLINE,
        price_cents=4500,
    )

    assert titles(client.get(f"/workshops?{query}")) == expected


def test_available_filter_hides_full_workshops(client, make_workshop, make_user, db):
    full = make_workshop("Full one", capacity=1)
    make_workshop("Open one", capacity=1)
    db.session.add(
        Registration(
            user_id=make_user().id, workshop_id=full.id, status=RegistrationStatus.CONFIRMED
        )
    )
    db.session.commit()

    assert titles(client.get("/workshops?available=1")) == ["Open one"]


def test_date_range_uses_whole_days_in_the_networks_zone(client, make_workshop, make_network):
    pacific = make_network(time_zone="America/Los_Angeles")
    # 02:00 UTC on day+21 is still the evening of day+20 in Seattle.
    late = make_workshop("Evening", network=pacific, starts_at=in_days(21, hour=2))
    local_day = late.starts_at.astimezone(pacific_zone()).date().isoformat()

    assert titles(client.get(f"/workshops?from={local_day}&to={local_day}")) == ["Evening"]
    next_day = (late.starts_at.astimezone(pacific_zone()).date() + timedelta(days=1)).isoformat()
    assert titles(client.get(f"/workshops?from={next_day}")) == []


def confirm(db, user, workshop) -> None:
    db.session.add(
        Registration(user_id=user.id, workshop_id=workshop.id, status=RegistrationStatus.CONFIRMED)
    )
    db.session.commit()


def pacific_zone():
    from zoneinfo import ZoneInfo

    return ZoneInfo("America/Los_Angeles")


def test_a_from_date_in_the_past_shows_past_workshops(client, make_workshop):
    make_workshop("Last month", starts_at=in_days(-30))
    past = (datetime.now(UTC) - timedelta(days=40)).date().isoformat()

    assert titles(client.get(f"/workshops?from={past}")) == ["Last month"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=notadate", "is not a date"),
        ("to=2026-13-45", "is not a date"),
        ("topic=astrology", "There is no topic"),
        ("network=atlantis", "There is no network"),
        ("grade=postdoc", "There is no grade band"),
        ("format=telepathy", "There is no format"),
        ("page=-3", "Choose a page from 1 to 10,000."),
        ("from=1850-01-01", "Choose a date between 2000 and 2100."),
        ("page=abc", "Choose a page from 1 to 10,000."),
    ],
)
def test_bad_filter_values_get_a_message_and_do_not_filter(client, make_workshop, query, message):
    make_workshop("Still listed", topics=["mathematics"])

    response = client.get(f"/workshops?{query}")

    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert 'aria-invalid="true"' in response.get_data(as_text=True) or "page" in query
    assert titles(response) == ["Still listed"]


def test_a_bad_value_keeps_the_other_filters(client, make_workshop):
    make_workshop("Math", topics=["mathematics"])
    make_workshop("Science", topics=["ngss_science"])

    response = client.get("/workshops?topic=mathematics&from=soon")

    assert titles(response) == ["Math"]


def test_pagination_keeps_filters_in_the_links(app, client, make_workshop):
    app.config["CATALOG_PAGE_SIZE"] = 2
    try:
        for day in range(1, 6):
            make_workshop(f"Math {day}", starts_at=in_days(day), topics=["mathematics"])
        make_workshop("Science", topics=["ngss_science"])

        first = client.get("/workshops?topic=mathematics")
        second = client.get("/workshops?topic=mathematics&page=2")
        beyond = client.get("/workshops?topic=mathematics&page=9")
    finally:
        app.config["CATALOG_PAGE_SIZE"] = 20

    assert titles(first) == ["Math 1", "Math 2"]
    assert "5 workshops · page 1 of 3" in first.get_data(as_text=True)
    assert "/workshops?page=2&amp;topic=mathematics" in first.get_data(as_text=True)
    assert titles(second) == ["Math 3", "Math 4"]
    assert titles(beyond) == ["Math 5"]  # the last page, not "page 9 of 3"
    assert "5 workshops · page 3 of 3" in beyond.text
    assert "There is no page 9, so this is the last page." in beyond.text
    assert "page 9 of" not in beyond.text


def test_card_shows_network_zone_dates_price_credit_and_seats(
    client, make_workshop, make_network, make_user, db
):
    network = make_network("Oregon STEM Hub", time_zone="America/Los_Angeles")
    workshop = make_workshop(
        "Assessment",
        network=network,
        capacity=2,
        price_cents=12500,
        venue="Portland ESD",
        topics=["assessment"],
        starts_at=datetime(2031, 1, 14, 17, 0, tzinfo=UTC),
        session_hours=3,
    )
    confirm(db, make_user(), workshop)

    html = client.get("/workshops").get_data(as_text=True)

    assert "Oregon STEM Hub" in html
    assert "Tue Jan 14, 2031" in html
    assert "9:00 AM – 12:00 PM PST" in html
    assert "$125.00" in html
    assert "3 hours" in html
    assert "Portland ESD" in html
    assert "Assessment" in html
    assert "1 seat left" in html


@pytest.mark.parametrize(
    ("has_waitlist", "label"), [(True, "Full — waitlist open"), (False, "Full")]
)
def test_full_workshop_card_says_so(client, make_workshop, make_user, db, has_waitlist, label):
    workshop = make_workshop("Popular", capacity=1, has_waitlist=has_waitlist)
    confirm(db, make_user(), workshop)

    html = client.get("/workshops").get_data(as_text=True)

    assert f'badge-{"warn" if has_waitlist else "bad"}">{label}</span>' in html


def test_online_workshop_card_says_online_and_free(client, make_workshop):
    make_workshop("Remote", format=WorkshopFormat.ONLINE, online_url="https://meet.example/x")

    html = client.get("/workshops").get_data(as_text=True)

    assert '<span class="where">Online</span>' in html
    assert "Free" in html
    assert "meet.example" not in html


def test_anonymous_page_has_etag_and_answers_304(client, make_workshop):
    make_workshop("Cached")

    first = client.get("/workshops?topic=mathematics")
    again = client.get(
        "/workshops?topic=mathematics", headers={"If-None-Match": first.headers["ETag"]}
    )

    assert first.headers["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert first.headers["ETag"]
    assert again.status_code == 304
    assert again.data == b""


def test_etag_changes_when_a_workshop_changes(client, make_workshop, db):
    workshop = make_workshop("Before")
    first = client.get("/workshops")

    workshop.title = "After"
    workshop.updated_at = datetime.now(UTC) + timedelta(seconds=1)
    db.session.commit()
    second = client.get("/workshops", headers={"If-None-Match": first.headers["ETag"]})

    assert second.status_code == 200
    assert titles(second) == ["After"]


def test_new_registration_updates_the_seats_shown(client, make_workshop, make_user, db):
    workshop = make_workshop("Counting", capacity=5)
    assert "5 seats left" in client.get("/workshops").get_data(as_text=True)

    confirm(db, make_user(), workshop)

    assert "4 seats left" in client.get("/workshops").get_data(as_text=True)


def test_signed_in_visitor_gets_their_navigation_not_a_shared_page(
    client, auth, make_workshop, make_user
):
    make_workshop("Shared list")
    client.get("/workshops")  # warms the anonymous cache
    auth.login(make_user(name="Zoë O'Brien-Łukasz"))

    response = client.get("/workshops")

    assert "Log out" in response.get_data(as_text=True)
    assert "public" not in response.headers.get("Cache-Control", "")
    assert titles(response) == ["Shared list"]


def add_many_workshops(db, network, count: int) -> None:
    """Bulk-insert published upcoming workshops with two sessions each (fast)."""
    for number in range(count):
        start = in_days(3 + number % 60)
        workshop = Workshop(
            network_id=network.id,
            slug=f"bulk-{network.id}-{number}",
            title=f"Bulk workshop {number}",
            status=WorkshopStatus.PUBLISHED,
            starts_at=start,
            ends_at=start + timedelta(days=7, hours=3),
        )
        workshop.sessions = [
            WorkshopSession(starts_at=start, ends_at=start + timedelta(hours=3)),
            WorkshopSession(
                starts_at=start + timedelta(days=7), ends_at=start + timedelta(days=7, hours=3)
            ),
        ]
        db.session.add(workshop)
    db.session.commit()


@pytest.mark.parametrize("query", ["", "?available=1&q=bulk&free=1&page=1"])
def test_query_count_does_not_grow_with_the_catalog(
    client, make_network, make_user, count_queries, db, query
):
    network = make_network()

    def page_queries() -> int:
        cache.rendered.clear()
        with count_queries() as counter:
            assert client.get(f"/workshops{query}").status_code == 200
        return counter.count

    add_many_workshops(db, network, 10)
    small = page_queries()
    add_many_workshops(db, make_network(), 990)
    large = page_queries()

    assert small == large
    # version, BEGIN, networks, counties; the listed workshops' ids, those of each filter
    # set (free, available) and of the words; then the cards' columns, sessions, seats
    assert small <= 11


def test_a_remember_me_cookie_is_never_served_the_shared_page(client, make_workshop):
    make_workshop()
    client.get("/workshops")  # warms the anonymous cache
    client.set_cookie("remember_token", "someone's token")

    response = client.get("/workshops")

    assert "ETag" not in response.headers


@pytest.mark.parametrize(
    "query",
    [
        "page=99999999999999999999999",
        "from=0001-01-01",
        "to=9999-12-31",
        "from=0001-01-01&to=0001-01-01",
        "q=" + "x" * 5000,
        "free=maybe",
    ],
)
def test_extreme_values_never_fail(client, make_workshop, query):
    make_workshop()

    assert client.get(f"/workshops?{query}").status_code == 200
    assert client.get(f"/api/v1/workshops?{query}").status_code in (200, 400)
