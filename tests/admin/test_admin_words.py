"""What an admin reads after each action: the services answer values, the pages say them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import select

from pdportal.models import OutboxMessage
from pdportal.services import workshops
from pdportal.services.workshops.editing import WorkshopDetails

NEXT_YEAR = datetime.now(UTC).year + 1
# US clocks spring forward at 2 am on the second Sunday of March.
SPRING_FORWARD = next(
    day for day in (date(NEXT_YEAR, 3, d) for d in range(8, 15)) if day.weekday() == 6
)


@pytest.fixture
def registered(make_user, enrol):
    """`count` educators registered for `workshop`; the first prefers Spanish."""

    def make(workshop, count=2):
        people = [
            make_user(f"educator{n}@school.example", f"Educator {n}", preferred_language=language)
            for n, language in zip(range(count), ["es", *["en"] * (count - 1)], strict=True)
        ]
        for person in people:
            enrol(person, workshop)
        return people

    return make


def flashed(client, path, data=None):
    return client.post(path, data=data or {}, follow_redirects=True).get_data(as_text=True)


# --- sessions -------------------------------------------------------------------------


def test_moving_a_session_says_how_many_were_emailed(
    client, auth, db, people, make_workshop, registered
):
    workshop = make_workshop(network=people.network, sessions=2, venue="ESD 121")
    registered(workshop, count=1)
    auth.login(people.admin)
    session = workshop.sessions[0]
    page = flashed(
        client,
        f"/admin/workshops/{workshop.slug}/sessions/{session.id}/edit",
        {
            "day": f"{NEXT_YEAR}-06-02",
            "start_time": "13:00",
            "end_time": "15:00",
            "location": "Lab",
        },
    )
    assert "Session saved. 1 registrant was emailed." in page


def test_the_schedule_email_states_the_change_in_the_recipients_language(
    db, people, make_workshop, registered
):
    workshop = make_workshop(
        "Math Circles",
        network=people.network,
        sessions=1,
        starts_at=datetime(NEXT_YEAR, 5, 4, 16, tzinfo=UTC),
    )
    spanish, english = registered(workshop)
    db.session.execute(OutboxMessage.__table__.delete())
    db.session.commit()
    workshops.update_session(
        workshop.sessions[0], date(NEXT_YEAR, 5, 5), time(9), time(12), "Room 9"
    )
    sent = {m.to_email: m for m in db.session.scalars(select(OutboxMessage))}
    message = sent[english.email]
    assert message.subject == "Schedule change: Math Circles"
    assert "Hello Educator 1," in message.body_text
    moved = " ".join(message.body_text.split())
    assert "The organizers of Math Circles moved the session of" in moved
    assert f"May 4, {NEXT_YEAR} · 9:00 AM PDT. It now meets" in moved
    assert f"May 5, {NEXT_YEAR} · 9:00 AM PDT (Room 9)." in moved
    # Dates follow the recipient's language (the words too, once translated).
    assert f"5 de may de {NEXT_YEAR}" in sent[spanish.email].body_text


def test_cancelling_a_session_says_who_was_emailed(client, auth, people, make_workshop, registered):
    workshop = make_workshop(network=people.network, sessions=2)
    registered(workshop)
    auth.login(people.admin)
    page = flashed(
        client, f"/admin/workshops/{workshop.slug}/sessions/{workshop.sessions[1].id}/remove"
    )
    assert "Session cancelled; calendars show it as cancelled. 2 registrants were emailed." in page


def test_the_last_session_of_a_published_workshop_stays(client, auth, people, make_workshop):
    workshop = make_workshop(network=people.network, sessions=1)
    auth.login(people.admin)
    page = flashed(
        client, f"/admin/workshops/{workshop.slug}/sessions/{workshop.sessions[0].id}/remove"
    )
    assert "A published workshop keeps at least one session." in page


def test_a_time_the_clocks_skip_is_named_on_its_field(client, auth, people):
    workshop = workshops.create_workshop(people.network, WorkshopDetails(title="Spring Talks"))
    auth.login(people.admin)
    page = client.post(
        f"/admin/workshops/{workshop.slug}/sessions/new",
        data={"day": SPRING_FORWARD.isoformat(), "start_time": "02:30", "end_time": "04:00"},
    ).get_data(as_text=True)
    day = f"{SPRING_FORWARD:%a %b} {SPRING_FORWARD.day}, {NEXT_YEAR}"
    assert (f"2:30 AM does not exist on {day} in Pacific Time: the clocks change then.") in page


def test_a_session_before_registration_closes_names_the_closing_time(client, auth, people):
    workshop = workshops.create_workshop(
        people.network,
        WorkshopDetails(
            title="Late Close", registration_closes_local=datetime(NEXT_YEAR, 4, 10, 17)
        ),
    )
    auth.login(people.admin)
    page = client.post(
        f"/admin/workshops/{workshop.slug}/sessions/new",
        data={"day": f"{NEXT_YEAR}-04-10", "start_time": "09:00", "end_time": "12:00"},
    ).get_data(as_text=True)
    day = f"{date(NEXT_YEAR, 4, 10):%a} Apr 10, {NEXT_YEAR}"
    assert f"Registration closes {day} · 5:00 PM PDT, after this session would start." in page


# --- status and facilitators -----------------------------------------------------------


def test_a_workshop_with_registrants_is_not_unpublished_and_the_admin_reads_why(
    client, auth, people, make_workshop, registered
):
    workshop = make_workshop(network=people.network)
    registered(workshop)
    auth.login(people.admin)
    page = flashed(client, f"/admin/workshops/{workshop.slug}/unpublish")
    assert "2 people are registered or waitlisted, so it cannot go back to draft." in page


def test_unpublishing_says_it_left_the_catalog(client, auth, people, make_workshop):
    workshop = make_workshop(network=people.network)
    auth.login(people.admin)
    page = flashed(client, f"/admin/workshops/{workshop.slug}/unpublish")
    assert "Back to draft: it is no longer in the catalog." in page


def test_facilitator_refusals_are_worded(client, auth, people, make_workshop):
    workshop = make_workshop(network=people.network, facilitators=[people.educator])
    auth.login(people.admin)
    page = client.post(
        f"/admin/workshops/{workshop.slug}/facilitators", data={"email": people.educator.email}
    ).get_data(as_text=True)
    assert "Tess Teacher already facilitates this workshop." in page
    page = flashed(
        client, f"/admin/workshops/{workshop.slug}/facilitators/{people.educator.id}/remove"
    )
    assert "Tess Teacher no longer facilitates this workshop." in page
    page = flashed(
        client, f"/admin/workshops/{workshop.slug}/facilitators/{people.educator.id}/remove"
    )
    assert "Tess Teacher does not facilitate this workshop." in page


# --- networks and users -------------------------------------------------------------------


def test_network_admin_changes_are_worded(client, auth, people):
    auth.login(people.site_admin)
    base = f"/admin/networks/{people.network.slug}"
    page = flashed(client, f"{base}/admins", {"email": people.educator.email, "confirmed": "1"})
    assert "Tess Teacher now administers Puget Sound STEM Network." in page
    page = client.post(f"{base}/admins", data={"email": people.educator.email}).get_data(
        as_text=True
    )
    assert "Tess Teacher already administers this network." in page
    page = flashed(client, f"{base}/admins/{people.educator.id}/remove", {"confirmed": "1"})
    assert "Tess Teacher no longer administers Puget Sound STEM Network." in page


def test_the_users_page_counts_accounts_and_roles(client, auth, people, make_workshop, make_user):
    make_workshop(network=people.network, facilitators=[people.educator])
    make_user("pat@school.example", "Pat Plain")
    auth.login(people.site_admin)
    page = client.get("/admin/users").get_data(as_text=True)
    assert "5 accounts." in page
    assert "<td>Facilitates 1 workshop</td>" in page
    assert "<td>Site admin</td>" in page and "<td>Educator</td>" in page
    page = client.get("/admin/users?q=tess").get_data(as_text=True)
    assert "1 account matching “tess”." in page


def test_granting_and_revoking_the_site_admin_role_is_worded(client, auth, people):
    auth.login(people.site_admin)
    path = f"/admin/users/{people.educator.id}/site-admin"
    page = flashed(client, path, {"grant": "1", "confirmed": "1"})
    assert "Tess Teacher is now a site admin." in page
    page = flashed(client, path, {"grant": "0", "confirmed": "1"})
    assert "Tess Teacher is no longer a site admin." in page


@pytest.mark.parametrize("user_id", [999_999])
def test_an_unknown_account_is_404_before_permissions(client, auth, people, user_id):
    auth.login(people.educator)
    assert client.post(f"/admin/users/{user_id}/site-admin", data={"grant": "1"}).status_code == 404
    workshop_path = "/admin/workshops/no-such/sessions/1/remove"
    assert client.post(workshop_path).status_code == 404


def test_a_removed_facilitator_of_an_unknown_account_is_404(client, auth, people, make_workshop):
    workshop = make_workshop(network=people.network)
    auth.login(people.other_admin)
    path = f"/admin/workshops/{workshop.slug}/facilitators/999999/remove"
    assert client.post(path).status_code == 404
    path = f"/admin/workshops/{workshop.slug}/facilitators/{people.educator.id}/remove"
    assert client.post(path).status_code == 403


def test_the_dashboard_names_sessions_yet_to_come(client, auth, people, make_workshop):
    workshops.create_workshop(people.network, WorkshopDetails(title="No Dates Yet"))
    auth.login(people.admin)
    page = client.get("/admin/").get_data(as_text=True)
    assert "No sessions yet" in page
    assert "Workshops of Puget Sound STEM Network." in page
    assert "The most recent ones." in page


def test_every_admin_page_renders_for_a_spanish_speaking_admin(
    client, auth, db, people, make_workshop, registered
):
    workshop = make_workshop(
        network=people.network, sessions=2, facilitators=[people.educator], price_cents=1500
    )
    registered(workshop)
    people.site_admin.preferred_language = "es"
    db.session.commit()
    auth.login(people.site_admin)
    paths = [
        "/admin/",
        f"/admin/workshops/{workshop.slug}",
        f"/admin/workshops/{workshop.slug}/edit",
        f"/admin/workshops/{workshop.slug}/duplicate",
        f"/admin/workshops/{workshop.slug}/sessions/new",
        f"/admin/workshops/{workshop.slug}/sessions/{workshop.sessions[0].id}/edit",
        "/admin/workshops/new",
        "/admin/networks",
        "/admin/networks/new",
        f"/admin/networks/{people.network.slug}",
        "/admin/users",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert '<html lang="es">' in response.get_data(as_text=True), path
    assert client.post(f"/admin/workshops/{workshop.slug}/unpublish").status_code == 302
