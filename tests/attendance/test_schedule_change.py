"""Shortening a session caps what recorded attendance counts for, and keeps the record:
putting the session back brings the original minutes back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from pdportal.extensions import db
from pdportal.models import Attendance, AttendanceChange, AttendanceStatus
from pdportal.services import attendance, certificates


def _local(day, hour: int, minute: int = 0) -> datetime:
    return datetime(
        day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo("America/Los_Angeles")
    )


def test_shortened_session_counts_less_but_keeps_the_record_and_undo_restores_it(
    client, auth, make_user, make_network, make_workshop, enrol
):
    network = make_network()
    admin = make_user(name="Nina Admin", admin_of=network)
    educator = make_user(name="Ana Present")
    day = (datetime.now(UTC) - timedelta(days=10)).date()
    workshop = make_workshop(
        network=network,
        starts_at=_local(day, 14, 30).astimezone(UTC),
        session_hours=2.5,
        credit_hours=2,
    )
    session = workshop.sessions[0]
    registration = enrol(educator, workshop)
    attendance.record(session, registration, AttendanceStatus.PRESENT, None, admin)
    assert attendance.minutes_attended(workshop)[registration.id] == 150
    edit = f"/admin/workshops/{workshop.slug}/sessions/{session.id}/edit"

    auth.login(admin)
    response = client.post(
        edit,
        data={"day": day.isoformat(), "start_time": "12:00", "end_time": "14:00", "location": ""},
    )
    assert response.status_code == 302

    roster = client.get(f"/facilitate/sessions/{session.id}").get_data(as_text=True)
    assert "120 of 120 min (150 recorded before the session was shortened)" in roster
    assert "150 of 120" not in roster
    assert db.session.scalars(select(AttendanceChange)).all()[-1].to_minutes == 150  # no rewrite
    assert db.session.scalars(select(Attendance)).one().minutes_attended == 150

    desk = client.get(f"/facilitate/workshops/{workshop.slug}/certificates").get_data(as_text=True)
    assert "2.0 of 2.0 hours (2.5 recorded before a session was shortened)" in desk
    assert "2.5 of 2.0" not in desk

    # The admin's typo, undone: the session is back to 2.5 hours, and so is the attendance.
    response = client.post(
        edit,
        data={"day": day.isoformat(), "start_time": "14:30", "end_time": "17:00", "location": ""},
    )
    assert response.status_code == 302
    assert attendance.minutes_attended(workshop)[registration.id] == 150
    roster = client.get(f"/facilitate/sessions/{session.id}").get_data(as_text=True)
    assert "150 of 150 min" in roster
    assert "recorded before" not in roster
    desk = client.get(f"/facilitate/workshops/{workshop.slug}/certificates").get_data(as_text=True)
    assert "2.5 of 2.5 hours" in desk
    assert "recorded before" not in desk


def test_eligibility_never_counts_more_than_a_session_is_scheduled(
    past_workshop, make_user, enrol, mark
):
    workshop = past_workshop(sessions=1, credit_hours=3, attendance_threshold_pct=100)
    registration = enrol(make_user(), workshop)
    mark(registration, workshop, [(AttendanceStatus.PRESENT, 500)])  # an old, over-long mark
    [row] = certificates.eligibility(workshop)
    assert (row.minutes_attended, row.scheduled_minutes) == (180, 180)
    assert row.is_eligible
