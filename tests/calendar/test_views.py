"""Calendar routes: .ics responses, conditional GETs, gzip, tokens and /me/calendar."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta

import pytest

from pdportal.models import RegistrationStatus, WorkshopFormat, WorkshopStatus
from pdportal.services import workshops
from pdportal.services.calendar import ics
from pdportal.services.calendar.cache import feed_cache


def test_workshop_ics_route_does_not_shadow_the_workshop_page(client, make_workshop, parse):
    workshop = make_workshop("Argumentation", slug="argumentation")

    ics = client.get("/workshops/argumentation.ics")
    page = client.get("/workshops/argumentation")

    assert ics.status_code == 200
    assert ics.mimetype == "text/calendar"
    assert 'filename="argumentation.ics"' in ics.headers["Content-Disposition"]
    assert str(parse(ics.data).events[0]["SUMMARY"]) == "Argumentation"
    assert page.status_code == 200
    assert page.mimetype == "text/html"
    assert workshop.title in page.get_data(as_text=True)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 404),
        ("educator", 404),
        ("other network's admin", 404),
        ("network admin", 200),
        ("site admin", 200),
    ],
)
def test_workshop_ics_of_a_draft_is_only_for_its_admins(
    client, auth, make_workshop, make_network, make_user, who, status
):
    network = make_network()
    make_workshop(slug="secret", status=WorkshopStatus.DRAFT, network=network)
    users = {
        "educator": lambda: make_user(),
        "other network's admin": lambda: make_user(admin_of=make_network()),
        "network admin": lambda: make_user(admin_of=network),
        "site admin": lambda: make_user(is_site_admin=True),
    }
    if who in users:
        auth.login(users[who]())

    response = client.get("/workshops/secret.ics")

    assert response.status_code == status
    if status == 200:
        assert response.headers["Cache-Control"] == "private, no-store"


def test_workshop_ics_of_an_unknown_workshop_is_not_found(client):
    assert client.get("/workshops/never-was.ics").status_code == 404


def test_workshop_ics_of_a_cancelled_workshop_says_cancelled(
    client, make_workshop, make_user, parse
):
    workshop = make_workshop(slug="gone")
    workshops.cancel_workshop(workshop, make_user(is_site_admin=True), "Low enrolment")

    response = client.get("/workshops/gone.ics")

    assert response.status_code == 200
    assert str(parse(response.data).events[0]["STATUS"]) == "CANCELLED"


def test_public_feed_headers_and_filters(client, make_workshop, parse):
    make_workshop("Math", topics=["mathematics"])
    make_workshop("Coding", topics=["computer_science"])

    response = client.get("/calendar/workshops.ics?topic=mathematics")

    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert "Accept-Encoding" in response.vary
    assert "Set-Cookie" not in response.headers  # shared caches may keep it
    assert response.headers["ETag"].startswith('W/"')
    assert response.headers["Last-Modified"]
    assert [str(e["SUMMARY"]) for e in parse(response.data).events] == ["Math"]


def test_public_feed_with_an_unknown_filter_value_says_so(client):
    response = client.get("/calendar/workshops.ics?topic=astrology")
    assert response.status_code == 400
    assert "Unknown topic" in response.get_data(as_text=True)


def test_public_feed_is_post_free(client):
    assert client.post("/calendar/workshops.ics").status_code == 405


def test_etag_answers_304_until_something_changes(client, make_workshop):
    workshop = make_workshop(sessions=2)
    first = client.get("/calendar/workshops.ics")
    etag = first.headers["ETag"]

    again = client.get("/calendar/workshops.ics", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag

    workshops.remove_session(workshop.sessions[1])
    changed = client.get("/calendar/workshops.ics", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert b"STATUS:CANCELLED" in changed.data


def test_last_modified_answers_304(client, make_workshop):
    make_workshop()
    first = client.get("/calendar/workshops.ics")

    again = client.get(
        "/calendar/workshops.ics", headers={"If-Modified-Since": first.headers["Last-Modified"]}
    )
    older = client.get(
        "/calendar/workshops.ics",
        headers={"If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT"},
    )

    assert again.status_code == 304
    assert older.status_code == 200


def test_feed_is_gzipped_when_the_client_accepts_it(client, make_workshop):
    make_workshop()
    plain = client.get("/calendar/workshops.ics")

    zipped = client.get("/calendar/workshops.ics", headers={"Accept-Encoding": "gzip, br"})

    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == plain.data
    assert "Content-Encoding" not in plain.headers
    assert zipped.headers["ETag"] == plain.headers["ETag"]
    refused = client.get("/calendar/workshops.ics", headers={"Accept-Encoding": "gzip;q=0"})
    assert "Content-Encoding" not in refused.headers


def test_repeat_request_is_served_from_the_cache(client, make_workshop, monkeypatch):
    make_workshop()
    first = client.get("/calendar/workshops.ics")

    def no_building(*args, **kwargs):
        raise AssertionError("rebuilt although nothing changed")

    monkeypatch.setattr(ics, "render", no_building)
    second = client.get("/calendar/workshops.ics")

    assert second.data == first.data
    assert len(feed_cache) == 1


def test_personal_feed_by_token(client, make_user, make_workshop, register_as, parse):
    ada = make_user()
    online = make_workshop(
        "Mine", format=WorkshopFormat.ONLINE, online_url="https://zoom.example/1"
    )
    register_as(ada, online)
    make_workshop("Not mine")

    response = client.get(f"/calendar/feed/{ada.calendar_token}.ics")

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, max-age=300"
    assert response.headers["X-Robots-Tag"] == "noindex"
    (event,) = parse(response.data).events
    assert str(event["SUMMARY"]) == "Mine"
    assert str(event["LOCATION"]) == "https://zoom.example/1"


def test_personal_feed_with_a_wrong_token_is_not_found(client, make_user):
    make_user()
    assert client.get("/calendar/feed/not-a-token.ics").status_code == 404
    assert client.get(f"/calendar/feed/{'x' * 80}.ics").status_code == 404


def test_personal_feeds_never_mix_people(client, make_user, make_workshop, register_as, parse):
    ada, bo = make_user(), make_user()
    register_as(ada, make_workshop("Ada's"))
    register_as(bo, make_workshop("Bo's"))
    register_as(bo, make_workshop("Bo waits"), RegistrationStatus.WAITLISTED)

    for user, expected in ((ada, ["Ada's"]), (bo, ["Bo's"]), (ada, ["Ada's"])):
        response = client.get(f"/calendar/feed/{user.calendar_token}.ics")
        assert [str(e["SUMMARY"]) for e in parse(response.data).events] == expected


def test_personal_feed_conditional_get(client, make_user, make_workshop, register_as):
    ada = make_user()
    register_as(ada, make_workshop())
    url = f"/calendar/feed/{ada.calendar_token}.ics"
    etag = client.get(url).headers["ETag"]

    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    register_as(ada, make_workshop())  # a new confirmed workshop changes the feed
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


# --- /me/calendar ------------------------------------------------------------------


def test_my_calendar_requires_login(client):
    response = client.get("/me/calendar")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]
    reset = client.post("/me/calendar/reset")
    assert reset.status_code == 302
    assert "/auth/login" in reset.headers["Location"]


def test_my_calendar_shows_the_subscription_addresses(client, auth, make_user):
    ada = make_user()
    auth.login(ada)

    page = client.get("/me/calendar").get_data(as_text=True)

    assert f"http://localhost/calendar/feed/{ada.calendar_token}.ics" in page
    assert f"webcal://localhost/calendar/feed/{ada.calendar_token}.ics" in page
    for app_name in ("Google Calendar", "Outlook", "Apple Calendar"):
        assert app_name in page
    assert page.count("<h1") == 1


def test_my_calendar_lists_what_the_feed_adds(client, auth, make_user, make_workshop, register_as):
    ada = make_user()
    register_as(ada, make_workshop("Mine, all mine"))
    make_workshop("Not mine")
    auth.login(ada)

    page = client.get("/me/calendar").get_data(as_text=True)

    assert "Mine, all mine" in page
    assert "Not mine" not in page


def test_reset_is_post_only(client, auth, make_user):
    auth.login(make_user())
    assert client.get("/me/calendar/reset").status_code == 405
    assert client.post("/me/calendar").status_code == 405


def test_reset_makes_the_old_address_stop_working(client, auth, make_user, db):
    ada = make_user()
    old = ada.calendar_token
    auth.login(ada)
    assert client.get(f"/calendar/feed/{old}.ics").status_code == 200

    response = client.post("/me/calendar/reset", data={"confirm": "y"}, follow_redirects=True)

    db.session.refresh(ada)
    assert ada.calendar_token != old
    assert "new address" in response.get_data(as_text=True)
    assert client.get(f"/calendar/feed/{old}.ics").status_code == 404
    assert client.get(f"/calendar/feed/{ada.calendar_token}.ics").status_code == 200


def test_reset_asks_for_confirmation_first_and_changes_nothing_without_it(
    client, auth, make_user, db
):
    ada = make_user()
    old = ada.calendar_token
    auth.login(ada)
    page = client.get("/me/calendar").get_data(as_text=True)
    assert 'type="checkbox"' in page and 'name="confirm"' in page
    assert "stops updating until I subscribe again with the new one" in page

    response = client.post("/me/calendar/reset", data={})

    assert response.status_code == 400
    db.session.refresh(ada)
    assert ada.calendar_token == old
    page = response.get_data(as_text=True)
    assert (
        '<p class="error" id="confirm-error">Tick the box to make a new address, or leave your '
        "address as it is.</p>" in page
    )
    assert 'aria-describedby="confirm-error"' in page
    assert client.get(f"/calendar/feed/{old}.ics").status_code == 200


def test_an_old_or_wrong_feed_address_answers_in_plain_text(client, auth, make_user, db):
    ada = make_user(name="Ada Lovelace")
    old = ada.calendar_token
    auth.login(ada)
    client.post("/me/calendar/reset", data={"confirm": "y"})
    auth.logout()

    retired = client.get(f"/calendar/feed/{old}.ics")
    never_was = client.get("/calendar/feed/not-a-token.ics")

    assert retired.status_code == never_was.status_code == 404
    assert retired.mimetype == never_was.mimetype == "text/plain"
    body = retired.get_data(as_text=True)
    assert body == never_was.get_data(as_text=True)  # nothing says the address was someone's
    assert not body.lstrip().startswith("{")
    assert "This calendar address is not in use." in body
    assert "/me/calendar" in body
    assert "Ada" not in body and ada.email not in body


def test_an_unknown_workshop_calendar_answers_in_plain_text(client):
    response = client.get("/workshops/never-was.ics")
    assert response.status_code == 404
    assert response.mimetype == "text/plain"
    assert "There is no workshop calendar at this address." in response.get_data(as_text=True)


def test_reset_needs_a_csrf_token_when_protection_is_on(app, client, auth, make_user, db):
    ada = make_user()
    old = ada.calendar_token
    auth.login(ada)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post("/me/calendar/reset")
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    db.session.refresh(ada)
    assert response.status_code == 400
    assert ada.calendar_token == old


# --- "Add to calendar" on the workshop page ----------------------------------------


def test_workshop_page_offers_ics_and_google_links(client, make_workshop):
    workshop = make_workshop("Models, & more", slug="models", sessions=3, venue="ESD 112")

    page = client.get("/workshops/models").get_data(as_text=True)

    assert 'href="/workshops/models.ics"' in page
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in page
    first = workshop.sessions[0]
    start = first.starts_at.strftime("%Y%m%dT%H%M%SZ")
    end = (first.starts_at + timedelta(hours=3)).strftime("%Y%m%dT%H%M%SZ")
    assert f"dates={start}/{end}" in page
    assert "text=Models%2C+%26amp%3B+more" not in page  # the URL is encoded once
    assert "text=Models%2C+%26+more" in page
    assert "location=ESD+112" in page
    assert "Google adds one session only" in page


def test_single_session_workshop_has_no_one_session_note(client, make_workshop):
    make_workshop(slug="one")
    page = client.get("/workshops/one").get_data(as_text=True)
    assert "one session only" not in page
    assert "/workshops/one.ics" in page


def test_google_link_adds_the_next_session_of_a_workshop_under_way(client, make_workshop):
    started = datetime.now(UTC) - timedelta(days=3)
    workshop = make_workshop(slug="under-way", sessions=3, starts_at=started)

    page = client.get("/workshops/under-way").get_data(as_text=True)

    second = workshop.sessions[1].starts_at.strftime("%Y%m%dT%H%M%SZ")
    assert f"dates={second}/" in page


def test_cancelled_workshop_page_offers_the_updated_file_only(client, make_workshop, make_user):
    workshop = make_workshop(slug="called-off")
    workshops.cancel_workshop(workshop, make_user(is_site_admin=True), "Snow")

    page = client.get("/workshops/called-off").get_data(as_text=True)

    assert "Download the updated calendar file" in page
    assert "calendar.google.com" not in page


def test_head_request_gets_the_headers_without_the_body(client, make_workshop):
    make_workshop()
    response = client.head("/calendar/workshops.ics")
    assert response.status_code == 200
    assert response.data == b""
    assert response.headers["ETag"]


@pytest.mark.parametrize(("sessions", "words"), [(2, "both sessions"), (3, "all 3 sessions")])
def test_add_to_calendar_names_how_many_sessions_the_file_holds(
    client, make_workshop, sessions, words
):
    workshop = make_workshop(sessions=sessions)
    page = client.get(f"/workshops/{workshop.slug}").text
    assert f"for Apple Calendar and Outlook; {words}" in page
    assert f"For {words}, download the calendar file" in page
