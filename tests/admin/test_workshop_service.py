"""Workshop rules, called on the service directly."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from pdportal.models import User, Workshop, WorkshopSession, WorkshopStatus
from pdportal.services import workshops
from pdportal.services.workshops import Problem, SessionChange, WorkshopSaved
from pdportal.services.workshops.editing import (
    WorkshopDetails,
    WorkshopError,
    local_to_utc,
    utc_to_local,
)

NEXT_YEAR = date.today().year + 1


def draft(network, title="Modeling with Mathematics", **fields) -> Workshop:
    return workshops.create_workshop(network, WorkshopDetails(title=title, **fields))


def workshop_count() -> int:
    from pdportal.extensions import db

    return db.session.scalar(select(func.count(Workshop.id)))


# --- create and update ----------------------------------------------------------------


def test_new_workshop_is_a_draft_with_a_slug_made_from_its_title(people):
    workshop = draft(people.network, "Teaching NGSS: Phenomena & Models!")
    assert workshop.status == WorkshopStatus.DRAFT
    assert workshop.slug == "teaching-ngss-phenomena-models"


def test_generated_slugs_stay_unique(people):
    first = draft(people.network, "Data Science Summer Institute")
    second = draft(people.network, "Data Science Summer Institute")
    assert (first.slug, second.slug) == (
        "data-science-summer-institute",
        "data-science-summer-institute-2",
    )


def test_a_slug_that_is_taken_is_refused_on_the_slug_field(people):
    draft(people.network, slug="ngss-101")
    with pytest.raises(WorkshopError) as caught:
        draft(people.network, "Another", slug="ngss-101")
    assert (caught.value.reason, caught.value.field) == (Problem.SLUG_TAKEN, "slug")
    assert workshop_count() == 1


@pytest.mark.parametrize("slug", ["ünïcode", "spaces here", "trailing-", "a--b", "new"])
def test_malformed_or_reserved_slugs_are_refused(people, slug):
    with pytest.raises(WorkshopError) as caught:
        draft(people.network, slug=slug)
    assert caught.value.field == "slug"


@pytest.mark.parametrize(
    ("fields", "field", "reason"),
    [
        ({"capacity": 0}, "capacity", Problem.CAPACITY_TOO_SMALL),
        ({"price_cents": -100}, "price", Problem.PRICE_NEGATIVE),
        (
            {"attendance_threshold_pct": 0},
            "attendance_threshold_pct",
            Problem.THRESHOLD_OUT_OF_RANGE,
        ),
        (
            {"attendance_threshold_pct": 101},
            "attendance_threshold_pct",
            Problem.THRESHOLD_OUT_OF_RANGE,
        ),
        ({"credit_hours": Decimal("-1")}, "credit_hours", Problem.CREDIT_HOURS_OUT_OF_RANGE),
        ({"capacity": 10_001}, "capacity", Problem.CAPACITY_TOO_LARGE),
        ({"topics": ["astrology"]}, "topics", Problem.NOT_AN_OPTION),
        ({"online_url": "javascript://x/%0aalert(1)"}, "online_url", Problem.NOT_A_WEB_ADDRESS),
        ({"online_url": "ftp://files.example.org/"}, "online_url", Problem.NOT_A_WEB_ADDRESS),
        (
            {"registration_opens_local": datetime(9999, 12, 31, 23, 0)},
            "registration_opens",
            Problem.DATE_OUT_OF_RANGE,
        ),
        (
            {
                "registration_opens_local": datetime(NEXT_YEAR, 3, 2, 9, 0),
                "registration_closes_local": datetime(NEXT_YEAR, 3, 1, 9, 0),
            },
            "registration_opens",
            Problem.OPENS_AFTER_CLOSES,
        ),
    ],
)
def test_broken_rules_are_reported_on_their_field_and_nothing_is_saved(
    people, fields, field, reason
):
    with pytest.raises(WorkshopError) as caught:
        draft(people.network, **fields)
    assert (caught.value.reason, caught.value.field) == (reason, field)
    assert workshop_count() == 0


def test_limits_travel_with_the_problem(people):
    with pytest.raises(WorkshopError) as caught:
        draft(people.network, capacity=10_001, credit_hours=Decimal("1000"))
    assert [(p.reason, p.values) for p in caught.value.problems] == [
        (Problem.CAPACITY_TOO_LARGE, {"maximum": 10_000}),
        (Problem.CREDIT_HOURS_OUT_OF_RANGE, {"maximum": Decimal("999.99")}),
    ]


def test_registration_must_close_before_the_first_session(people):
    workshop = draft(people.network)
    workshops.add_session(workshop, date(NEXT_YEAR, 4, 14), time(16), time(19))
    details = WorkshopDetails.of(workshop)
    details.registration_closes_local = datetime(NEXT_YEAR, 4, 14, 17, 0)
    details.title = "Renamed"
    with pytest.raises(WorkshopError) as caught:
        workshops.update_workshop(workshop, details)
    assert caught.value.field == "registration_closes"
    from pdportal.extensions import db

    db.session.rollback()
    assert db.session.get(Workshop, workshop.id).title == "Modeling with Mathematics"


def test_registration_times_are_read_in_the_network_zone(people, make_network):
    chicago = make_network(time_zone="America/Chicago")
    workshop = draft(chicago, registration_opens_local=datetime(NEXT_YEAR, 7, 1, 8, 0))
    assert workshop.registration_opens_at == datetime(NEXT_YEAR, 7, 1, 13, 0, tzinfo=UTC)
    assert WorkshopDetails.of(workshop).registration_opens_local == datetime(NEXT_YEAR, 7, 1, 8, 0)


def test_update_saves_the_details(people):
    workshop = draft(people.network)
    details = WorkshopDetails.of(workshop)
    details.title, details.price_cents, details.topics = "Math Talks", 2500, ["mathematics"]
    assert workshops.update_workshop(workshop, details) == WorkshopSaved(capacity_change=None)
    assert (workshop.title, workshop.price_cents, workshop.topics) == (
        "Math Talks",
        2500,
        ["mathematics"],
    )


def test_a_workshop_may_keep_its_own_slug(people):
    workshop = draft(people.network, slug="keep-me")
    details = WorkshopDetails.of(workshop)
    workshops.update_workshop(workshop, details)
    assert workshop.slug == "keep-me"


# --- local time and daylight saving ----------------------------------------------------


def test_local_times_convert_to_utc_on_both_sides_of_the_fall_back():
    zone = "America/Los_Angeles"
    # 2026-11-01 is the US fall-back Sunday: PDT (UTC-7) until 2 am, then PST (UTC-8).
    assert local_to_utc(datetime(2026, 10, 31, 9, 0), zone) == datetime(
        2026, 10, 31, 16, 0, tzinfo=UTC
    )
    assert local_to_utc(datetime(2026, 11, 1, 9, 0), zone) == datetime(
        2026, 11, 1, 17, 0, tzinfo=UTC
    )
    # 1:30 happens twice; the first (daylight) one is meant.
    assert local_to_utc(datetime(2026, 11, 1, 1, 30), zone) == datetime(
        2026, 11, 1, 8, 30, tzinfo=UTC
    )
    assert utc_to_local(datetime(2026, 11, 1, 17, 0, tzinfo=UTC), zone) == datetime(
        2026, 11, 1, 9, 0
    )


def test_a_time_skipped_by_spring_forward_is_refused():
    with pytest.raises(WorkshopError) as caught:
        local_to_utc(datetime(2026, 3, 8, 2, 30), "America/New_York", field="start_time")
    assert (caught.value.reason, caught.value.field) == (Problem.TIME_SKIPPED, "start_time")
    assert caught.value.values == {
        "wall_time": datetime(2026, 3, 8, 2, 30),
        "time_zone": "America/New_York",
    }


def test_a_session_on_the_fall_back_sunday_keeps_its_local_time(people):
    workshop = draft(people.network)
    session = workshops.add_session(workshop, date(2026, 11, 1), time(9), time(12)).session
    assert session.starts_at == datetime(2026, 11, 1, 17, 0, tzinfo=UTC)
    assert session.ends_at == datetime(2026, 11, 1, 20, 0, tzinfo=UTC)
    assert session.duration_minutes == 180


def test_resaving_a_session_in_the_repeated_hour_keeps_its_instant(people):
    workshop = draft(people.network)
    session = workshops.add_session(workshop, date(2026, 11, 1), time(0, 30), time(1, 30)).session
    # 1:30 happens twice; move the end to the second 1:30 (PST), one hour later.
    session.ends_at = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)
    outcome = workshops.update_session(session, date(2026, 11, 1), time(0, 30), time(1, 30))
    assert outcome.change == SessionChange.UNCHANGED
    assert session.ends_at == datetime(2026, 11, 1, 9, 30, tzinfo=UTC)
    assert session.sequence == 0


# --- sessions ------------------------------------------------------------------------


def test_a_session_must_end_after_it_starts(people):
    workshop = draft(people.network)
    with pytest.raises(WorkshopError) as caught:
        workshops.add_session(workshop, date(NEXT_YEAR, 4, 14), time(16), time(15))
    assert (caught.value.reason, caught.value.field) == (
        Problem.SESSION_ENDS_BEFORE_START,
        "end_time",
    )
    assert workshop.sessions == []


def test_a_session_cannot_start_before_registration_closes(people):
    workshop = draft(people.network, registration_closes_local=datetime(NEXT_YEAR, 4, 10, 17, 0))
    with pytest.raises(WorkshopError) as caught:
        workshops.add_session(workshop, date(NEXT_YEAR, 4, 10), time(9), time(12))
    assert (caught.value.reason, caught.value.field) == (Problem.SESSION_BEFORE_CLOSING, "day")
    assert caught.value.values == {
        "closes_at": datetime(NEXT_YEAR, 4, 11, 0, 0, tzinfo=UTC),
        "time_zone": "America/Los_Angeles",
    }
    workshops.add_session(workshop, date(NEXT_YEAR, 4, 11), time(9), time(12))
    assert len(workshop.sessions) == 1


def test_adding_sessions_keeps_the_workshop_dates_right(people):
    workshop = draft(people.network)
    workshops.add_session(workshop, date(NEXT_YEAR, 4, 21), time(16), time(19))
    workshops.add_session(workshop, date(NEXT_YEAR, 4, 14), time(16), time(19))
    assert workshop.starts_at == datetime(NEXT_YEAR, 4, 14, 23, 0, tzinfo=UTC)
    assert workshop.ends_at == datetime(NEXT_YEAR, 4, 22, 2, 0, tzinfo=UTC)


def test_moving_a_session_raises_its_sequence_and_moves_the_workshop(people):
    workshop = draft(people.network)
    session = workshops.add_session(workshop, date(NEXT_YEAR, 4, 14), time(16), time(19)).session
    outcome = workshops.update_session(session, date(NEXT_YEAR, 4, 15), time(16), time(19))
    assert outcome.change == SessionChange.SAVED
    assert session.sequence == 1
    assert workshop.starts_at == datetime(NEXT_YEAR, 4, 15, 23, 0, tzinfo=UTC)
    workshops.update_session(session, date(NEXT_YEAR, 4, 15), time(16), time(19), "Room 204")
    assert session.sequence == 2


def test_saving_a_session_unchanged_keeps_its_sequence(people):
    workshop = draft(people.network)
    session = workshops.add_session(workshop, date(NEXT_YEAR, 4, 14), time(16), time(19)).session
    outcome = workshops.update_session(session, date(NEXT_YEAR, 4, 14), time(16), time(19))
    assert outcome.change == SessionChange.UNCHANGED
    assert session.sequence == 0


def test_removing_a_draft_session_deletes_it(people):
    workshop = draft(people.network)
    session = workshops.add_session(workshop, date(NEXT_YEAR, 4, 14), time(16), time(19)).session
    assert workshops.remove_session(session).change == SessionChange.REMOVED
    from pdportal.extensions import db

    assert db.session.scalar(select(func.count(WorkshopSession.id))) == 0
    assert workshop.starts_at is None


def test_removing_a_published_session_cancels_it_for_calendars(make_workshop, people):
    workshop = make_workshop(network=people.network, sessions=2)
    first, second = workshop.sessions
    assert workshops.remove_session(first).change == SessionChange.CANCELLED
    assert first.is_cancelled and first.sequence == 1
    assert workshop.starts_at == second.starts_at


def test_a_published_workshop_keeps_at_least_one_session(make_workshop, people):
    workshop = make_workshop(network=people.network, sessions=1)
    with pytest.raises(WorkshopError) as caught:
        workshops.remove_session(workshop.sessions[0])
    assert caught.value.reason == Problem.LAST_SESSION
    assert not workshop.sessions[0].is_cancelled


def test_refresh_schedule_ignores_cancelled_sessions(make_workshop, people):
    workshop = make_workshop(network=people.network, sessions=3)
    workshop.sessions[2].is_cancelled = True
    workshops.refresh_schedule(workshop)
    assert workshop.ends_at == workshop.sessions[1].ends_at


# --- status ---------------------------------------------------------------------------


def test_publishing_needs_a_session(people):
    workshop = draft(people.network)
    with pytest.raises(WorkshopError) as caught:
        workshops.publish_workshop(workshop)
    assert [problem.reason for problem in caught.value.problems] == [Problem.PUBLISH_NO_SESSION]
    workshops.add_session(workshop, date(NEXT_YEAR, 4, 14), time(16), time(19))
    workshops.publish_workshop(workshop)
    assert workshop.status == WorkshopStatus.PUBLISHED


def test_unpublishing_returns_an_unregistered_workshop_to_draft(make_workshop, people):
    workshop = make_workshop(network=people.network)
    workshops.unpublish_workshop(workshop)
    assert workshop.status == WorkshopStatus.DRAFT


def test_cancelling_needs_a_reason(make_workshop, people):
    workshop = make_workshop(network=people.network)
    with pytest.raises(WorkshopError) as caught:
        workshops.cancel_workshop(workshop, people.admin, "  ")
    assert (caught.value.reason, caught.value.field) == (Problem.REASON_MISSING, "reason")
    assert workshop.status == WorkshopStatus.PUBLISHED


# --- duplicate ------------------------------------------------------------------------


def test_duplicate_copies_everything_as_a_draft_weeks_later(make_workshop, people, make_user):
    facilitator: User = make_user(name="Fran Facilitator")
    original = make_workshop(
        "Math Circles",
        network=people.network,
        sessions=2,
        facilitators=[facilitator],
        topics=["mathematics"],
        price_cents=2500,
        venue="ESD 121",
    )
    copy = workshops.duplicate_workshop(original, weeks=4)
    assert copy.status == WorkshopStatus.DRAFT
    assert copy.slug not in {original.slug, ""}
    assert (copy.title, copy.topics, copy.price_cents, copy.venue) == (
        "Math Circles",
        ["mathematics"],
        2500,
        "ESD 121",
    )
    assert copy.facilitators == [facilitator]
    zone = people.network.time_zone
    assert [utc_to_local(s.starts_at, zone) for s in copy.sessions] == [
        utc_to_local(s.starts_at, zone) + timedelta(weeks=4) for s in original.sessions
    ]
    assert copy.starts_at == copy.sessions[0].starts_at
    assert len(original.sessions) == 2  # the original is untouched


def test_duplicate_keeps_local_time_across_daylight_saving(people):
    original = draft(people.network)
    # 9 am PDT on Oct 25 → four weeks later is Nov 22, 9 am PST.
    workshops.add_session(original, date(2026, 10, 25), time(9), time(12))
    copy = workshops.duplicate_workshop(original, weeks=4)
    assert copy.sessions[0].starts_at == datetime(2026, 11, 22, 17, 0, tzinfo=UTC)


def test_duplicate_takes_a_chosen_slug_or_refuses_a_taken_one(make_workshop, people):
    original = make_workshop(network=people.network, slug="series-fall")
    assert workshops.duplicate_workshop(original, weeks=1, slug="series-winter").slug == (
        "series-winter"
    )
    with pytest.raises(WorkshopError) as caught:
        workshops.duplicate_workshop(original, weeks=1, slug="series-fall")
    assert caught.value.field == "slug"
    assert workshop_count() == 2


# --- facilitators ---------------------------------------------------------------------


def test_facilitators_are_assigned_by_email_of_an_existing_account(make_workshop, people):
    workshop = make_workshop(network=people.network)
    assert workshops.assign_facilitator(workshop, " Teacher@School.example ") == people.educator
    assert workshop.facilitators == [people.educator]
    with pytest.raises(WorkshopError) as caught:
        workshops.assign_facilitator(workshop, "teacher@school.example")
    assert (caught.value.reason, caught.value.values) == (
        Problem.ALREADY_FACILITATES,
        {"name": "Tess Teacher"},
    )
    workshops.remove_facilitator(workshop, people.educator)
    assert workshop.facilitators == []
    with pytest.raises(WorkshopError) as caught:
        workshops.remove_facilitator(workshop, people.educator)
    assert caught.value.reason == Problem.NOT_A_FACILITATOR


def test_an_unknown_email_asks_them_to_sign_up(make_workshop, people):
    workshop = make_workshop(network=people.network)
    with pytest.raises(WorkshopError) as caught:
        workshops.assign_facilitator(workshop, "nobody@example.org")
    assert (caught.value.reason, caught.value.field) == (Problem.NO_ACCOUNT, "email")


def test_a_new_venue_raises_every_sessions_sequence(make_workshop, people):
    workshop = make_workshop(network=people.network, sessions=2, venue="Room 1")
    details = WorkshopDetails.of(workshop)
    details.venue = "Room 2"
    workshops.update_workshop(workshop, details)
    assert [s.sequence for s in workshop.sessions] == [1, 1]
    details.summary = "Only the summary changes."
    workshops.update_workshop(workshop, details)
    assert [s.sequence for s in workshop.sessions] == [1, 1]
