"""Free text organisers write has limits, said next to the field: a message's subject (200
characters) and body (5,000), a cancellation reason (500). Too long changes nothing."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from pdportal.extensions import db
from pdportal.models import OutboxMessage, Registration, RegistrationStatus, WorkshopMessage
from pdportal.services import registration


@pytest.fixture
def organiser(client, auth, make_user, make_network, make_workshop):
    """A workshop with one confirmed educator, and its network's admin logged in."""
    network = make_network()
    workshop = make_workshop(network=network)
    seat = registration.take_seat(make_user(), workshop).registration
    auth.login(make_user(admin_of=network))
    return workshop, seat


def error_of(html: str, field_id: str) -> str:
    """The texts tied to a field by aria-describedby (its hint and its error)."""
    tag = re.search(rf'<(?:input|textarea)[^>]*\bid="{field_id}"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in tag
    described = re.search(r'aria-describedby="([^"]+)"', tag).group(1).split()
    texts = [re.search(rf'id="{id_}"[^>]*>([^<]*)<', html) for id_ in described]
    return " ".join(t.group(1).strip() for t in texts if t)


def outbox_count() -> int:
    return len(db.session.scalars(select(OutboxMessage)).all())


@pytest.mark.parametrize(
    ("field", "length", "message"),
    [
        ("subject", 201, "Keep this to 200 characters or fewer (it has 201)."),
        ("body", 5001, "Keep this to 5,000 characters or fewer (it has 5,001)."),
    ],
)
def test_message_too_long_is_refused_next_to_its_field(client, organiser, field, length, message):
    workshop, _seat = organiser
    before = outbox_count()
    data = {"audience": "confirmed", "subject": "Room change", "body": "Room 12"}
    data[field] = "x" * length

    response = client.post(f"/facilitate/workshops/{workshop.slug}/roster/messages", data=data)

    assert response.status_code == 400
    assert message in error_of(response.text, field)
    assert db.session.scalars(select(WorkshopMessage)).all() == []
    assert outbox_count() == before


def test_subject_with_a_line_break_is_refused(client, organiser):
    workshop, _seat = organiser
    data = {"audience": "confirmed", "subject": "Room\nchange", "body": "Room 12"}

    response = client.post(f"/facilitate/workshops/{workshop.slug}/roster/messages", data=data)

    assert response.status_code == 400
    assert "Keep this on one line." in error_of(response.text, "subject")
    assert db.session.scalars(select(WorkshopMessage)).all() == []


def test_message_at_the_limits_is_sent(client, organiser):
    workshop, _seat = organiser
    body = "line\r\n" * 999 + "lines"  # 5,999 sent; 5,000 once a line break counts as one
    client.post(
        f"/facilitate/workshops/{workshop.slug}/roster/messages",
        data={"audience": "confirmed", "subject": "s" * 200, "body": body},
    )

    (sent,) = db.session.scalars(select(WorkshopMessage)).all()
    assert len(sent.subject) == 200 and len(sent.body) == 5000


def test_message_fields_tell_the_browser_their_limits(client, organiser):
    workshop, _seat = organiser
    page = client.get(f"/facilitate/workshops/{workshop.slug}/roster").text

    assert re.search(r'<input[^>]*id="subject"[^>]*maxlength="200"', page)
    assert re.search(r'<textarea[^>]*id="body"[^>]*maxlength="5000"', page)


def test_cancellation_reason_too_long_is_refused_and_cancels_nothing(client, organiser):
    workshop, seat = organiser
    url = f"/facilitate/workshops/{workshop.slug}/roster/{seat.id}/cancel"
    assert re.search(r'<textarea[^>]*id="reason"[^>]*maxlength="500"', client.get(url).text)

    response = client.post(url, data={"reason": "r" * 501})

    assert "Keep this to 500 characters or fewer (it has 501)." in error_of(response.text, "reason")
    assert db.session.get(Registration, seat.id).status == RegistrationStatus.CONFIRMED

    client.post(url, data={"reason": "r" * 500})
    cancelled = db.session.get(Registration, seat.id)
    assert cancelled.status == RegistrationStatus.CANCELLED
    assert cancelled.cancel_reason == "r" * 500
