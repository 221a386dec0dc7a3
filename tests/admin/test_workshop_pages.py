"""The admin pages of workshops, through HTTP: what an admin sees and what bad input does."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from pdportal.blueprints.admin.views import WORKSHOP_LINKS
from pdportal.models import CreditType, NetworkAdmin, Workshop, WorkshopFormat, WorkshopStatus
from pdportal.services import registration
from tests.conftest import recorded_statements

NEXT_YEAR = datetime.now(UTC).year + 1
# US clocks spring forward at 2 am on the second Sunday of March.
SPRING_FORWARD = next(
    day for day in (date(NEXT_YEAR, 3, d) for d in range(8, 15)) if day.weekday() == 6
)


def workshop_form(network, **overrides):
    data = {
        "network": str(network.id),
        "title": "Argumentation in Science",
        "slug": "",
        "summary": "Claims, evidence, reasoning.",
        "description": "**Bring** a lesson.",
        "topics": ["ngss_science", "assessment"],
        "grade_bands": ["6_8"],
        "format": "in_person",
        "venue": "ESD 121",
        "capacity": "24",
        "has_waitlist": "y",
        "registration_opens": f"{NEXT_YEAR}-01-05T08:00",
        "registration_closes": f"{NEXT_YEAR}-02-01T17:00",
        "price": "25.00",
        "credit_type": "wa_clock_hours",
        "credit_hours": "6",
        "attendance_threshold_pct": "80",
    }
    data.update(overrides)
    return data


def count_workshops(db) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(Workshop.id)))


def test_admin_creates_a_draft_with_times_in_the_network_zone(client, auth, db, people):
    auth.login(people.admin)
    response = client.post("/admin/workshops/new", data=workshop_form(people.network))
    assert response.status_code == 302
    workshop = db.session.scalar(select(Workshop))
    assert response.headers["Location"].endswith(f"/admin/workshops/{workshop.slug}")
    assert workshop.slug == "argumentation-in-science"
    assert workshop.status == WorkshopStatus.DRAFT
    assert workshop.price_cents == 2500
    assert workshop.topics == ["ngss_science", "assessment"]
    assert workshop.attendance_threshold_pct == 80
    # 8:00 in Los Angeles in January is 16:00 UTC.
    assert workshop.registration_opens_at == datetime(NEXT_YEAR, 1, 5, 16, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"capacity": "0"}, "Capacity must be at least 1."),
        ({"capacity": "many"}, "Enter the number of seats as a whole number, such as 24."),
        ({"price": "-5"}, "The price cannot be negative."),
        ({"price": "twenty"}, "Enter a price in dollars"),
        ({"price": "1.999"}, "two digits"),
        ({"title": ""}, "Give the workshop a title."),
        ({"slug": "Bad Slug!"}, "lower-case letters"),
        ({"attendance_threshold_pct": "150"}, "A percentage from 1 to 100."),
        ({"online_url": "not a url"}, "full web address"),
        (
            {"registration_opens": f"{NEXT_YEAR}-03-01T08:00"},
            "Registration must open before it closes.",
        ),
        ({"registration_opens": f"{SPRING_FORWARD}T02:30"}, "does not exist"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_created(
    client, auth, db, people, overrides, message
):
    auth.login(people.admin)
    response = client.post("/admin/workshops/new", data=workshop_form(people.network, **overrides))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert count_workshops(db) == 0


def test_a_network_admin_cannot_create_in_another_network(client, auth, db, people):
    auth.login(people.admin)
    response = client.post("/admin/workshops/new", data=workshop_form(people.other_network))
    assert response.status_code == 200
    assert "Choose one of the networks you manage." in response.get_data(as_text=True)
    assert count_workshops(db) == 0


def test_a_taken_slug_is_explained_by_the_field(client, auth, db, people, make_workshop):
    make_workshop(network=people.network, slug="argumentation")
    auth.login(people.admin)
    response = client.post(
        "/admin/workshops/new", data=workshop_form(people.network, slug="argumentation")
    )
    page = response.get_data(as_text=True)
    assert 'id="slug-error"' in page and "already uses this slug" in page
    assert count_workshops(db) == 1


def test_edit_shows_current_values_and_bad_input_changes_nothing(
    client, auth, db, people, make_workshop
):
    workshop = make_workshop("Math Talks", network=people.network, price_cents=1250)
    auth.login(people.admin)
    page = client.get(f"/admin/workshops/{workshop.slug}/edit").get_data(as_text=True)
    assert 'value="Math Talks"' in page and 'value="12.50"' in page
    before = workshop.updated_at
    data = workshop_form(people.network, title="Changed", capacity="0", slug=workshop.slug)
    response = client.post(f"/admin/workshops/{workshop.slug}/edit", data=data)
    assert "Capacity must be at least 1." in response.get_data(as_text=True)
    db.session.expire_all()
    assert (workshop.title, workshop.updated_at) == ("Math Talks", before)


def test_registration_closing_after_the_first_session_is_refused(
    client, auth, db, people, make_workshop
):
    workshop = make_workshop("Math Talks", network=people.network)
    auth.login(people.admin)
    data = workshop_form(
        people.network,
        slug=workshop.slug,
        registration_opens="",
        registration_closes=f"{NEXT_YEAR + 1}-01-01T00:00",
    )
    response = client.post(f"/admin/workshops/{workshop.slug}/edit", data=data)
    assert "Registration must close before the first session starts." in response.get_data(
        as_text=True
    )
    db.session.expire_all()
    assert workshop.title == "Math Talks"


def test_raising_capacity_on_the_page_promotes_the_waitlist(
    client, auth, db, people, make_workshop, make_user
):
    workshop = make_workshop(network=people.network, capacity=1)
    registration.register(make_user(), workshop)
    waiting = registration.register(make_user(), workshop).registration
    auth.login(people.admin)
    data = workshop_form(
        people.network, slug=workshop.slug, capacity="2", price="0", registration_closes=""
    )
    response = client.post(
        f"/admin/workshops/{workshop.slug}/edit", data=data, follow_redirects=True
    )
    assert "From the waitlist: gave a seat to 1 educator; they have been emailed." in response.text
    db.session.expire_all()
    assert waiting.status.value == "confirmed"


def test_a_session_on_the_fall_back_sunday_shows_its_local_time(client, auth, db, people):
    auth.login(people.admin)
    client.post("/admin/workshops/new", data=workshop_form(people.network, registration_closes=""))
    slug = db.session.scalar(select(Workshop.slug))
    response = client.post(
        f"/admin/workshops/{slug}/sessions/new",
        data={"day": "2026-11-01", "start_time": "09:00", "end_time": "12:00"},
    )
    assert response.status_code == 302
    page = client.get(f"/admin/workshops/{slug}").get_data(as_text=True)
    assert "Sun Nov 1, 2026 · 9:00 AM PST" in page
    assert "12:00 PM PST" in page


def test_a_session_ending_before_it_starts_is_explained(client, auth, db, people, make_workshop):
    workshop = make_workshop(network=people.network)
    auth.login(people.admin)
    response = client.post(
        f"/admin/workshops/{workshop.slug}/sessions/new",
        data={"day": f"{NEXT_YEAR}-05-01", "start_time": "15:00", "end_time": "14:00"},
    )
    assert 'id="end_time-error"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert len(workshop.sessions) == 1


def test_editing_a_session_moves_it_and_raises_its_sequence(
    client, auth, db, people, make_workshop
):
    workshop = make_workshop(network=people.network)
    session = workshop.sessions[0]
    auth.login(people.admin)
    path = f"/admin/workshops/{workshop.slug}/sessions/{session.id}/edit"
    assert client.get(path).status_code == 200
    client.post(
        path, data={"day": f"{NEXT_YEAR}-05-01", "start_time": "09:00", "end_time": "15:00"}
    )
    db.session.expire_all()
    assert session.sequence == 1
    assert session.starts_at == datetime(NEXT_YEAR, 5, 1, 16, 0, tzinfo=UTC)
    assert workshop.starts_at == session.starts_at


def test_publish_then_unpublish_then_cancel(client, auth, db, people, make_workshop):
    workshop = make_workshop(network=people.network, status=WorkshopStatus.DRAFT)
    auth.login(people.admin)
    base = f"/admin/workshops/{workshop.slug}"
    client.post(f"{base}/publish")
    db.session.expire_all()
    assert workshop.status == WorkshopStatus.PUBLISHED
    client.post(f"{base}/unpublish")
    db.session.expire_all()
    assert workshop.status == WorkshopStatus.DRAFT
    assert "Nobody is registered" in client.get(f"{base}/cancel").get_data(as_text=True)
    response = client.post(f"{base}/cancel", data={"reason": ""})
    assert "Say why" in response.get_data(as_text=True)
    client.post(f"{base}/cancel", data={"reason": "The presenter is ill."})
    db.session.expire_all()
    assert workshop.status == WorkshopStatus.CANCELLED
    assert workshop.cancelled_reason == "The presenter is ill."


def test_unpublishing_with_registrations_explains_why_not(
    client, auth, db, people, make_workshop, make_user
):
    workshop = make_workshop(network=people.network)
    registration.register(make_user(), workshop)
    auth.login(people.admin)
    response = client.post(f"/admin/workshops/{workshop.slug}/unpublish", follow_redirects=True)
    assert "1 person is registered" in response.get_data(as_text=True)
    db.session.expire_all()
    assert workshop.status == WorkshopStatus.PUBLISHED


def test_duplicate_makes_a_draft_copy_weeks_later(client, auth, db, people, make_workshop):
    workshop = make_workshop("Math Circles", network=people.network, sessions=2)
    auth.login(people.admin)
    response = client.post(
        f"/admin/workshops/{workshop.slug}/duplicate", data={"weeks": "2", "slug": ""}
    )
    copy = db.session.scalar(select(Workshop).where(Workshop.id != workshop.id))
    assert response.headers["Location"].endswith(f"/admin/workshops/{copy.slug}")
    assert copy.status == WorkshopStatus.DRAFT and len(copy.sessions) == 2


def test_assigning_an_unknown_facilitator_asks_them_to_sign_up(client, auth, people, make_workshop):
    workshop = make_workshop(network=people.network)
    auth.login(people.admin)
    response = client.post(
        f"/admin/workshops/{workshop.slug}/facilitators", data={"email": "new@school.example"}
    )
    assert response.status_code == 400
    assert "ask them to sign up first" in response.get_data(as_text=True)
    response = client.post(
        f"/admin/workshops/{workshop.slug}/facilitators",
        data={"email": people.educator.email},
        follow_redirects=True,
    )
    assert "Tess Teacher now facilitates this workshop." in response.get_data(as_text=True)


def test_workshop_page_links_to_other_areas_that_exist(app, client, auth, people, make_workshop):
    assert all(endpoint in app.view_functions for endpoint, _label in WORKSHOP_LINKS)
    assert "payments.admin_index" in app.view_functions  # linked from the dashboard
    workshop = make_workshop(network=people.network)
    auth.login(people.admin)
    page = client.get(f"/admin/workshops/{workshop.slug}").get_data(as_text=True)
    assert f'href="/facilitate/workshops/{workshop.slug}/roster"' in page
    assert f'href="/workshops/{workshop.slug}"' in page


# --- dashboard ---------------------------------------------------------------------


def test_dashboard_groups_own_workshops_by_status_with_counts(
    client, auth, people, make_workshop, make_user
):
    upcoming = make_workshop("Upcoming Ones", network=people.network)
    make_workshop("Draft Ones", network=people.network, status=WorkshopStatus.DRAFT)
    make_workshop(
        "Past Ones",
        network=people.network,
        starts_at=datetime(2020, 5, 1, 16, tzinfo=UTC),
    )
    make_workshop("Cancelled Ones", network=people.network, status=WorkshopStatus.CANCELLED)
    make_workshop("Not Mine", network=people.other_network)
    registration.register(make_user(), upcoming)
    auth.login(people.admin)
    page = client.get("/admin/").get_data(as_text=True)
    for heading in ("Drafts (1)", "Published, upcoming (1)", "Past (1)", "Cancelled (1)"):
        assert heading in page
    assert "Not Mine" not in page
    upcoming_row = page.split("Upcoming Ones")[1].split("</tr>")[0]
    assert "<td>1</td>" in upcoming_row


def test_dashboard_queries_do_not_grow_with_workshops(
    app, db, client, auth, people, make_workshop, make_user
):
    def queries_for_dashboard() -> int:
        with recorded_statements() as statements:
            assert client.get("/admin/").status_code == 200
        return len(statements)

    auth.login(people.admin)
    make_workshop(network=people.network)
    few = queries_for_dashboard()
    for _ in range(6):
        registration.register(make_user(), make_workshop(network=people.network))
    assert queries_for_dashboard() == few


def test_a_cancelled_workshops_forms_send_the_admin_back(client, auth, people, make_workshop):
    workshop = make_workshop(network=people.network, status=WorkshopStatus.CANCELLED)
    auth.login(people.admin)
    base = f"/admin/workshops/{workshop.slug}"
    for path in ("/edit", "/cancel", "/sessions/new", f"/sessions/{workshop.sessions[0].id}/edit"):
        response = client.get(base + path)
        assert response.status_code == 302
        assert response.headers["Location"].endswith(base)
    page = client.get(base).get_data(as_text=True)
    assert "cancelled and can no longer be changed" in page


def test_edit_form_shows_the_current_choices(client, auth, people, make_workshop):
    workshop = make_workshop(
        network=people.network,
        format=WorkshopFormat.ONLINE,
        credit_type=CreditType.OR_PDUS,
        topics=["engineering"],
    )
    auth.login(people.admin)
    page = client.get(f"/admin/workshops/{workshop.slug}/edit").get_data(as_text=True)
    assert '<option selected value="online">' in page
    assert '<option selected value="or_pdus">' in page
    assert 'checked id="topics-3" name="topics" type="checkbox" value="engineering"' in page


@pytest.mark.parametrize(
    ("path", "data", "message"),
    [
        ("/duplicate", {"weeks": "-1"}, "From 0 to 104 weeks."),
        ("/duplicate", {"weeks": "2", "slug": "has spaces"}, "lower-case letters"),
        (
            "/cancel",
            {"reason": "x" * 501},
            "Keep this to 500 characters or fewer (it has 501).",
        ),
        ("/sessions/new", {"day": "not a date", "start_time": "09:00", "end_time": "10:00"}, ""),
        (
            "/sessions/new",
            {"day": "", "start_time": "09:00", "end_time": "10:00"},
            "Enter the date.",
        ),
        ("/facilitators", {"email": "not-an-email"}, "Enter an email address."),
    ],
)
def test_bad_input_on_workshop_forms_changes_nothing(
    client, auth, db, people, make_workshop, path, data, message
):
    workshop = make_workshop(network=people.network)
    before = (count_workshops(db), len(workshop.sessions), workshop.updated_at)
    auth.login(people.admin)
    response = client.post(f"/admin/workshops/{workshop.slug}{path}", data=data)
    assert response.status_code in (200, 400)
    assert message in response.get_data(as_text=True)
    assert 'class="error"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert (count_workshops(db), len(workshop.sessions), workshop.updated_at) == before
    assert workshop.status == WorkshopStatus.PUBLISHED and workshop.facilitators == []


def test_a_site_admin_without_networks_is_sent_to_create_one(client, auth, make_user):
    auth.login(make_user(is_site_admin=True))
    response = client.get("/admin/workshops/new")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/networks")


def test_an_admin_of_two_networks_sees_both_with_a_network_column(
    client, auth, db, people, make_workshop
):
    db.session.add(NetworkAdmin(network_id=people.other_network.id, user_id=people.admin.id))
    db.session.commit()
    make_workshop("Hub Workshop", network=people.other_network)
    make_workshop("Sound Workshop", network=people.network)
    auth.login(people.admin)
    page = client.get("/admin/").get_data(as_text=True)
    assert "Hub Workshop" in page and "Sound Workshop" in page
    assert '<th scope="col">Network</th>' in page
    form = client.get("/admin/workshops/new").get_data(as_text=True)
    assert "Central Oregon STEM Hub" in form and "Puget Sound STEM Network" in form
