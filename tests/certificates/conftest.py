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
    CHROMIUM_FLAGS,
    assert_accessible,
    axe,
    chromium_path,
    live_server,
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


@pytest.fixture(scope="module")
def browser(chromium_path):  # noqa: F811
    """Like tests/e2e's, but closed at the end of the module: one Playwright may run in a
    process at a time, and tests/e2e starts its own after this folder's tests."""
    from playwright.sync_api import Error, sync_playwright

    manager = sync_playwright()
    try:
        playwright = manager.start()
    except Error as error:  # tests/e2e's session browser is already running (it ran first)
        pytest.skip(f"one Playwright per process; run tests/certificates before tests/e2e: {error}")
    try:
        browser = playwright.chromium.launch(
            executable_path=str(chromium_path), args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()
    finally:
        playwright.stop()


@pytest.fixture
def page(browser, live_server):  # noqa: F811
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
