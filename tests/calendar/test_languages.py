"""The feeds' texts are translated: a personal feed speaks its owner's preferred language,
the public and workshop feeds the request's; each language is cached on its own."""

from __future__ import annotations

import pytest

from pdportal.services import calendar, workshops
from pdportal.services.calendar.cache import feed_cache


def _summaries(parse, data: bytes) -> list[str]:
    return [str(event["SUMMARY"]) for event in parse(data).events]


@pytest.fixture
def robotics(make_workshop, make_user):
    workshop = make_workshop("Robotics", slug="robotics")
    workshops.cancel_workshop(workshop, make_user(is_site_admin=True), "Snow")
    return workshop


def test_public_feed_speaks_the_requests_language_and_caches_each(client, robotics, parse):
    english = client.get("/calendar/workshops.ics", headers={"Accept-Language": "en"})
    spanish = client.get("/calendar/workshops.ics", headers={"Accept-Language": "es"})

    assert _summaries(parse, english.data) == ["Cancelled: Robotics"]
    assert _summaries(parse, spanish.data) == ["Cancelado: Robotics"]
    assert b"Talleres de STEM" in spanish.data  # the calendar's name too
    assert (english.headers["Content-Language"], spanish.headers["Content-Language"]) == (
        "en",
        "es",
    )
    assert english.headers["ETag"] != spanish.headers["ETag"]
    assert {"Accept-Language", "Cookie"} <= set(spanish.vary)
    assert len(feed_cache) == 2
    again = client.get(
        "/calendar/workshops.ics",
        headers={"Accept-Language": "es", "If-None-Match": english.headers["ETag"]},
    )
    assert again.status_code == 200  # the English copy is not the Spanish one


def test_workshop_feed_speaks_the_requests_language(client, robotics, parse):
    spanish = client.get("/workshops/robotics.ics", headers={"Accept-Language": "es"})
    english = client.get("/workshops/robotics.ics", headers={"Accept-Language": "en"})

    assert _summaries(parse, spanish.data) == ["Cancelado: Robotics"]
    assert _summaries(parse, english.data) == ["Cancelled: Robotics"]
    assert "Este taller se canceló. Snow".encode() in spanish.data


@pytest.mark.parametrize(
    ("preferred", "expected"),
    [("es", "Cancelado: Robotics"), ("en", "Cancelled: Robotics")],
)
def test_personal_feed_speaks_its_owners_language_whoever_asks(
    client, make_user, register_as, make_workshop, parse, preferred, expected
):
    owner = make_user(preferred_language=preferred)
    workshop = make_workshop("Robotics")
    register_as(owner, workshop)
    workshops.cancel_workshop(workshop, make_user(is_site_admin=True), "Snow")
    url = f"/calendar/feed/{owner.calendar_token}.ics"

    for asked in ("en", "es"):
        response = client.get(url, headers={"Accept-Language": asked})
        assert _summaries(parse, response.data) == [expected]
        assert response.headers["Content-Language"] == preferred
        assert "Accept-Language" not in response.vary


def test_a_language_we_do_not_speak_gets_english(make_user, register_as, make_workshop, parse):
    owner = make_user(preferred_language="vi")
    register_as(owner, make_workshop("Robotics", sessions=2))

    assert _summaries(parse, calendar.personal_feed(owner).body()) == [
        "Robotics (session 1 of 2)",
        "Robotics (session 2 of 2)",
    ]


def test_an_email_attachment_is_in_the_language_asked_for(robotics, parse):
    spanish = calendar.workshop_ics(robotics, language="es")
    english = calendar.workshop_ics(robotics, language="en")

    assert _summaries(parse, spanish) == ["Cancelado: Robotics"]
    assert _summaries(parse, english) == ["Cancelled: Robotics"]
