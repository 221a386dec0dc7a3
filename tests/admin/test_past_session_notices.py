"""Registrants are emailed about a session's change only while they can act on it."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from pdportal.models import OutboxMessage
from pdportal.services import workshops
from pdportal.services.workshops import SessionChange, Unannounced


def local_today(network) -> datetime:
    return datetime.now(UTC).astimezone(ZoneInfo(network.time_zone))


def emails_sent(db) -> int:
    return db.session.scalar(select(func.count(OutboxMessage.id)))


@pytest.fixture
def registrants(make_user, enrol):
    def make(workshop, count=2):
        for _ in range(count):
            enrol(make_user(), workshop)

    return make


def test_moving_a_session_that_has_met_to_an_earlier_time_emails_nobody(
    db, people, make_workshop, registrants
):
    """Today's 2:30 PM session moved to noon after noon: both times past, no news."""
    day = (local_today(people.network) - timedelta(days=2)).date()
    zone = ZoneInfo(people.network.time_zone)
    starts = datetime.combine(day, time(14, 30), zone).astimezone(UTC)
    workshop = make_workshop(network=people.network, starts_at=starts, session_hours=2)
    registrants(workshop)
    outcome = workshops.update_session(workshop.sessions[0], day, time(12), time(14))
    assert emails_sent(db) == 0
    assert (outcome.change, outcome.emailed, outcome.unannounced) == (
        SessionChange.SAVED,
        0,
        Unannounced.HAD_BEGUN,
    )
    assert workshop.sessions[0].starts_at == datetime.combine(day, time(12), zone)
    assert workshop.sessions[0].sequence == 1  # calendars still show the corrected time


def test_moving_a_coming_session_into_the_past_saves_it_and_warns_the_admin(
    db, people, make_workshop, registrants
):
    workshop = make_workshop(network=people.network)
    registrants(workshop)
    yesterday = (local_today(people.network) - timedelta(days=1)).date()
    outcome = workshops.update_session(workshop.sessions[0], yesterday, time(12), time(14))
    assert emails_sent(db) == 0
    assert (outcome.change, outcome.emailed, outcome.unannounced) == (
        SessionChange.SAVED,
        0,
        Unannounced.NEW_TIME_PASSED,
    )


def test_the_admin_reads_why_nobody_was_emailed(
    client, auth, db, people, make_workshop, registrants
):
    workshop = make_workshop(network=people.network)
    registrants(workshop)
    auth.login(people.admin)
    yesterday = (local_today(people.network) - timedelta(days=1)).date()
    page = client.post(
        f"/admin/workshops/{workshop.slug}/sessions/{workshop.sessions[0].id}/edit",
        data={"day": yesterday.isoformat(), "start_time": "12:00", "end_time": "14:00"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert (
        "Session saved. Its new time has already passed, so registrants were not emailed "
        "about it: write to them from the roster if they still need to know."
    ) in page


def test_rescheduling_a_past_session_to_a_coming_day_emails_the_registrants(
    db, people, make_workshop, registrants
):
    workshop = make_workshop(
        network=people.network, starts_at=datetime.now(UTC) - timedelta(days=2)
    )
    registrants(workshop)
    next_week = (local_today(people.network) + timedelta(days=7)).date()
    outcome = workshops.update_session(workshop.sessions[0], next_week, time(9), time(12))
    assert (outcome.change, outcome.emailed, outcome.unannounced) == (SessionChange.SAVED, 2, None)
    assert emails_sent(db) == 2


def test_adding_or_cancelling_a_session_already_past_emails_nobody(
    db, people, make_workshop, registrants
):
    workshop = make_workshop(network=people.network, sessions=2)
    registrants(workshop)
    yesterday = (local_today(people.network) - timedelta(days=1)).date()
    past = workshops.add_session(workshop, yesterday, time(9), time(12)).session
    assert emails_sent(db) == 0
    outcome = workshops.remove_session(past)
    assert (outcome.change, outcome.emailed) == (SessionChange.CANCELLED, 0)
    assert emails_sent(db) == 0


def test_the_session_page_does_not_claim_an_email_for_a_past_session(
    client, auth, db, people, make_workshop, registrants
):
    workshop = make_workshop(network=people.network)
    registrants(workshop)
    auth.login(people.admin)
    yesterday = (local_today(people.network) - timedelta(days=1)).date()
    page = client.post(
        f"/admin/workshops/{workshop.slug}/sessions/new",
        data={"day": yesterday.isoformat(), "start_time": "09:00", "end_time": "12:00"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Session added." in page
    assert "was emailed" not in page and "were emailed" not in page
    assert emails_sent(db) == 0
