"""What the .ics says: times across DST, UIDs, SEQUENCE, cancellations, escaping, text."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from icalendar import vText

from pdportal.models import User, WorkshopFormat, WorkshopStatus
from pdportal.services import calendar, catalog, workshops

# 2026-11-01 is the Sunday US clocks go back (02:00 PDT -> 01:00 PST).
SATURDAY_9AM_PDT = datetime(2026, 10, 31, 16, 0, tzinfo=UTC)
SUNDAY_9AM_PST = datetime(2026, 11, 1, 17, 0, tzinfo=UTC)


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def test_workshop_ics_has_one_event_per_session_with_stable_uids(make_workshop, parse):
    workshop = make_workshop("Modeling with math", sessions=3)

    parsed = parse(calendar.workshop_ics(workshop))

    assert [str(event["UID"]) for event in parsed.events] == [
        f"session-{session.id}@localhost" for session in workshop.sessions
    ]
    assert [e.uid.value for e in parsed.vevents] == [str(e["UID"]) for e in parsed.events]
    assert str(parsed.events[1]["SUMMARY"]) == "Modeling with math (session 2 of 3)"
    assert str(parsed.ical["METHOD"]) == "PUBLISH"
    assert str(parsed.ical["PRODID"]) == calendar.PRODID
    assert parsed.vobj.contents["x-wr-calname"][0].value == "Modeling with math"


def test_times_stay_right_across_the_daylight_saving_change(make_workshop, parse):
    workshop = make_workshop(starts_at=SATURDAY_9AM_PDT, sessions=1)
    workshop.sessions[0].workshop  # noqa: B018 - loaded
    workshops.add_session(workshop, date(2026, 11, 1), time(9, 0), time(12, 0))

    parsed = parse(calendar.workshop_ics(workshop))

    starts = [_utc(event.start) for event in parsed.events]
    assert starts == [SATURDAY_9AM_PDT, SUNDAY_9AM_PST]
    assert [_utc(event.dtstart.value) for event in parsed.vevents] == starts
    assert [_utc(event.dtend.value) for event in parsed.vevents] == [
        SATURDAY_9AM_PDT + timedelta(hours=3),
        SUNDAY_9AM_PST + timedelta(hours=3),
    ]
    assert [event["DTSTART"].params["TZID"] for event in parsed.events] == [
        "America/Los_Angeles"
    ] * 2
    assert b"DTSTART;TZID=America/Los_Angeles:20261101T090000" in parsed.raw
    (zone,) = parsed.ical.timezones
    assert zone.tz_name == "America/Los_Angeles"


def test_each_network_zone_gets_its_vtimezone(make_workshop, make_network, parse, db):
    new_york = make_network(time_zone="America/New_York")
    make_workshop(network=new_york, slug="east")
    make_workshop(slug="west")

    parsed = parse(catalog.public_feed(catalog.CatalogFilters(), "en").body())

    assert {zone.tz_name for zone in parsed.ical.timezones} == {
        "America/New_York",
        "America/Los_Angeles",
    }
    assert not parsed.ical.get_missing_tzids()


def test_moving_a_session_keeps_its_uid_and_raises_sequence(make_workshop, parse):
    workshop = make_workshop(starts_at=SATURDAY_9AM_PDT)
    session = workshop.sessions[0]
    before = parse(calendar.workshop_ics(workshop)).events[0]

    workshops.update_session(session, date(2026, 11, 1), time(13, 0), time(15, 0), "Room 4")

    after = parse(calendar.workshop_ics(workshop)).events[0]
    assert after["UID"] == before["UID"]
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1
    assert _utc(after.start) == datetime(2026, 11, 1, 21, 0, tzinfo=UTC)
    assert str(after["LOCATION"]) == "Room 4"
    assert after["DTSTAMP"].dt >= before["DTSTAMP"].dt


def test_cancelled_session_stays_with_status_cancelled(make_workshop, parse):
    workshop = make_workshop("Ratios", sessions=2)
    workshops.remove_session(workshop.sessions[0])

    parsed = parse(calendar.workshop_ics(workshop))

    assert [str(event["STATUS"]) for event in parsed.events] == ["CANCELLED", "CONFIRMED"]
    assert str(parsed.events[0]["SUMMARY"]).startswith("Cancelled: Ratios")
    assert parsed.vevents[0].status.value == "CANCELLED"
    assert parsed.events[0]["SEQUENCE"] == 1


def test_cancelled_workshop_cancels_every_event(make_workshop, make_user, parse):
    workshop = make_workshop(sessions=2)
    admin = make_user(is_site_admin=True)
    workshops.cancel_workshop(workshop, admin, "Facilitator ill")

    parsed = parse(calendar.workshop_ics(workshop))

    assert {str(event["STATUS"]) for event in parsed.events} == {"CANCELLED"}
    assert str(parsed.events[0]["DESCRIPTION"]).startswith(
        "This workshop was cancelled. Facilitator ill"
    )
    assert {event["SEQUENCE"] for event in parsed.events} == {1}


TRICKY_TITLES = [
    "Fractions, decimals; and percents",
    "Line one\nline two",
    'Back\\slash and "quotes" 🎉🧪 — élan, ñ, ễ, Ł',
    "A very long title " + "that keeps going " * 12,
]


@pytest.mark.parametrize("title", TRICKY_TITLES)
def test_any_title_survives_escaping_and_folding(make_workshop, parse, title):
    workshop = make_workshop(
        title,
        summary=title,
        description="Bring *a laptop*; we use 3 < 4 & more",
        venue=title,
    )

    parsed = parse(calendar.workshop_ics(workshop))

    assert str(parsed.events[0]["SUMMARY"]) == title
    assert parsed.vevents[0].summary.value == title
    assert str(parsed.events[0]["LOCATION"]) == title
    assert parsed.vevents[0].location.value == title
    description = parsed.vevents[0].description.value
    assert description == str(parsed.events[0]["DESCRIPTION"])
    assert description.startswith(f"{title}\n\nBring a laptop; we use 3 < 4 & more")
    # icalendar 7.3 reads X-WR-CALNAME as "unknown" (still escaped); vobject unescapes it.
    one_line = " ".join(title.split())
    assert str(parsed.ical["X-WR-CALNAME"]) == vText(one_line).to_ical().decode()
    assert parsed.vobj.contents["x-wr-calname"][0].value == one_line
    lines = parsed.raw.split(b"\r\n")
    assert lines[-1] == b""  # every line ends in CRLF
    assert max(len(line) for line in lines) <= 75
    assert b"\n" not in parsed.raw.replace(b"\r\n", b"")


def test_event_carries_url_location_and_plain_text_description(make_workshop, parse):
    workshop = make_workshop(
        "Phenomena",
        slug="phenomena",
        venue="ESD 112",
        address="2500 NE 65th Ave, Vancouver",
        summary="Anchor units in phenomena.",
        description="## Agenda\n\n- **Morning**: [models](https://example.org)\n- Lunch & talk",
        online_url="https://zoom.example/j/1",
    )

    event = parse(calendar.workshop_ics(workshop)).events[0]

    assert str(event["URL"]) == "http://localhost/workshops/phenomena"
    assert str(event["LOCATION"]) == "ESD 112, 2500 NE 65th Ave, Vancouver"
    description = str(event["DESCRIPTION"])
    assert description.startswith("Anchor units in phenomena.")
    assert "Morning: models" in description and "Lunch & talk" in description
    assert "<" not in description and "**" not in description
    assert "http://localhost/workshops/phenomena" in description
    assert "zoom.example" not in calendar.workshop_ics(workshop).decode()


def test_online_link_only_when_asked_for(make_workshop, parse):
    workshop = make_workshop(format=WorkshopFormat.ONLINE, online_url="https://zoom.example/j/9")

    public = parse(calendar.workshop_ics(workshop)).events[0]
    private = parse(calendar.workshop_ics(workshop, include_join_link=True)).events[0]

    assert str(public["LOCATION"]) == "Online"
    assert str(private["LOCATION"]) == "https://zoom.example/j/9"
    assert "Join online: https://zoom.example/j/9" in str(private["DESCRIPTION"])


def test_output_is_the_same_bytes_for_the_same_data(make_workshop):
    workshop = make_workshop(sessions=2)
    assert calendar.workshop_ics(workshop) == calendar.workshop_ics(workshop)


def test_draft_status_is_never_in_feeds(make_workshop, parse):
    make_workshop("Secret draft", status=WorkshopStatus.DRAFT)
    assert parse(catalog.public_feed(catalog.CatalogFilters(), "en").body()).events == []


def test_uid_host_follows_base_url(app, make_workshop, parse, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", "https://pd.example.org/")
    workshop = make_workshop()
    event = parse(calendar.workshop_ics(workshop)).events[0]
    assert str(event["UID"]) == f"session-{workshop.sessions[0].id}@pd.example.org"
    assert str(event["URL"]) == f"https://pd.example.org/workshops/{workshop.slug}"


def test_user_model_is_untouched_by_building(make_user):
    assert isinstance(make_user(), User)
