"""One search behind the catalog page, the JSON API and the public calendar feed: what was
searched, how many matched, the nearest searches when none did, and "near me" (county)
and "online only" everywhere."""

from __future__ import annotations

import re

import pytest

from tests.search.conftest import build_catalog


@pytest.fixture
def client_with_catalog(app, client):
    build_catalog()
    return client


def card_titles(html: str) -> list[str]:
    return re.findall(r'class="card workshop-card">\s*<h3><a href="[^"]+">([^<]+)</a>', html)


def test_the_page_says_how_many_matched_and_what_was_searched(client_with_catalog):
    html = client_with_catalog.get("/workshops?q=middle+school+math").text

    assert "2 workshops" in html
    assert sorted(card_titles(html)) == [
        "Culturally Responsive Mathematics Teaching",
        "Illustrative Mathematics: Launching Lessons with Routines",
    ]
    searched = re.search(r'<p class="searched">(.*?)</p>', html, re.S).group(1)
    assert "<strong>middle school</strong>" in searched and "<strong>math</strong>" in searched
    assert "mathematics" in searched  # the synonym it also looked for


def test_nothing_found_offers_the_same_search_without_one_word(client_with_catalog):
    html = client_with_catalog.get("/workshops?q=robots+yakima").text

    assert "No workshops match" in html
    assert re.search(r'href="/workshops\?q=robots">Without “yakima”</a>: 1 workshop\b', html)
    assert re.search(r'href="/workshops\?q=yakima">Without “robots”</a>: 2 workshops', html)


def test_nothing_found_in_the_dates_offers_any_date(client_with_catalog):
    html = client_with_catalog.get("/workshops?q=robots&from=2099-01-01").text

    assert re.search(r'href="/workshops\?q=robots">On any date</a>: 1 workshop\b', html)


def test_nothing_found_by_a_filter_offers_it_dropped(client_with_catalog):
    html = client_with_catalog.get("/workshops?q=robots&online=1").text

    assert re.search(r'href="/workshops\?q=robots">In person too</a>: 1 workshop\b', html)


def test_county_and_online_only_filter_the_page(client_with_catalog):
    yakima = card_titles(client_with_catalog.get("/workshops?county=yakima").text)
    online = card_titles(client_with_catalog.get("/workshops?online=1").text)

    assert sorted(yakima) == [
        "Climate Science and Data in Washington Rivers",
        "Phenomena-Based Science Teaching with NGSS",
    ]
    assert len(online) == 7
    assert "Robotics Engineering Design Challenge" not in online


def test_an_unknown_county_is_said_beside_its_field_and_not_used(client_with_catalog):
    html = client_with_catalog.get("/workshops?county=Atlantis").text

    assert "No workshop meets in a county called “Atlantis”; showing all counties." in html
    assert "15 workshops" in html


def test_filters_fold_into_details_open_when_one_is_set(client_with_catalog):
    plain = client_with_catalog.get("/workshops?q=math").text
    filtered = client_with_catalog.get("/workshops?county=King").text

    assert '<details class="filter-panel" data-open-wide>' in plain
    assert '<details class="filter-panel" data-open-wide open>' in filtered
    assert "Filters (1 set)" in filtered


def test_the_api_says_what_was_searched_and_filters_by_county(client_with_catalog):
    found = client_with_catalog.get("/api/v1/workshops?q=kimura+online").get_json()
    king = client_with_catalog.get("/api/v1/workshops?county=King").get_json()

    assert found["total"] == 3
    assert found["searched"][0] == {"words": "kimura", "also": []}
    assert "virtual" in found["searched"][1]["also"]
    assert {item["slug"] for item in king["workshops"]} == {
        "number-talks",
        "engineering-elementary",
    }


def test_the_api_offers_alternatives_and_refuses_an_unknown_county(client_with_catalog):
    nothing = client_with_catalog.get("/api/v1/workshops?q=robots+yakima").get_json()
    refused = client_with_catalog.get("/api/v1/workshops?county=Atlantis")

    assert nothing["total"] == 0
    assert {(a["widening"], a["detail"], a["total"]) for a in nothing["alternatives"]} == {
        ("drop_word", "yakima", 1),
        ("drop_word", "robots", 2),
    }
    assert refused.status_code == 400
    assert "county" in refused.get_json()["fields"]


def test_the_calendar_feed_uses_the_same_search_and_filters(client_with_catalog):
    feed = client_with_catalog.get("/calendar/workshops.ics?q=kimura&online=1").text
    clark = client_with_catalog.get("/calendar/workshops.ics?county=Clark").text

    def summaries(body: str) -> set[str]:
        return set(re.findall(r"^SUMMARY:(.*?)\r?$", body, re.M))

    assert summaries(feed) == {
        "Designing Three-Dimensional Assessments",
        "Illustrative Mathematics: Launching Lessons with Routines",
        "Data Science for High School Statistics",
    }
    assert summaries(clark) == {
        "Illustrative Mathematics: Launching Lessons with Routines",
        "Career-Connected Learning with Local Employers",
    }
