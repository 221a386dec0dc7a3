"""Issuing from two admins at the same moment gives one certificate each, on both databases."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from flask import Flask
from sqlalchemy import func, select

from pdportal.extensions import db
from pdportal.models import (
    AttendanceStatus,
    Certificate,
    Network,
    Registration,
    User,
    Workshop,
    WorkshopSession,
    WorkshopStatus,
)
from pdportal.services import certificates
from tests.clock_hours import seat_and_attend

EDUCATORS = 5


def _seed() -> int:
    network = Network(name="Concurrency Network", slug="concurrency")
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=3)
    workshop = Workshop(
        network=network,
        slug="concurrent-issuing",
        title="Concurrent issuing",
        status=WorkshopStatus.PUBLISHED,
        credit_hours=Decimal(2),
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )
    workshop.sessions.append(WorkshopSession(starts_at=start, ends_at=start + timedelta(hours=2)))
    db.session.add(workshop)
    for index in range(EDUCATORS):
        user = User(email=f"c{index}@example.org", name=f"Educator {index}", password_hash="x")
        db.session.add(user)
        db.session.flush()
        seat_and_attend(user.id, workshop, 120)
    db.session.commit()
    return workshop.id


def _issue_concurrently(app: Flask, workshop_id: int, workers: int = 4) -> list[int]:
    barrier = threading.Barrier(workers)
    issued: list[int] = []
    errors: list[BaseException] = []

    def work() -> None:
        with app.app_context():
            try:
                workshop = db.session.get(Workshop, workshop_id)
                barrier.wait()
                issued.append(len(certificates.issue_for_workshop(workshop, None).issued))
            except BaseException as error:  # reported below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return issued


def _assert_one_each(issued: list[int]) -> None:
    assert sum(issued) == EDUCATORS
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == EDUCATORS
    users = db.session.scalars(select(Certificate.user_id)).all()
    assert len(set(users)) == EDUCATORS


def test_concurrent_issuing_on_sqlite(app):
    workshop_id = _seed()
    db.session.remove()
    _assert_one_each(_issue_concurrently(app, workshop_id))


@pytest.mark.postgres
def test_concurrent_issuing_on_postgresql(pg_app):
    workshop_id = _seed()
    db.session.remove()
    _assert_one_each(_issue_concurrently(pg_app, workshop_id))


@pytest.mark.postgres
def test_evaluation_invitations_and_attendance_on_postgresql(pg_app):
    from pdportal.models import AttendanceChange, OutboxMessage
    from pdportal.orm import utcnow
    from pdportal.services import attendance
    from pdportal.services.certificates import evaluations

    workshop = db.session.get(Workshop, _seed())
    session = workshop.sessions[0]
    registration = db.session.scalars(select(Registration)).first()
    attendance.record(session, registration, AttendanceStatus.LATE, 90, registration.user)
    assert db.session.scalar(select(func.count()).select_from(AttendanceChange)) == 1

    assert "5 invitations" in evaluations.send_invitations(utcnow())
    assert "0 invitations" in evaluations.send_invitations(utcnow())
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == EDUCATORS
