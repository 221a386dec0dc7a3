"""What an admin sees of the workshop rules on the admin pages (through HTTP)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from pdportal.models import Workshop, WorkshopStatus
from pdportal.services import registration
from tests.admin.test_workshop_pages import NEXT_YEAR, workshop_form

GENERIC_MESSAGES = (
    "This field is required.",
    "Field cannot be longer than",
    "Not a valid integer value.",
    "Not a valid date value.",
    "Not a valid datetime value.",
    "Not a valid decimal value.",
    "Not a valid time value.",
    "Number must be",
)


def field_error(page: str, field: str) -> str:
    """The error shown next to `field` ('' when there is none)."""
    found = re.search(rf'<p class="error" id="{field}-error">(.*?)</p>', page, re.S)
    return found.group(1) if found else ""


def workshop_count(db) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(Workshop.id)))


@pytest.fixture
def cards_off(app, monkeypatch):
    monkeypatch.setitem(app.config, "STRIPE_SECRET_KEY", "")
    monkeypatch.setitem(app.config, "STRIPE_WEBHOOK_SECRET", "")


# --- 1. no way to pay ---------------------------------------------------------------------


def test_a_draft_with_no_way_to_pay_is_flagged_and_publishing_says_what_to_do(
    client, auth, db, people, make_workshop, cards_off
):
    workshop = make_workshop(network=people.network, price_cents=1234, status=WorkshopStatus.DRAFT)
    auth.login(people.admin)
    base = f"/admin/workshops/{workshop.slug}"
    page = client.get(base).get_data(as_text=True)
    assert 'id="payment-problem"' in page and "no way to pay" in page
    page = client.post(f"{base}/publish", follow_redirects=True).get_data(as_text=True)
    assert "Allow payment by purchase order" in page and "Stripe keys" in page
    db.session.expire_all()
    assert workshop.status == WorkshopStatus.DRAFT
    workshop.allows_purchase_order = True
    db.session.commit()
    assert 'id="payment-problem"' not in client.get(base).get_data(as_text=True)
    client.post(f"{base}/publish")
    db.session.expire_all()
    assert workshop.status == WorkshopStatus.PUBLISHED


# --- 2. price with registrants ---------------------------------------------------------------


def test_a_price_change_with_registrants_is_refused_on_the_price_field(
    client, auth, db, people, make_workshop, make_user
):
    workshop = make_workshop("Math Talks", network=people.network, capacity=3)
    for _ in range(2):
        registration.register(make_user(), workshop)
    auth.login(people.admin)
    data = workshop_form(
        people.network, slug=workshop.slug, title="Math Talks", price="25.00", capacity="5"
    )
    data.update(registration_opens="", registration_closes="")
    page = client.post(f"/admin/workshops/{workshop.slug}/edit", data=data).get_data(as_text=True)
    assert field_error(page, "price") == (
        "2 people are registered or waitlisted for this free workshop, so it cannot start "
        "charging. Keep it free, or cancel this workshop and publish a new one."
    )
    db.session.expire_all()
    assert (workshop.price_cents, workshop.capacity) == (0, 3)
    data["price"] = "0"
    response = client.post(f"/admin/workshops/{workshop.slug}/edit", data=data)
    assert response.status_code == 302
    db.session.expire_all()
    assert workshop.capacity == 5


# --- 4. the price line, refund deadline --------------------------------------------------------


def test_the_price_line_has_no_stray_space(client, auth, people, make_workshop):
    deadline = datetime.now(UTC) + timedelta(days=7)
    workshop = make_workshop(network=people.network, price_cents=1234, refund_deadline_at=deadline)
    auth.login(people.admin)
    page = client.get(f"/admin/workshops/{workshop.slug}").get_data(as_text=True)
    assert "$12.34; refunds until" in page


def test_a_paid_workshop_without_a_deadline_says_refunds_run_to_the_first_session(
    client, auth, people, make_workshop
):
    workshop = make_workshop(network=people.network, price_cents=1234)
    auth.login(people.admin)
    page = client.get(f"/admin/workshops/{workshop.slug}").get_data(as_text=True)
    assert "$12.34; refunds until the first session starts" in page


def test_a_past_refund_deadline_is_refused_on_its_field(client, auth, db, people):
    auth.login(people.admin)
    data = workshop_form(people.network, refund_deadline="2020-01-01T09:00")
    page = client.post("/admin/workshops/new", data=data).get_data(as_text=True)
    assert "already passed" in field_error(page, "refund_deadline")
    assert workshop_count(db) == 0


# --- 6 and 7. every mistake at once, each in specific words -------------------------------------


def test_every_mistake_is_shown_in_one_round(client, auth, db, people, make_workshop):
    make_workshop(network=people.network, slug="taken")
    auth.login(people.admin)
    data = workshop_form(
        people.network,
        capacity="many",
        slug="taken",
        registration_opens=f"{NEXT_YEAR}-03-01T08:00",
        registration_closes=f"{NEXT_YEAR}-02-01T17:00",
        description="x" * 20_001,
    )
    page = client.post("/admin/workshops/new", data=data).get_data(as_text=True)
    assert field_error(page, "capacity") == (
        "Enter the number of seats as a whole number, such as 24."
    )
    assert "Registration must open before it closes." in field_error(page, "registration_opens")
    assert "already uses this slug" in field_error(page, "slug")
    assert "20,000 characters or fewer" in field_error(page, "description")
    assert workshop_count(db) == 1  # only the one already there


@pytest.mark.parametrize("not_a_number", ["sNaN", "NaN", "Infinity", "-inf"])
def test_credit_hours_that_are_not_a_real_number_are_refused(
    client, auth, db, people, not_a_number
):
    auth.login(people.admin)
    data = workshop_form(people.network, credit_hours=not_a_number)
    response = client.post("/admin/workshops/new", data=data)
    assert field_error(response.text, "credit_hours") == (
        "Enter the hours as a number, such as 6 or 7.5."
    )
    assert workshop_count(db) == 0


def test_form_messages_say_what_to_enter_on_each_field(client, auth, db, people):
    auth.login(people.admin)
    data = workshop_form(
        people.network,
        title="",
        capacity="",
        credit_hours="six",
        attendance_threshold_pct="most",
        registration_opens="soon",
        summary="x" * 301,
        venue="x" * 201,
    )
    page = client.post("/admin/workshops/new", data=data).get_data(as_text=True)
    for generic in GENERIC_MESSAGES:
        assert generic not in page
    assert field_error(page, "title") == "Give the workshop a title."
    assert field_error(page, "capacity") == "Enter the number of seats, such as 24."
    assert field_error(page, "credit_hours") == "Enter the hours as a number, such as 6 or 7.5."
    assert "whole percentage" in field_error(page, "attendance_threshold_pct")
    assert "Enter a date and time" in field_error(page, "registration_opens")
    assert field_error(page, "summary") == "Keep this to 300 characters or fewer (it has 301)."
    assert field_error(page, "venue") == "Keep this to 200 characters or fewer (it has 201)."
    assert workshop_count(db) == 0


@pytest.mark.parametrize(
    ("path", "data", "field", "message"),
    [
        (
            "/sessions/new",
            {"day": "someday", "start_time": "09:00", "end_time": "10:00"},
            "day",
            "Enter the date as year-month-day",
        ),
        (
            "/sessions/new",
            {"day": f"{NEXT_YEAR}-05-01", "start_time": "nine", "end_time": "10:00"},
            "start_time",
            "Enter the start time",
        ),
        ("/duplicate", {"weeks": "two"}, "weeks", "Enter a whole number of weeks"),
        ("/facilitators", {"email": ""}, "email", "Enter the email address of their account."),
    ],
)
def test_other_workshop_forms_say_what_to_enter(
    client, auth, people, make_workshop, path, data, field, message
):
    workshop = make_workshop(network=people.network)
    auth.login(people.admin)
    page = client.post(f"/admin/workshops/{workshop.slug}{path}", data=data).get_data(as_text=True)
    assert message in field_error(page, field)
    for generic in GENERIC_MESSAGES:
        assert generic not in page


def test_a_session_time_may_be_typed_with_am_or_pm(client, auth, db, people, make_workshop):
    workshop = make_workshop(network=people.network)
    auth.login(people.admin)
    response = client.post(
        f"/admin/workshops/{workshop.slug}/sessions/new",
        data={"day": f"{NEXT_YEAR}-05-01", "start_time": "9:00 AM", "end_time": "2:30 PM"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert len(workshop.sessions) == 2


# --- 8. a session's date ------------------------------------------------------------------------


def test_a_far_future_session_date_is_explained_on_the_date(
    client, auth, db, people, make_workshop
):
    workshop = make_workshop(network=people.network)
    auth.login(people.admin)
    page = client.post(
        f"/admin/workshops/{workshop.slug}/sessions/new",
        data={"day": "9999-12-31", "start_time": "09:00", "end_time": "10:00"},
    ).get_data(as_text=True)
    assert "between 1900 and 9000" in field_error(page, "day")
    assert field_error(page, "start_time") == ""
    db.session.expire_all()
    assert len(workshop.sessions) == 1


# --- 10. back to draft ---------------------------------------------------------------------------


def test_back_to_draft_is_offered_only_while_nobody_is_registered(
    client, auth, people, make_workshop, make_user
):
    workshop = make_workshop(network=people.network)
    auth.login(people.admin)
    base = f"/admin/workshops/{workshop.slug}"
    page = client.get(base).get_data(as_text=True)
    assert "Back to draft" in page and "cannot go back to draft" not in page
    registration.register(make_user(), workshop)
    page = client.get(base).get_data(as_text=True)
    assert "Back to draft" not in page
    assert "It cannot go back to draft: 1 person is registered or waitlisted." in " ".join(
        page.split()
    )
