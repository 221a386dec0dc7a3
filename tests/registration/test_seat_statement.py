"""The registration rush's fast path: on PostgreSQL the seat decision is one statement
under the lock, and its email is written afterwards by the mail worker, from facts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pdportal.extensions import db
from pdportal.models import (
    OutboxMessage,
    OutboxStatus,
    PaymentMethod,
    PaymentStatus,
    RegistrationStatus,
    WorkshopStatus,
)
from pdportal.services import mail, registration
from pdportal.services.registration import seat_statement
from tests.conftest import clean_context, recorded_statements

POSTGRES = pytest.param("postgres", marks=pytest.mark.postgres)
ONLY_POSTGRES = pytest.mark.parametrize("app", [POSTGRES], indirect=True)


@pytest.fixture(params=["sqlite", POSTGRES])
def app(request):
    session_app = "_session_app" if request.param == "sqlite" else "_pg_session_app"
    with clean_context(request.getfixturevalue(session_app)) as app:
        yield app


def _queued(to_email: str) -> OutboxMessage:
    db.session.expire_all()
    return db.session.scalars(
        db.select(OutboxMessage).where(OutboxMessage.to_email == to_email)
    ).one()


@pytest.mark.parametrize("app", ["sqlite"], indirect=True)
def test_on_sqlite_the_seat_is_decided_in_one_write_lock_without_the_orm(
    app, make_user, make_workshop
):
    workshop = make_workshop(capacity=1)
    educator = make_user()
    assert educator.email and workshop.status  # loaded before the lock, as in a request
    with recorded_statements() as statements:
        result = registration.take_seat(educator, workshop)
    assert result.outcome == "confirmed"
    locked = statements[statements.index("BEGIN IMMEDIATE") :]
    # Read the window and the seats, insert the registration and its email: no more.
    assert [statement.split()[0] for statement in locked] == [
        "BEGIN",
        "SELECT",
        "INSERT",
        "INSERT",
    ]


@ONLY_POSTGRES
def test_on_postgresql_the_seat_is_decided_in_one_statement(app, make_user, make_workshop):
    workshop = make_workshop(capacity=1)
    first, second = make_user(), make_user()
    for educator, outcome in ((first, "confirmed"), (second, "waitlisted")):
        with recorded_statements() as statements:
            result = registration.take_seat(educator, workshop)
        assert result.outcome == outcome
        # The lock is taken by this statement and held until the COMMIT: nothing else runs
        # under it (what ran before it loaded the expired user and workshop, lock-free).
        assert "pdportal_take_seat" in statements[-1]
        assert sum("FOR UPDATE" in statement for statement in statements) == 0
    assert registration.seat_counts([workshop.id])[workshop.id] == registration.SeatCount(1, 1)


def test_the_seat_email_is_queued_as_facts_and_not_sent_until_written(
    app, make_user, make_workshop, monkeypatch
):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")  # delivery to the log
    workshop = make_workshop(capacity=1, title="Modeling Energy")
    make_user_registered = make_user()
    registration.take_seat(make_user_registered, workshop)
    waiting = make_user(preferred_language="es")
    result = registration.take_seat(waiting, workshop)

    queued = _queued(waiting.email)
    assert (queued.template, queued.subject, queued.is_written) == (
        "registration_waitlisted",
        "",
        False,
    )
    assert queued.facts == {"registration_id": result.registration.id, "position": 1}
    assert mail.deliver_pending().sent == 0  # an unwritten message is never sent blank

    assert registration.write_seat_emails() == 2
    written = _queued(waiting.email)
    assert written.subject == "Está en la lista de espera: Modeling Energy"
    assert "número 1" in written.body_text
    assert written.attachments == []
    seated = _queued(make_user_registered.email)
    assert seated.subject == "You're registered: Modeling Energy"
    assert [file["content_type"] for file in seated.attachments] == ["text/calendar"]
    assert registration.write_seat_emails() == 0  # each is written once
    assert mail.deliver_pending().sent == 2


def test_send_mail_writes_the_seat_emails_before_it_delivers(
    app, make_user, make_workshop, monkeypatch
):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    educator = make_user()
    registration.take_seat(educator, make_workshop())
    result = app.test_cli_runner().invoke(args=["send-mail"])
    assert "sent 1," in result.output
    assert _queued(educator.email).status == OutboxStatus.SENT


OFFSETS = st.one_of(st.none(), st.sampled_from([-3000, -60, 60, 3000]))  # minutes from now


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    status=st.sampled_from(WorkshopStatus),
    opens=OFFSETS,
    closes=OFFSETS,
    starts=st.sampled_from([-60, 60, 3000]),
    ends=OFFSETS,
)
def test_the_statement_refuses_exactly_when_registration_is_closed(
    app, make_user, make_workshop, status, opens, closes, starts, ends
):
    """The statement re-checks, under the lock, the rule `booking.closed_reason` states."""
    now = datetime.now(UTC)

    def at(minutes: int | None) -> datetime | None:
        return None if minutes is None else now + timedelta(minutes=minutes)

    workshop = make_workshop()
    workshop.status = status
    workshop.registration_opens_at, workshop.registration_closes_at = at(opens), at(closes)
    workshop.starts_at, workshop.ends_at = at(starts), at(ends)
    educator = make_user()
    db.session.commit()
    closed = registration.closed_reason(workshop) is not None
    on_sqlite = app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
    decide = seat_statement.decide_on_sqlite if on_sqlite else seat_statement.decide
    decision = decide(
        workshop.id,
        educator.id,
        educator.email,
        hold_minutes=0,
        payment_method=PaymentMethod.NONE,
        payment_status=PaymentStatus.NOT_REQUIRED,
        amount_cents=0,
        po_district="",
        po_number="",
    )
    db.session.rollback()
    assert (decision.decision == seat_statement.CLOSED) == closed
    if not closed:
        assert decision.decision == RegistrationStatus.CONFIRMED


def test_an_educator_who_cancelled_may_register_again(app, make_user, make_workshop):
    educator, workshop = make_user(), make_workshop(capacity=1)
    first = registration.take_seat(educator, workshop).registration
    registration.cancel_registration(first, educator, "")
    again = registration.take_seat(educator, workshop)
    assert again.outcome == registration.Outcome.CONFIRMED
    assert again.registration.id != first.id


def test_a_seat_email_that_cannot_be_written_fails_alone(app, make_user, make_workshop):
    mail.queue_email_facts("gone@example.org", "registration_confirmed", {"registration_id": 0})
    educator = make_user()
    registration.take_seat(educator, make_workshop())
    assert registration.write_seat_emails() == 2
    broken = _queued("gone@example.org")
    assert broken.status == OutboxStatus.FAILED and "written" in broken.last_error
    assert _queued(educator.email).subject.startswith("You're registered")
