"""The read-only JSON catalog."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pdportal.blueprints.catalog import cache
from pdportal.models import Registration, RegistrationStatus, WorkshopFormat, WorkshopStatus
from tests.catalog.test_workshop_list import add_many_workshops


def test_lists_published_workshops_with_the_documented_shape(client, make_workshop, make_network):
    network = make_network("Washington STEM — Southwest", slug="wa-southwest")
    make_workshop(
        "Engineering design in K-5",
        network=network,
        starts_at=datetime(2031, 4, 2, 16, tzinfo=UTC),
        sessions=2,
        topics=["engineering"],
        grade_bands=["k_2", "3_5"],
        price_cents=2500,
        capacity=12,
    )
    make_workshop("Hidden draft", status=WorkshopStatus.DRAFT)

    response = client.get("/api/v1/workshops")

    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.get_json()
    assert body["total"] == 1 and body["next"] is None
    item = body["workshops"][0]
    assert item["title"] == "Engineering design in K-5"
    assert item["network"] == {"slug": "wa-southwest", "name": "Washington STEM — Southwest"}
    assert item["format"] == "in_person"
    assert item["topics"] == ["engineering"]
    assert item["grade_bands"] == ["k_2", "3_5"]
    assert item["price_cents"] == 2500
    assert item["credit_hours"] == "6.00"
    assert item["credit_type"] == "completion"
    assert item["starts_at"] == "2031-04-02T16:00:00Z"
    assert item["ends_at"] == "2031-04-09T19:00:00Z"
    assert item["sessions"][1] == {
        "starts_at": "2031-04-09T16:00:00Z",
        "ends_at": "2031-04-09T19:00:00Z",
    }
    assert item["capacity"] == 12
    assert (item["seats_taken"], item["seats_left"], item["waitlist_length"]) == (0, 12, 0)
    assert item["url"] == f"http://localhost/workshops/{item['slug']}"


def test_filters_are_the_catalogs(client, make_workshop):
    make_workshop("Online CS", format=WorkshopFormat.ONLINE, topics=["computer_science"])
    make_workshop("In-person math", topics=["mathematics"])

    body = client.get("/api/v1/workshops?format=online&topic=computer_science").get_json()

    assert [w["title"] for w in body["workshops"]] == ["Online CS"]


def test_pagination_gives_a_next_url_keeping_filters(client, make_network, db):
    add_many_workshops(db, make_network(), 5)

    first = client.get("/api/v1/workshops?per_page=2&free=1").get_json()
    last = client.get("/api/v1/workshops?per_page=2&free=1&page=3").get_json()

    assert first["total"] == 5 and len(first["workshops"]) == 2
    assert first["next"] == "http://localhost/api/v1/workshops?free=1&page=2&per_page=2"
    assert len(last["workshops"]) == 1 and last["next"] is None


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("from=notadate", "from"),
        ("topic=astrology", "topic"),
        ("per_page=1000", "per_page"),
        ("per_page=0", "per_page"),
        ("per_page=²", "per_page"),
        ("page=-3", "page"),
    ],
)
def test_bad_filters_are_a_400_naming_the_field(client, query, field):
    first = client.get(f"/api/v1/workshops?{query}")
    again = client.get(f"/api/v1/workshops?{query}")  # served from the page cache

    for response in (first, again):
        assert response.status_code == 400
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        body = response.get_json()
        assert body["error"]
        assert list(body["fields"]) == [field]


def test_list_answers_304_to_a_matching_etag(client, make_workshop):
    make_workshop()
    first = client.get("/api/v1/workshops")

    again = client.get("/api/v1/workshops", headers={"If-None-Match": first.headers["ETag"]})

    assert again.status_code == 304
    assert again.headers["Access-Control-Allow-Origin"] == "*"


def test_seat_counts_are_reported(client, make_workshop, make_user, db):
    workshop = make_workshop(capacity=1)
    db.session.add_all(
        [
            Registration(
                user_id=make_user().id, workshop_id=workshop.id, status=RegistrationStatus.CONFIRMED
            ),
            Registration(
                user_id=make_user().id,
                workshop_id=workshop.id,
                status=RegistrationStatus.WAITLISTED,
            ),
        ]
    )
    db.session.commit()

    item = client.get("/api/v1/workshops").get_json()["workshops"][0]

    assert (item["seats_taken"], item["seats_left"], item["waitlist_length"]) == (1, 0, 1)


def test_one_workshop_has_sanitised_description_and_sessions(client, make_workshop):
    workshop = make_workshop(
        "Assessment literacy", description="**Bold**\n\n<script>alert(1)</script>", sessions=2
    )

    response = client.get(f"/api/v1/workshops/{workshop.slug}")

    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.get_json()
    assert body["description_markdown"].startswith("**Bold**")
    assert "<strong>Bold</strong>" in body["description_html"]
    assert "<script>" not in body["description_html"]
    assert len(body["sessions"]) == 2
    assert body["is_cancelled"] is False


def test_one_cancelled_workshop_is_marked_cancelled(client, make_workshop):
    workshop = make_workshop(status=WorkshopStatus.CANCELLED, cancelled_reason="Snow day")

    body = client.get(f"/api/v1/workshops/{workshop.slug}").get_json()

    assert body["is_cancelled"] is True and body["cancelled_reason"] == "Snow day"


def test_online_link_is_never_in_the_api(client, make_workshop):
    workshop = make_workshop(format=WorkshopFormat.ONLINE, online_url="https://zoom.example/j/1")

    assert "zoom.example" not in client.get(f"/api/v1/workshops/{workshop.slug}").get_data(
        as_text=True
    )


@pytest.mark.parametrize("status", [WorkshopStatus.DRAFT, None])
def test_drafts_and_unknown_workshops_are_404_json(client, make_workshop, status):
    slug = make_workshop(status=status).slug if status else "nope"

    response = client.get(f"/api/v1/workshops/{slug}")

    assert response.status_code == 404
    assert response.get_json()["error"]


def test_query_count_does_not_grow_with_the_catalog(client, make_network, count_queries, db):
    def list_queries() -> int:
        cache.rendered.clear()
        with count_queries() as counter:
            assert client.get("/api/v1/workshops?per_page=100&available=1").status_code == 200
        return counter.count

    add_many_workshops(db, make_network(), 10)
    small = list_queries()
    add_many_workshops(db, make_network(), 990)
    large = list_queries()

    # The version, BEGIN, the filter choices (networks, counties), the listed workshops'
    # ids and those with seats, then the cards' columns, sessions and seat counts.
    assert small == large <= 9


def test_a_new_search_reads_only_the_ids_of_workshops_already_listed(
    client, make_workshop, count_queries
):
    make_workshop("Fractions on a number line", topics=["mathematics"])
    make_workshop("Soil and water", topics=["science"])
    assert client.get("/api/v1/workshops").get_json()["total"] == 2

    with count_queries() as counter:
        body = client.get("/api/v1/workshops?q=fractions").get_json()

    assert [item["title"] for item in body["workshops"]] == ["Fractions on a number line"]
    read = " ".join(counter.statements)
    assert "search_hits" in read  # searched…
    assert "workshop.slug" not in read and "workshop_session" not in read  # …item reused


def test_a_registration_shows_in_the_next_search_at_once(client, make_workshop, make_user, db):
    workshop = make_workshop("Fractions on a number line", capacity=5)
    assert client.get("/api/v1/workshops").get_json()["workshops"][0]["seats_taken"] == 0

    db.session.add(
        Registration(
            user_id=make_user().id, workshop_id=workshop.id, status=RegistrationStatus.CONFIRMED
        )
    )
    db.session.commit()
    item = client.get("/api/v1/workshops?q=fractions").get_json()["workshops"][0]

    assert (item["seats_taken"], item["seats_left"]) == (1, 4)


def test_answers_are_cached_per_language_and_say_so(client, make_workshop):
    make_workshop()

    english = client.get("/api/v1/workshops", headers={"Accept-Language": "en"})
    spanish = client.get("/api/v1/workshops", headers={"Accept-Language": "es"})

    assert english.get_json()["workshops"] == spanish.get_json()["workshops"]  # data: the same
    assert (english.headers["Content-Language"], spanish.headers["Content-Language"]) == (
        "en",
        "es",
    )
    assert "Accept-Language" in spanish.headers["Vary"]
    assert english.headers["ETag"] != spanish.headers["ETag"]
    assert len(cache.rendered) == 2


def test_messages_are_plain_strings_in_the_requests_language(client):
    body = client.get("/api/v1/workshops?topic=astrology&per_page=0").get_json()

    assert body["error"] == "Some filters are not valid."
    assert body["fields"] == {
        "topic": [
            "Unknown topic “astrology”. Use one of: ngss_science, mathematics, "
            "computer_science, engineering, assessment, career_connected, environmental, equity."
        ],
        "per_page": ["Give a whole number from 1 to 100."],
    }
    beyond = client.get("/api/v1/workshops?page=7").get_json()
    assert beyond["message"] == "There is no page 7; the last page is 1."
