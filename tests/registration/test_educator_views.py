"""Registering from the workshop page, /me/registrations, and cancelling with a confirm step."""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from pdportal.extensions import db
from pdportal.models import (
    OutboxMessage,
    Payment,
    PaymentState,
    PaymentStatus,
    Registration,
    RegistrationStatus,
)
from pdportal.services import payments, registration
from pdportal.services.payments import cancellation
from pdportal.services.payments import reports as payment_reports


def _register(client, workshop):
    return client.post(f"/workshops/{workshop.slug}/register", follow_redirects=True)


def test_anonymous_register_is_sent_to_log_in_and_back(client, make_workshop):
    workshop = make_workshop()
    response = client.post(f"/workshops/{workshop.slug}/register")
    assert response.status_code == 302
    assert "/auth/login" in response.location
    assert f"next=/workshops/{workshop.slug}" in response.location.replace("%2F", "/")
    assert db.session.scalars(select(Registration)).all() == []


def test_register_button_confirms_and_page_shows_join_link(client, auth, make_user, make_workshop):
    educator = make_user()
    workshop = make_workshop(capacity=5, online_url="https://meet.example.org/ngss")
    page = client.get(f"/workshops/{workshop.slug}").get_data(as_text=True)
    assert f'action="/workshops/{workshop.slug}/register"' in page
    assert "meet.example.org" not in page
    auth.login(educator)
    response = _register(client, workshop)
    text = response.get_data(as_text=True)
    assert "You&#39;re registered" in text or "You're registered" in text
    assert "https://meet.example.org/ngss" in text
    assert "Cancel my registration" in text


def test_full_workshop_puts_educator_on_waitlist_and_shows_position(
    client, auth, make_user, make_workshop, fill
):
    workshop = make_workshop(capacity=1)
    fill(workshop, 2)
    auth.login(make_user())
    text = _register(client, workshop).get_data(as_text=True)
    assert "waitlist at position 2" in text
    assert "number 2 on the waitlist" in text


def test_double_submit_answers_already_registered(client, auth, make_user, make_workshop):
    workshop = make_workshop()
    auth.login(make_user())
    _register(client, workshop)
    response = _register(client, workshop)
    assert response.status_code == 200
    assert "already registered" in response.get_data(as_text=True)
    assert len(db.session.scalars(select(Registration)).all()) == 1


def test_closed_registration_is_refused_clearly(client, auth, make_user, make_workshop):
    workshop = make_workshop(registration_closes_at=datetime.now(UTC) - timedelta(hours=1))
    auth.login(make_user())
    text = _register(client, workshop).get_data(as_text=True)
    assert "has closed" in text
    assert db.session.scalars(select(Registration)).all() == []


def test_paid_workshop_register_goes_to_payment_options(client, auth, make_user, make_workshop):
    workshop = make_workshop(price_cents=5000)
    auth.login(make_user())
    response = client.post(f"/workshops/{workshop.slug}/register")
    assert response.status_code == 302
    assert response.location.endswith(f"/payments/workshops/{workshop.slug}/pay")


def test_register_for_missing_workshop_is_404(client, auth, make_user):
    auth.login(make_user())
    assert client.post("/workshops/no-such-workshop/register").status_code == 404


def test_my_registrations_groups_and_shows_waitlist_position(
    client, auth, make_user, make_workshop, fill
):
    educator = make_user()
    upcoming = make_workshop(title="Upcoming Physics", online_url="https://meet.example.org/p")
    full = make_workshop(title="Full Chemistry", capacity=1)
    past = make_workshop(title="Past Biology")
    dropped = make_workshop(title="Dropped Math")
    fill(full, 2)
    registration.take_seat(educator, upcoming)
    registration.take_seat(educator, full)
    done = registration.take_seat(educator, past).registration
    gone = registration.take_seat(educator, dropped).registration
    registration.cancel_registration(gone, educator, "")
    past.starts_at = past.ends_at = datetime.now(UTC) - timedelta(days=1)
    done.workshop.ends_at = datetime.now(UTC) - timedelta(days=1)
    db.session.commit()
    auth.login(educator)
    text = client.get("/me/registrations").get_data(as_text=True)
    sections = {
        name: text.index(f">{name}</h2>")
        for name in ("Upcoming", "Waitlisted", "Past", "Cancelled")
    }
    assert sections["Upcoming"] < text.index("Upcoming Physics") < sections["Waitlisted"]
    assert sections["Waitlisted"] < text.index("Full Chemistry") < sections["Past"]
    assert sections["Past"] < text.index("Past Biology") < sections["Cancelled"]
    assert sections["Cancelled"] < text.index("Dropped Math")
    assert "number\n        2 in line" in text or "number 2 in line" in " ".join(text.split())
    assert "https://meet.example.org/p" in text


def test_my_registrations_needs_log_in(client):
    response = client.get("/me/registrations")
    assert response.status_code == 302
    assert "/auth/login" in response.location


def test_cancel_has_a_confirm_step_then_frees_the_seat(
    client, auth, make_user, make_workshop, fill
):
    workshop = make_workshop(capacity=1)
    educator = make_user()
    mine = registration.take_seat(educator, workshop).registration
    (waiting,) = fill(workshop, 1)
    auth.login(educator)
    url = f"/me/registrations/{mine.id}/cancel"
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Cancel your registration?" in confirm.get_data(as_text=True)
    assert db.session.get(Registration, mine.id).status == RegistrationStatus.CONFIRMED
    response = client.post(url, follow_redirects=True)
    assert "Your registration is cancelled" in response.get_data(as_text=True)
    assert db.session.get(Registration, mine.id).status == RegistrationStatus.CANCELLED
    assert db.session.get(Registration, waiting.id).status == RegistrationStatus.CONFIRMED


def test_leaving_the_waitlist(client, auth, make_user, make_workshop, fill):
    workshop = make_workshop(capacity=1)
    fill(workshop, 1)
    educator = make_user()
    mine = registration.take_seat(educator, workshop).registration
    auth.login(educator)
    assert "Leave the waitlist?" in client.get(f"/me/registrations/{mine.id}/cancel").text
    response = client.post(f"/me/registrations/{mine.id}/cancel", follow_redirects=True)
    assert "You have left the waitlist" in response.get_data(as_text=True)


def test_cannot_cancel_someone_elses_registration(client, auth, make_user, make_workshop):
    workshop = make_workshop()
    theirs = registration.take_seat(make_user(), workshop).registration
    auth.login(make_user())
    url = f"/me/registrations/{theirs.id}/cancel"
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert db.session.get(Registration, theirs.id).status == RegistrationStatus.CONFIRMED
    assert client.get("/me/registrations/99999/cancel").status_code == 404
    auth.logout()
    assert client.post(url).status_code == 302


def test_paid_cancel_shows_refund_and_frees_seat_even_if_refund_must_wait(
    client, auth, make_user, make_workshop, fill
):
    workshop = make_workshop(capacity=1, price_cents=4500)
    educator = make_user()
    held = registration.take_seat(educator, workshop, hold=True, amount_cents=4500).registration
    db.session.add(
        Payment(
            registration_id=held.id,
            checkout_session_id="cs_test_1",
            payment_intent_id="pi_test_1",
            amount_cents=4500,
            status=PaymentState.PAID,
        )
    )
    db.session.commit()
    assert registration.confirm_paid(held.id) is True
    waiting = registration.take_seat(make_user(), workshop, hold=True).registration
    auth.login(educator)
    url = f"/me/registrations/{held.id}/cancel"
    # Stripe is not configured here: the confirm page, the message and the email say the
    # refund waits, in the same words.
    paused = (
        "Card refunds are paused right now: your card payment will be refunded in full"
        " automatically as soon as card payments are back on, and you will be emailed"
        " then. You do not need to do anything."
    )
    confirm = html.unescape(client.get(url).text)
    assert paused in confirm and "You will be refunded $45.00 to your card." not in confirm
    text = client.post(url, follow_redirects=True).text
    assert "Your registration is cancelled" in text
    assert paused in html.unescape(text)
    email = db.session.scalars(
        select(OutboxMessage.body_text).where(
            OutboxMessage.subject.startswith("Registration cancelled")
        )
    ).one()
    assert "refunded in full automatically as soon as card payments" in " ".join(email.split())
    assert db.session.get(Registration, held.id).status == RegistrationStatus.CANCELLED
    promoted = db.session.get(Registration, waiting.id)
    assert promoted.status == RegistrationStatus.HELD
    assert promoted.payment_status == PaymentStatus.PENDING


def test_paid_workshop_panel_links_to_payment_options(client, auth, make_user, make_workshop):
    workshop = make_workshop(price_cents=4500)
    auth.login(make_user())
    text = client.get(f"/workshops/{workshop.slug}").text
    assert f'href="/payments/workshops/{workshop.slug}/pay"' in text
    assert "Register — $45.00" in text


def _panel_text(client, workshop) -> str:
    html = client.get(f"/workshops/{workshop.slug}").text
    start = html.index('class="registration-panel"')
    panel = html[start : html.index("</section>", start)]
    return " ".join(panel.replace("<strong>", "").replace("</strong>", "").split())


def test_panel_counts_seats_in_words(client, make_workshop):
    assert "1 of 1 seat left." in _panel_text(client, make_workshop(capacity=1))
    assert "20 of 20 seats left." in _panel_text(client, make_workshop(capacity=20))


@pytest.mark.parametrize(
    ("waiting", "text"),
    [
        (0, "Nobody is on the waitlist yet: join it and we'll email you first if a seat opens."),
        (1, "1 person is on the waitlist; join it and we'll email you if a seat opens."),
        (2, "2 people are on the waitlist; join it and we'll email you if a seat opens."),
    ],
)
def test_full_panel_says_how_many_wait_in_good_english(client, make_workshop, fill, waiting, text):
    workshop = make_workshop(capacity=1)
    fill(workshop, 1 + waiting)

    panel = _panel_text(client, workshop).replace("&#39;", "'")

    assert f"This workshop is full. {text}" in panel
    assert "0 people" not in panel


def _section(page: str, name: str) -> str:
    start = page.index(f">{name}</h2>")
    end = page.find("</section>", start)
    return " ".join(page[start:end].split())


def test_cancelled_paid_purchase_order_reads_refund_owed_until_marked_refunded(
    client, auth, make_user, make_workshop
):
    workshop = make_workshop(title="Paid Physics", price_cents=4500, allows_purchase_order=True)
    admin = make_user(name="Office Admin", admin_of=workshop.network)
    educator = make_user()
    seat = payments.pay_by_purchase_order(
        educator, workshop, district="Kent SD", po_number="PO-2026-0042"
    ).registration
    payment_reports.mark_po_paid(seat, admin)
    cancellation.cancel(seat, educator, "")
    auth.login(educator)

    cancelled = _section(client.get("/me/registrations").text, "Cancelled")
    assert "Paid Physics" in cancelled
    assert "Refund owed by the network office" in cancelled
    assert "· Paid" not in cancelled

    payment_reports.mark_office_refunded(db.session.get(Registration, seat.id), admin)
    cancelled = _section(client.get("/me/registrations").text, "Cancelled")
    assert "Refund owed" not in cancelled
    assert "Refunded" in cancelled


def test_a_workshop_registered_again_after_cancelling_is_listed_once(
    client, auth, make_user, make_workshop
):
    educator = make_user()
    workshop = make_workshop(title="Robotics Again")
    first = registration.take_seat(educator, workshop).registration
    registration.cancel_registration(first, educator, "")
    registration.take_seat(educator, workshop)
    auth.login(educator)

    page = client.get("/me/registrations").text

    assert page.count("Robotics Again</a>") == 1
    assert "Robotics Again" in _section(page, "Upcoming")
    assert "Robotics Again" not in _section(page, "Cancelled")


def test_cancelled_then_left_waitlist_shows_one_cancelled_entry(
    client, auth, make_user, make_workshop, fill
):
    educator = make_user()
    workshop = make_workshop(title="Geometry Twice", capacity=1)
    first = registration.take_seat(educator, workshop).registration
    fill(workshop, 1)
    registration.cancel_registration(first, educator, "")  # the seat goes to the other one
    waiting = registration.take_seat(educator, workshop).registration
    assert waiting.status == RegistrationStatus.WAITLISTED
    registration.cancel_registration(waiting, educator, "")
    auth.login(educator)

    page = client.get("/me/registrations").text

    assert page.count("Geometry Twice</a>") == 1
    assert "Geometry Twice" in _section(page, "Cancelled")


@pytest.mark.parametrize(("waiting", "told"), [(0, False), (1, True)])
def test_cancel_page_promises_the_seat_to_the_waitlist_only_when_someone_waits(
    client, auth, make_user, make_workshop, fill, waiting, told
):
    workshop = make_workshop(capacity=1)
    educator = make_user()
    mine = registration.take_seat(educator, workshop).registration
    fill(workshop, waiting)
    auth.login(educator)

    page = " ".join(client.get(f"/me/registrations/{mine.id}/cancel").text.split())

    assert ("goes at once to the next educator on the waitlist" in page) is told
    assert ("You can register again later only while seats remain" in page) is not told


def test_waitlisted_cancel_page_does_not_talk_about_a_seat(
    client, auth, make_user, make_workshop, fill
):
    workshop = make_workshop(capacity=1)
    fill(workshop, 2)
    educator = make_user()
    mine = registration.take_seat(educator, workshop).registration
    auth.login(educator)

    page = client.get(f"/me/registrations/{mine.id}/cancel").text

    assert "at the back of the line" in page
    assert "Your seat" not in page
