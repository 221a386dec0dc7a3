"""The catalog page, the JSON API and the public calendar feed share one set of filters:
the same query gives the same workshops on all three."""

from __future__ import annotations

import icalendar
import pytest

from pdportal.models import WorkshopFormat
from tests.catalog.test_workshop_list import in_days, titles


@pytest.fixture
def catalog_of_four(make_workshop, make_network):
    north = make_network("North", slug="north")
    make_workshop(
        "Math K-5",
        topics=["mathematics"],
        grade_bands=["k_2", "3_5"],
        starts_at=in_days(5),
        summary="Number talks",
    )
    make_workshop(
        "CS high school",
        network=north,
        topics=["computer_science"],
        grade_bands=["9_12"],
        format=WorkshopFormat.ONLINE,
        price_cents=4500,
        starts_at=in_days(12),
    )
    make_workshop("Robots 6-8", topics=["engineering"], grade_bands=["6_8"], starts_at=in_days(20))
    make_workshop(
        "Robotics 3-5",
        topics=["engineering", "computer_science"],
        grade_bands=["3_5"],
        starts_at=in_days(40),
        price_cents=1000,
    )


def _feed_titles(client, query: str) -> list[str]:
    response = client.get(f"/calendar/workshops.ics?{query}")
    assert response.status_code == 200, response.text
    calendar = icalendar.Calendar.from_ical(response.data)
    return [str(event["SUMMARY"]) for event in calendar.events]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "topic=computer_science",
        "grade=3_5",
        "format=online",
        "network=north",
        "free=1",
        "q=robot",
        "q=NUMBER",
        "topic=engineering&grade=3_5",
        f"from={in_days(10).date().isoformat()}&to={in_days(30).date().isoformat()}",
        "available=1&free=1",
    ],
)
def test_page_api_and_feed_list_the_same_workshops(client, catalog_of_four, query):
    page = titles(client.get(f"/workshops?{query}"))
    api = [item["title"] for item in client.get(f"/api/v1/workshops?{query}").json["workshops"]]
    feed = _feed_titles(client, query)

    assert page == api == feed
    assert page  # every query here matches something


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("topic=astrology", "topic"),
        ("network=atlantis", "network"),
        ("from=soon", "from"),
        ("from=2031-05-02&to=2031-05-01", "to"),
    ],
)
def test_a_bad_filter_is_named_alike_by_all_three(client, catalog_of_four, query, field):
    page = client.get(f"/workshops?{query}")
    api = client.get(f"/api/v1/workshops?{query}")
    feed = client.get(f"/calendar/workshops.ics?{query}")

    assert page.status_code == 200 and 'aria-invalid="true"' in page.text
    assert api.status_code == 400 and list(api.json["fields"]) == [field]
    assert feed.status_code == 400 and feed.mimetype == "text/plain"
    assert api.json["fields"][field][0] in feed.text
