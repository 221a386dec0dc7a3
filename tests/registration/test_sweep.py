"""Registration's sweep steps: reminders two days ahead, sent once; the waitlist safety net."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pdportal.extensions import db
from pdportal.models import Registration, RegistrationStatus, Workshop
from pdportal.services import registration, sweep
from pdportal.services.registration import sweep as registration_sweep
from tests.registration import rush


def test_reminder_goes_out_once_two_days_before(make_user, make_workshop, outbox):
    now = datetime.now(UTC)
    soon = make_workshop(starts_at=now + timedelta(days=1, hours=20))
    later = make_workshop(starts_at=now + timedelta(days=5))
    educator = make_user()
    mine = registration.take_seat(educator, soon).registration
    registration.take_seat(educator, later)
    waiting_workshop = make_workshop(capacity=1, starts_at=now + timedelta(days=1))
    registration.take_seat(make_user(), waiting_workshop)
    waiting = registration.take_seat(make_user(), waiting_workshop).registration

    assert "2 reminders" in registration_sweep.send_reminders(now)
    reminders = [m for m in outbox(educator.email) if m.subject.startswith("Reminder")]
    assert len(reminders) == 1
    assert soon.title in reminders[0].subject
    assert reminders[0].attachments
    assert db.session.get(Registration, mine.id).reminder_sent_at is not None
    assert not [m for m in outbox(waiting.user.email) if m.subject.startswith("Reminder")]
    assert "0 reminders" in registration_sweep.send_reminders(now)


def test_sweep_fills_seats_left_free_with_a_waitlist(make_user, make_workshop, fill):
    workshop = make_workshop(capacity=1)
    _, waiting = fill(workshop, 2)
    workshop.capacity = 2  # changed behind the service's back
    db.session.commit()
    lines = sweep.run()
    assert any("1 waitlisted educator moved" in line for line in lines)
    assert db.session.get(Registration, waiting.id).status == RegistrationStatus.CONFIRMED


@pytest.mark.postgres
def test_sweep_steps_on_postgresql(pg_app):
    workshop_id, user_ids = rush.seed(3, capacity=1, tag="sweep", starts_in=timedelta(days=1))
    for user_id in user_ids:
        rush.take(workshop_id, user_id)()
    workshop = db.session.get(Workshop, workshop_id)
    workshop.capacity = 2
    db.session.commit()
    now = datetime.now(UTC)
    assert "1 waitlisted educator moved" in registration_sweep.promote_waitlists(now)
    assert "2 reminders" in registration_sweep.send_reminders(now)
    assert "0 reminders" in registration_sweep.send_reminders(now)
