"""Helpers for the concurrency tests: seed a rush, run it in threads or spawned processes,
and record the order in which registrations got the workshop lock.

Kept out of the test module so that `spawn`ed processes can import it by name.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import select

from pdportal import create_app
from pdportal.extensions import db
from pdportal.models import (
    DistrictCoordinator,
    Network,
    Registration,
    RegistrationGroup,
    RegistrationStatus,
    User,
    Workshop,
    WorkshopSession,
    WorkshopStatus,
)
from pdportal.services import registration
from pdportal.services.registration import RegistrationError, seat_statement, waitlist

_current = threading.local()


def seed(
    educators: int, capacity: int, tag: str, starts_in: timedelta = timedelta(days=14)
) -> tuple[int, list[int]]:
    """A published workshop and `educators` accounts (no usable password), committed."""
    network = Network(name=f"Rush {tag}", slug=f"rush-{tag}")
    start = datetime.now(UTC).replace(microsecond=0) + starts_in
    workshop = Workshop(
        network=network,
        slug=f"rush-{tag}",
        title=f"Summer institute {tag}",
        capacity=capacity,
        status=WorkshopStatus.PUBLISHED,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        sessions=[WorkshopSession(starts_at=start, ends_at=start + timedelta(hours=3))],
    )
    users = [
        User(email=f"rush-{tag}-{n}@example.org", name=f"Educator {n}", password_hash="!")
        for n in range(educators)
    ]
    db.session.add_all([workshop, *users])
    db.session.flush()
    ids = workshop.id, [user.id for user in users]
    db.session.commit()  # and no read transaction left open (SQLite would keep its snapshot)
    return ids


def record_lock_order(record: Callable[[int | str, int | None], None]) -> Callable[[], None]:
    """Wrap the ways to the workshop lock so that each records whose turn it was:
    `record(user_id, None)` from `waitlist.lock_workshop` while it holds the lock, and
    `record(user_id, registration_id)` after a seat statement (PostgreSQL's, SQLite's),
    which lets go of the lock before it answers: its turns are told by the registration
    ids, which it draws under the lock.

    Returns a function that puts the originals back.
    """
    original_lock = waitlist.lock_workshop
    original_statements = seat_statement.decide, seat_statement.decide_on_sqlite

    def locked(workshop_id: int, **options: bool) -> Workshop | None:
        workshop = original_lock(workshop_id, **options)
        record(_current.user_id, None)
        return workshop

    def recording(
        decide: Callable[..., seat_statement.Decision],
    ) -> Callable[..., seat_statement.Decision]:
        def decided(*args: Any, **kwargs: Any) -> seat_statement.Decision:
            decision = decide(*args, **kwargs)
            if decision.registration_id is not None:  # else the general path records
                record(_current.user_id, decision.registration_id)
            return decision

        return decided

    def restore() -> None:
        waitlist.lock_workshop = original_lock
        seat_statement.decide, seat_statement.decide_on_sqlite = original_statements

    waitlist.lock_workshop = locked
    seat_statement.decide, seat_statement.decide_on_sqlite = map(recording, original_statements)
    return restore


class LockOrder:
    """The educators in the order the workshop lock was granted to them (one rush takes
    one path: the general one, or PostgreSQL's statement)."""

    def __init__(self) -> None:
        self._turns: list[tuple[int, int | str]] = []
        self._mutex = threading.Lock()

    def record(self, user_id: int | str, registration_id: int | None) -> None:
        with self._mutex:
            turn = len(self._turns) if registration_id is None else registration_id
            self._turns.append((turn, user_id))

    def users(self) -> list[int | str]:
        return [user_id for _, user_id in sorted(self._turns, key=lambda turn: turn[0])]


def take(workshop_id: int, user_id: int) -> Callable[[], str]:
    """An educator's registration attempt; returns the outcome as a word."""

    def action() -> str:
        _current.user_id = user_id
        user = db.session.get(User, user_id)
        result = registration.take_seat(user, db.session.get(Workshop, workshop_id))
        return result.registration.status.value if result.registration else "full"

    return action


def cancel(registration_id: int) -> Callable[[], str]:
    """The educator cancels their own registration."""

    def action() -> str:
        _current.user_id = None
        found = db.session.get(Registration, registration_id)
        registration.cancel_registration(found, found.user, "")
        return "cancelled"

    return action


def run_threads(app: Flask, actions: list[Callable[[], str]], barrier: Any) -> list[str]:
    """Run each action in a thread of its own with its own app context (and so its own
    session), all released at once by `barrier`. Refusals come back as "refused: <reason>"."""
    outcomes: list[str] = [""] * len(actions)

    def work(index: int, action: Callable[[], str]) -> None:
        with app.app_context():
            try:
                barrier.wait()
                outcomes[index] = action()
            except RegistrationError as error:
                outcomes[index] = f"refused: {error.reason}"
            finally:
                db.session.remove()

    threads = [threading.Thread(target=work, args=item) for item in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def process_main(
    database_url: str,
    workshop_id: int,
    user_ids: list[int],
    barrier: Any,
    sequence: Any,
    results: Any,
) -> None:
    """A spawned process: its own app and engine, one thread per educator.

    `sequence` (a shared counter) numbers the lock grants across all processes (on the
    general path; PostgreSQL's statement is numbered by its registration ids).
    """
    os.environ.setdefault("PDPORTAL_ENV", "testing")
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    order: list[tuple[int, int]] = []

    def record(user_id: int, registration_id: int | None) -> None:
        with sequence.get_lock():
            order.append((sequence.value if registration_id is None else registration_id, user_id))
            sequence.value += 1

    record_lock_order(record)
    outcomes = run_threads(app, [take(workshop_id, user_id) for user_id in user_ids], barrier)
    results.put((order, outcomes))


def statuses_in_waitlist_order(workshop_id: int) -> list[tuple[int, RegistrationStatus]]:
    """(user_id, status) of every registration, oldest first, as the waitlist orders them."""
    db.session.rollback()  # a fresh snapshot: other threads and processes have committed
    rows = db.session.execute(
        select(Registration.user_id, Registration.status)
        .where(Registration.workshop_id == workshop_id)
        .order_by(Registration.created_at, Registration.id)
    )
    return [(user_id, status) for user_id, status in rows]


def seed_coordinator(workshop_id: int, tag: str) -> int:
    """A district coordinator of the workshop's network (groups need one), committed."""
    workshop = db.session.get(Workshop, workshop_id)
    user = User(email=f"coordinator-{tag}@example.org", name="Coordinator", password_hash="!")
    role = DistrictCoordinator(network=workshop.network, user=user, district_name=f"SD {tag}")
    db.session.add(role)
    db.session.commit()
    return role.id


def take_group(workshop_id: int, coordinator_id: int, user_ids: list[int], tag: str):
    """A coordinator's group registration; returns the places as words, in order."""

    def action() -> str:
        _current.user_id = tag
        members = [db.session.get(User, user_id) for user_id in user_ids]
        group = RegistrationGroup(
            workshop_id=workshop_id, coordinator_id=coordinator_id, registered_by_id=user_ids[0]
        )
        result = registration.take_group_seats(workshop_id, members, group, {})
        return " ".join(member.place.value for member in result.places)

    return action
