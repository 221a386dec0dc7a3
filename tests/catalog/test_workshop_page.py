"""The workshop page and the home page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pdportal.models import (
    Registration,
    RegistrationStatus,
    WorkshopFormat,
    WorkshopSession,
    WorkshopStatus,
)


def test_workshop_page_shows_what_an_educator_needs(client, make_workshop, make_network, make_user):
    network = make_network(
        "Puget Sound STEM Partnership",
        contact_email="pd@psesd.example",
        time_zone="America/Los_Angeles",
    )
    facilitator = make_user(name="Nguyễn Thị Ánh")
    workshop = make_workshop(
        "Phenomena-based teaching",
        network=network,
        starts_at=datetime(2031, 7, 15, 16, 0, tzinfo=UTC),
        sessions=2,
        price_cents=7500,
        venue="Puget Sound ESD",
        address="800 Oakesdale Ave SW, Renton, WA",
        designations=["stem", "equity"],
        facilitators=[facilitator],
        capacity=24,
    )

    html = client.get(f"/workshops/{workshop.slug}").get_data(as_text=True)

    assert "<h1>Phenomena-based teaching</h1>" in html
    assert "Tue Jul 15, 2031" in html and "Tue Jul 22, 2031" in html
    assert "9:00 AM – 12:00 PM PDT" in html
    assert "Times are in Pacific Time." in html
    assert "America/Los" not in html.replace("ctz=America/Los", "")  # only Google's link has it
    assert "800 Oakesdale Ave SW" in html
    assert "Nguyễn Thị Ánh" in html
    assert "$75.00" in html
    assert "6 hours · Certificate of completion" in html
    assert "STEM, Equity" in html
    assert "24 of 24 left" in html
    assert "pd@psesd.example" in html


def test_online_link_is_not_on_the_public_page(client, make_workshop):
    workshop = make_workshop(format=WorkshopFormat.ONLINE, online_url="https://zoom.example/j/123")

    html = client.get(f"/workshops/{workshop.slug}").get_data(as_text=True)

    assert "zoom.example" not in html
    assert "Registered educators get the online link." in html


def test_description_markdown_is_rendered_and_scripts_are_not(client, make_workshop):
    workshop = make_workshop(
        description="## Why\n\n**Bold** idea.\n\n<script>alert('x')</script>\n\n"
        "[bad](javascript:alert(1))"
    )

    html = client.get(f"/workshops/{workshop.slug}").get_data(as_text=True)

    assert "<strong>Bold</strong>" in html
    assert "<script>alert" not in html
    assert 'href="javascript:' not in html


def test_draft_is_not_found_for_the_public_and_educators(client, auth, make_workshop, make_user):
    draft = make_workshop(status=WorkshopStatus.DRAFT)

    assert client.get(f"/workshops/{draft.slug}").status_code == 404
    auth.login(make_user())
    assert client.get(f"/workshops/{draft.slug}").status_code == 404


def test_draft_is_visible_to_its_networks_admin_with_a_banner(
    client, auth, make_workshop, make_user
):
    draft = make_workshop("Work in progress", status=WorkshopStatus.DRAFT)
    auth.login(make_user(admin_of=draft.network))

    response = client.get(f"/workshops/{draft.slug}")

    assert response.status_code == 200
    assert "<strong>Draft</strong>" in response.get_data(as_text=True)


def test_draft_is_hidden_from_another_networks_admin(
    client, auth, make_workshop, make_user, make_network
):
    draft = make_workshop(status=WorkshopStatus.DRAFT)
    auth.login(make_user(admin_of=make_network()))

    assert client.get(f"/workshops/{draft.slug}").status_code == 404


def test_cancelled_workshop_says_so_with_the_reason(client, make_workshop):
    workshop = make_workshop(
        status=WorkshopStatus.CANCELLED, cancelled_reason="The facilitator is unwell."
    )

    response = client.get(f"/workshops/{workshop.slug}")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "This workshop was cancelled." in html
    assert "The facilitator is unwell." in html


def test_unknown_workshop_is_404(client):
    assert client.get("/workshops/no-such-thing").status_code == 404


def test_cancelled_session_is_marked(client, make_workshop, db):
    workshop = make_workshop(sessions=2)
    workshop.sessions[1].is_cancelled = True
    db.session.commit()

    html = client.get(f"/workshops/{workshop.slug}").get_data(as_text=True)

    assert 'class="session-cancelled"' in html


@pytest.mark.parametrize(
    ("has_waitlist", "text"),
    [(True, "Full — waitlist open (1 waiting)"), (False, "<dd> Full </dd>")],
)
def test_full_workshop_page_shows_waitlist(
    client, make_workshop, make_user, db, has_waitlist, text
):
    workshop = make_workshop(capacity=1, has_waitlist=has_waitlist)
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

    html = client.get(f"/workshops/{workshop.slug}").get_data(as_text=True)

    assert text in " ".join(html.split())


def test_home_page_shows_the_next_six_workshops_and_a_search_box(client, make_workshop):
    for day in range(1, 9):
        make_workshop(f"Upcoming {day}", starts_at=datetime(2031, 3, day, 17, tzinfo=UTC))

    html = client.get("/").get_data(as_text=True)

    assert 'action="/workshops"' in html and 'name="q"' in html
    assert "Upcoming 6" in html and "Upcoming 7" not in html
    assert "/workshops?topic=ngss_science" in html
    assert "/auth/signup" in html


def test_home_page_without_workshops_invites_to_subscribe(client):
    html = client.get("/").get_data(as_text=True)

    assert "No workshops are scheduled right now." in html


def test_session_location_override_is_shown(client, make_workshop, db):
    workshop = make_workshop(venue="Main hall")
    start = datetime(2031, 5, 1, 16, tzinfo=UTC)
    workshop.sessions.append(
        WorkshopSession(starts_at=start, ends_at=start.replace(hour=19), location="Room 204")
    )
    db.session.commit()

    html = client.get(f"/workshops/{workshop.slug}").get_data(as_text=True)

    assert "Room 204" in html and "Main hall" in html


def test_site_admin_sees_drafts_and_a_manage_link(client, auth, make_workshop, make_user):
    draft = make_workshop(status=WorkshopStatus.DRAFT)
    auth.login(make_user(is_site_admin=True))

    html = client.get(f"/workshops/{draft.slug}").get_data(as_text=True)

    assert f"/admin/workshops/{draft.slug}" in html


def test_educators_see_no_manage_link(client, auth, make_workshop, make_user):
    workshop = make_workshop()
    auth.login(make_user())

    assert "/admin/workshops/" not in client.get(f"/workshops/{workshop.slug}").get_data(
        as_text=True
    )


def test_registered_educator_sees_their_registration(client, auth, make_workshop, make_user, db):
    workshop = make_workshop()
    educator = make_user(name="José Ñúñez")
    db.session.add(
        Registration(
            user_id=educator.id, workshop_id=workshop.id, status=RegistrationStatus.CONFIRMED
        )
    )
    db.session.commit()
    auth.login(educator)

    html = client.get(f"/workshops/{workshop.slug}").get_data(as_text=True)

    assert "19 of 20 left" in html
    assert "Registered" in html


def test_home_page_is_shared_with_anonymous_visitors_and_revalidates(client, make_workshop):
    make_workshop("On the home page")
    first = client.get("/")

    again = client.get("/", headers={"If-None-Match": first.headers["ETag"]})

    assert first.headers["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert again.status_code == 304


def test_signed_in_home_page_is_not_shared(client, auth, make_user):
    auth.login(make_user())

    response = client.get("/")

    assert "ETag" not in response.headers
    assert "Log out" in response.get_data(as_text=True)
    assert "/auth/signup" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("opens_in_days", "closes_in_days", "expected"),
    [
        (None, None, "Open now until"),
        (3, None, "Opens "),
        (-10, -1, "Closed "),
    ],
)
def test_registration_window_is_shown(
    client, make_workshop, opens_in_days, closes_in_days, expected
):
    def days(count):
        return None if count is None else datetime.now(UTC) + timedelta(days=count)

    workshop = make_workshop(
        registration_opens_at=days(opens_in_days), registration_closes_at=days(closes_in_days)
    )

    html = " ".join(client.get(f"/workshops/{workshop.slug}").get_data(as_text=True).split())

    assert f"<dt>Registration</dt> <dd> {expected}" in html
