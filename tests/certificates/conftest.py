"""Fixtures for attendance and certificates: past workshops, confirmed registrants, marks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from pdportal.extensions import db
from pdportal.models import (
    Attendance,
    AttendanceStatus,
    Registration,
    RegistrationStatus,
    User,
    Workshop,
)

# The real-browser fixtures, for test_accessibility.py.
from tests.e2e.conftest import (  # noqa: F401
    assert_accessible,
    axe,
    browser,
    chromium_path,
    live_server,
    page,
)


@pytest.fixture
def past_workshop(make_workshop: Callable[..., Workshop]) -> Callable[..., Workshop]:
    """A workshop whose sessions (default two of three hours) ended last week."""

    def make(**fields: Any) -> Workshop:
        sessions = fields.pop("sessions", 2)
        start = datetime.now(UTC).replace(hour=16, minute=0, second=0, microsecond=0)
        start -= timedelta(days=7 * sessions + 7)
        return make_workshop(starts_at=start, sessions=sessions, **fields)

    return make


@pytest.fixture
def enrol(app) -> Callable[..., Registration]:
    def make(user: User, workshop: Workshop, status=RegistrationStatus.CONFIRMED) -> Registration:
        registration = Registration(user_id=user.id, workshop_id=workshop.id, status=status)
        db.session.add(registration)
        db.session.commit()
        return registration

    return make


@pytest.fixture
def mark(app) -> Callable[..., None]:
    """Record attendance directly (the attendance service is tested on its own)."""

    def make(
        registration: Registration,
        workshop: Workshop,
        statuses: list[AttendanceStatus | tuple[AttendanceStatus, int]],
    ) -> None:
        for session, entry in zip(workshop.sessions, statuses, strict=False):
            status, minutes = entry if isinstance(entry, tuple) else (entry, None)
            if minutes is None:
                minutes = session.duration_minutes if status.counts_as_attendance else 0
            db.session.add(
                Attendance(
                    registration_id=registration.id,
                    session_id=session.id,
                    status=status,
                    minutes_attended=minutes,
                )
            )
        db.session.commit()

    return make
