"""Shortening a session caps the attendance already recorded at its new length."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from pdportal.extensions import db
from pdportal.models import AttendanceChange, AttendanceSource, AttendanceStatus
from pdportal.services import attendance, certificates


def _local(day, hour: int, minute: int = 0) -> datetime:
    return datetime(
        day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo("America/Los_Angeles")
    )


def test_shortened_session_caps_marks_and_records_who_changed_it(
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

    auth.login(admin)
    response = client.post(
        f"/admin/workshops/{workshop.slug}/sessions/{session.id}/edit",
        data={"day": day.isoformat(), "start_time": "12:00", "end_time": "14:00", "location": ""},
    )
    assert response.status_code == 302

    roster = client.get(f"/facilitate/sessions/{session.id}").get_data(as_text=True)
    assert "120 of 120 min" in roster
    assert "150 of 120" not in roster
    assert "Schedule change" in roster  # the audit trail says why the minutes changed
    change = db.session.scalars(
        select(AttendanceChange).where(AttendanceChange.source == AttendanceSource.SCHEDULE_CHANGE)
    ).one()
    assert (change.from_minutes, change.to_minutes, change.changed_by_id) == (150, 120, admin.id)

    desk = client.get(f"/facilitate/workshops/{workshop.slug}/certificates").get_data(as_text=True)
    assert "2.0 of 2.0 hours" in desk
    assert "2.5 of 2.0" not in desk


def test_eligibility_never_counts_more_than_a_session_is_scheduled(
    past_workshop, make_user, enrol, mark
):
    workshop = past_workshop(sessions=1, credit_hours=3, attendance_threshold_pct=100)
    registration = enrol(make_user(), workshop)
    mark(registration, workshop, [(AttendanceStatus.PRESENT, 500)])  # an old, over-long mark
    [row] = certificates.eligibility(workshop)
    assert (row.minutes_attended, row.scheduled_minutes) == (180, 180)
    assert row.is_eligible
