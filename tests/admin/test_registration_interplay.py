"""Capacity changes and cancellation go through the registration service's seat rules."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import func, select

from pdportal.models import OutboxMessage, RegistrationStatus, WorkshopStatus
from pdportal.services import registration, workshops
from pdportal.services.workshops import Problem, SessionChange
from pdportal.services.workshops.editing import WorkshopDetails, WorkshopError


@pytest.fixture
def full_workshop(make_workshop, make_user, people):
    """Capacity 1: one educator confirmed, one waitlisted."""
    workshop = make_workshop(network=people.network, capacity=1)
    seated = registration.register(make_user(name="Ana Seated"), workshop).registration
    waiting = registration.register(make_user(name="Ben Waiting"), workshop).registration
    assert (seated.status, waiting.status) == (
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
    )
    return workshop, seated, waiting


def test_raising_capacity_promotes_the_waitlist_at_once(full_workshop):
    workshop, _seated, waiting = full_workshop
    details = WorkshopDetails.of(workshop)
    details.capacity, details.venue = 2, "Room 12"
    saved = workshops.update_workshop(workshop, details)
    assert workshop.capacity == 2 and workshop.venue == "Room 12"
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert saved.capacity_change is not None  # what the registration service did


def test_cancelling_a_workshop_cancels_its_registrations(full_workshop, people):
    workshop, seated, waiting = full_workshop
    assert workshops.cancel_workshop(workshop, people.admin, "Snow closure") == 2
    assert workshop.status == WorkshopStatus.CANCELLED
    assert workshop.cancelled_reason == "Snow closure"
    assert {seated.status, waiting.status} == {RegistrationStatus.CANCELLED}
    assert all(s.sequence == 1 for s in workshop.sessions)


def test_a_workshop_with_registrations_cannot_go_back_to_draft(full_workshop):
    workshop, _seated, _waiting = full_workshop
    with pytest.raises(WorkshopError) as caught:
        workshops.unpublish_workshop(workshop)
    assert (caught.value.reason, caught.value.values) == (Problem.HAS_REGISTRANTS, {"count": 2})
    assert workshop.status == WorkshopStatus.PUBLISHED


def test_moving_or_cancelling_a_session_emails_the_registrants(full_workshop, db):
    workshop, seated, waiting = full_workshop
    added = workshops.add_session(
        workshop, date.today().replace(year=date.today().year + 1), time(9), time(12)
    )
    assert (added.change, added.emailed) == (SessionChange.ADDED, 2)
    db.session.execute(OutboxMessage.__table__.delete())
    db.session.commit()

    first = workshop.sessions[0]
    day = first.starts_at.date()
    moved = workshops.update_session(first, day, time(8), time(11), "Room 9")
    assert (moved.change, moved.emailed) == (SessionChange.SAVED, 2)
    sent = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.to_email)).all()
    assert {m.to_email for m in sent} == {seated.user.email, waiting.user.email}
    assert all(m.subject == f"Schedule change: {workshop.title}" for m in sent)
    assert "Room 9" in sent[0].body_text
    by_email = {m.to_email: m for m in sent}
    assert by_email[seated.user.email].attachments  # the new calendar, for the seated one
    assert not by_email[waiting.user.email].attachments

    cancelled = workshops.remove_session(workshop.sessions[-1])
    assert (cancelled.change, cancelled.emailed) == (SessionChange.CANCELLED, 2)


def test_draft_session_changes_email_nobody(people, db):
    workshop = workshops.create_workshop(people.network, WorkshopDetails(title="Quiet Draft"))
    session = workshops.add_session(
        workshop, date(date.today().year + 1, 5, 1), time(9), time(12)
    ).session
    moved = workshops.update_session(session, date(date.today().year + 1, 5, 2), time(9), time(12))
    assert (moved.change, moved.emailed, moved.unannounced) == (SessionChange.SAVED, 0, None)
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0
