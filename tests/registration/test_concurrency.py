"""Invariants 1–3 under a rush, on SQLite (file database) and PostgreSQL.

Threads each get their own app context and session; processes are spawned and build
their own app from the database URL. The lock recorder notes, while the workshop lock
is held, whose turn it is, so "arrival order" is the order the lock was granted.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
import uuid
from collections import Counter

import pytest
from sqlalchemy import func, select

from pdportal.extensions import db
from pdportal.models import Registration, RegistrationStatus
from pdportal.services import registration
from pdportal.services.registration import waitlist
from tests.registration import rush

CONFIRMED = RegistrationStatus.CONFIRMED
WAITLISTED = RegistrationStatus.WAITLISTED
PROCESSES = 3  # each imports the app: a few seconds of CPU apiece


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def rush_app(request):
    return request.getfixturevalue("app" if request.param == "sqlite" else "pg_app")


@pytest.fixture
def lock_order(rush_app):
    order = rush.LockOrder()
    restore = rush.record_lock_order(order.record)
    yield order
    restore()


def _tag() -> str:
    return uuid.uuid4().hex[:8]


def _assert_seats_then_waitlist_in_lock_order(workshop_id, order, capacity):
    rows = rush.statuses_in_waitlist_order(workshop_id)
    assert [user_id for user_id, _ in rows] == order  # created_at/id order = lock order
    statuses = [status for _, status in rows]
    assert statuses == [CONFIRMED] * capacity + [WAITLISTED] * (len(order) - capacity)
    positions = waitlist.waitlist_positions([workshop_id])
    assert sorted(positions.values()) == list(range(1, len(order) - capacity + 1))


def test_fifty_threads_fill_ten_seats_and_queue_in_arrival_order(rush_app, lock_order):
    workshop_id, user_ids = rush.seed(50, capacity=10, tag=_tag())
    actions = [rush.take(workshop_id, user_id) for user_id in user_ids]
    outcomes = rush.run_threads(rush_app, actions, threading.Barrier(len(actions)))
    assert Counter(outcomes) == {"confirmed": 10, "waitlisted": 40}
    assert len(lock_order.users()) == 50
    _assert_seats_then_waitlist_in_lock_order(workshop_id, lock_order.users(), 10)


def test_several_processes_fill_ten_seats_and_queue_in_arrival_order(rush_app):
    workshop_id, user_ids = rush.seed(50, capacity=10, tag=_tag())
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(len(user_ids))
    sequence = context.Value("i", 0)
    results = context.Queue()
    url = rush_app.config["SQLALCHEMY_DATABASE_URI"]
    processes = [
        context.Process(
            target=rush.process_main,
            args=(url, workshop_id, user_ids[start::PROCESSES], barrier, sequence, results),
        )
        for start in range(PROCESSES)
    ]
    for process in processes:
        process.start()
    collected = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=30)
        assert process.exitcode == 0
    outcomes = [outcome for _, batch in collected for outcome in batch]
    order = [user_id for _, user_id in sorted(entry for batch, _ in collected for entry in batch)]
    assert Counter(outcomes) == {"confirmed": 10, "waitlisted": 40}
    _assert_seats_then_waitlist_in_lock_order(workshop_id, order, 10)


def test_concurrent_cancellations_and_registrations_never_exceed_capacity(rush_app):
    workshop_id, user_ids = rush.seed(40, capacity=10, tag=_tag())
    early, late = user_ids[:20], user_ids[20:]
    for user_id in early:  # 10 seats taken, 10 waiting
        rush.take(workshop_id, user_id)()
    registration_ids = list(
        db.session.scalars(
            select(Registration.id)
            .where(Registration.workshop_id == workshop_id)
            .order_by(Registration.id)
        )
    )
    leaving = registration_ids[:5] + registration_ids[10:15]  # 5 seated, 5 waiting
    actions = [rush.cancel(reg_id) for reg_id in leaving]
    actions += [rush.take(workshop_id, user_id) for user_id in late]

    peaks: list[int] = []
    done = threading.Event()

    def watch() -> None:
        with rush_app.app_context():
            while not done.is_set():
                peaks.append(registration.seat_counts([workshop_id])[workshop_id].taken)
                db.session.rollback()
                time.sleep(0.002)
            db.session.remove()

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        outcomes = rush.run_threads(rush_app, actions, threading.Barrier(len(actions)))
    finally:
        done.set()
        watcher.join()

    assert outcomes.count("cancelled") == 10
    db.session.rollback()
    assert max(peaks) <= 10
    counts = registration.seat_counts([workshop_id])[workshop_id]
    assert counts.taken == 10  # every freed seat went to the waitlist
    # The ten who stayed (five seated, five promoted) hold the seats; every newcomer waits,
    # because each freed seat went to an older waitlisted educator in the same transaction.
    assert counts.waitlisted == 20
    assert "confirmed" not in outcomes


def test_same_educator_double_submitting_gets_one_registration(rush_app):
    workshop_id, (user_id,) = rush.seed(1, capacity=10, tag=_tag())
    actions = [rush.take(workshop_id, user_id) for _ in range(8)]
    outcomes = rush.run_threads(rush_app, actions, threading.Barrier(len(actions)))
    assert outcomes.count("confirmed") == 1
    assert all(o == "refused: already_registered" for o in outcomes if o != "confirmed")
    db.session.rollback()
    active = db.session.scalar(
        select(func.count()).where(
            Registration.workshop_id == workshop_id,
            Registration.status != RegistrationStatus.CANCELLED,
        )
    )
    assert active == 1


@pytest.mark.parametrize("sizes", [(15, 12), (20, 10, 14)])
def test_groups_racing_single_registrations_split_as_the_lock_order_implies(
    rush_app, lock_order, sizes
):
    """Groups of 10–20 and single educators at once: never more seats than capacity, and
    each group gets the seats free at its turn (its first members), the rest waitlisted."""
    tag = _tag()
    singles = 20
    workshop_id, user_ids = rush.seed(singles + sum(sizes), capacity=25, tag=tag)
    coordinator_id = rush.seed_coordinator(workshop_id, tag)
    members: dict[str, list[int]] = {}
    start = singles
    for number, size in enumerate(sizes):
        members[f"group-{number}"] = user_ids[start : start + size]
        start += size
    actions = [rush.take(workshop_id, user_id) for user_id in user_ids[:singles]]
    actions += [
        rush.take_group(workshop_id, coordinator_id, ids, name) for name, ids in members.items()
    ]
    outcomes = rush.run_threads(rush_app, actions, threading.Barrier(len(actions)))
    assert not [outcome for outcome in outcomes if outcome.startswith("refused")]
    # Every path draws registration ids under the lock: a turn's first id tells its place
    # (singles take PostgreSQL's statement, which lets go of the lock before it answers).
    first_id: dict[int, int] = {}
    db.session.rollback()  # a fresh snapshot: the threads have committed
    for registration_id, user_id in db.session.execute(
        select(Registration.id, Registration.user_id).where(Registration.workshop_id == workshop_id)
    ):
        first_id[user_id] = registration_id
    turns = sorted(
        [*members, *user_ids[:singles]],
        key=lambda turn: min(first_id[user_id] for user_id in members.get(turn, [turn])),
    )
    assert len(lock_order.users()) == singles + len(sizes)

    expected: list[tuple[int, RegistrationStatus]] = []  # replay the lock order
    free = 25
    for turn in turns:
        for user_id in members.get(turn, [turn]):
            expected.append((user_id, CONFIRMED if free > 0 else WAITLISTED))
            free -= 1
    assert rush.statuses_in_waitlist_order(workshop_id) == expected
    counts = registration.seat_counts([workshop_id])[workshop_id]
    assert (counts.taken, counts.waitlisted) == (25, singles + sum(sizes) - 25)
    for index, (name, ids) in enumerate(members.items()):
        words = outcomes[singles + index].split()
        seated = words.count("confirmed")
        assert words == ["confirmed"] * seated + ["waitlisted"] * (len(ids) - seated), name
