"""The session roster: who may see it, marking, mark all present, walk-ins, the audit trail."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from pdportal.models import (
    Attendance,
    AttendanceChange,
    AttendanceSource,
    AttendanceStatus,
    Registration,
    RegistrationStatus,
)
from pdportal.services import attendance
from pdportal.services.attendance import AttendanceError, AttendanceRefusal
from tests.conftest import recorded_statements


@pytest.fixture
def team(make_user, make_network, make_workshop, enrol):
    """A workshop, its facilitator and admin, an educator, and strangers."""
    network = make_network()
    other_network = make_network()
    facilitator = make_user(name="Frances Facilitator")
    # The first session began an hour ago (attendance is taken once it has begun); the
    # second is next week.
    began = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(hours=1)
    workshop = make_workshop(
        network=network, facilitators=[facilitator], sessions=2, starts_at=began
    )
    other_facilitator = make_user(name="Other Facilitator")
    make_workshop(network=network, facilitators=[other_facilitator])
    educator = make_user(name="Zoë O'Brien-Łukasz", school="Rainier Middle School")
    registration = enrol(educator, workshop)
    return {
        "workshop": workshop,
        "session": workshop.sessions[0],
        "registration": registration,
        "facilitator": facilitator,
        "admin": make_user(name="Nina Admin", admin_of=network),
        "site_admin": make_user(is_site_admin=True),
        "educator": educator,
        "other_facilitator": other_facilitator,
        "other_admin": make_user(admin_of=other_network),
    }


ROSTER_PAGES = [
    "/facilitate/sessions/{session}",
    "/facilitate/sessions/{session}/checkin",
    "/facilitate/sessions/{session}/sign-in-sheet.pdf",
    "/facilitate/workshops/{slug}",
    "/facilitate/workshops/{slug}/evaluations",
]


@pytest.mark.parametrize("path", ROSTER_PAGES)
@pytest.mark.parametrize(
    ("role", "status"),
    [
        (None, 302),
        ("educator", 403),
        ("other_facilitator", 403),
        ("other_admin", 403),
        ("facilitator", 200),
        ("admin", 200),
        ("site_admin", 200),
    ],
)
def test_roster_pages_are_for_the_workshops_team_only(client, auth, team, path, role, status):
    if role:
        auth.login(team[role])
    url = path.format(session=team["session"].id, slug=team["workshop"].slug)
    response = client.get(url)
    assert response.status_code == status
    if status == 302:
        assert "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["educator", "other_facilitator", "other_admin"])
def test_outsiders_cannot_mark_attendance(client, auth, team, role, db):
    auth.login(team[role])
    response = client.post(
        f"/facilitate/sessions/{team['session'].id}/attendance",
        data={"registration_id": team["registration"].id, "status": "present"},
    )
    assert response.status_code == 403
    assert (
        client.post(f"/facilitate/sessions/{team['session'].id}/mark-all-present").status_code
        == 403
    )
    assert db.session.scalar(select(Attendance)) is None


@pytest.mark.parametrize("bad_id", ["99999999999999999999999", "-1", "abc", ""])
def test_a_bad_registration_id_is_refused_and_changes_nothing(client, auth, team, db, bad_id):
    auth.login(team["facilitator"])
    response = client.post(
        f"/facilitate/sessions/{team['session'].id}/attendance",
        data={"registration_id": bad_id, "status": "present"},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "That person is not on this roster." in response.get_data(as_text=True)
    assert db.session.scalar(select(Attendance)) is None


def test_roster_lists_confirmed_registrants_only(client, auth, team, make_user, enrol):
    enrol(make_user(name="Walter Waitlisted"), team["workshop"], RegistrationStatus.WAITLISTED)
    auth.login(team["facilitator"])
    page = client.get(f"/facilitate/sessions/{team['session'].id}").get_data(as_text=True)
    assert "Zoë O&#39;Brien-Łukasz" in page and "Rainier Middle School" in page
    assert "Walter Waitlisted" not in page
    assert "Changes to attendance" not in page  # the audit trail is for admins


def test_one_tap_present_records_the_whole_session_and_is_audited(client, auth, team, db):
    auth.login(team["facilitator"])
    session = team["session"]
    response = client.post(
        f"/facilitate/sessions/{session.id}/attendance",
        data={"registration_id": team["registration"].id, "status": "present"},
    )
    assert response.status_code == 302
    mark = db.session.scalar(select(Attendance))
    assert (mark.status, mark.minutes_attended) == (AttendanceStatus.PRESENT, 180)
    assert mark.marked_by_id == team["facilitator"].id

    client.post(
        f"/facilitate/sessions/{session.id}/attendance",
        data={"registration_id": team["registration"].id, "status": "late", "minutes": "150"},
    )
    changes = db.session.scalars(select(AttendanceChange).order_by(AttendanceChange.id)).all()
    assert [(c.from_status, c.to_status, c.to_minutes) for c in changes] == [
        (None, AttendanceStatus.PRESENT, 180),
        (AttendanceStatus.PRESENT, AttendanceStatus.LATE, 150),
    ]
    assert all(c.changed_by_id == team["facilitator"].id for c in changes)

    auth.login(team["admin"])
    page = client.get(f"/facilitate/sessions/{session.id}").get_data(as_text=True)
    assert "Changes to attendance" in page and "Frances Facilitator" in page


def test_late_without_minutes_is_refused_next_to_the_row(client, auth, team, db):
    auth.login(team["facilitator"])
    session_id, registration_id = team["session"].id, team["registration"].id
    response = client.post(
        f"/facilitate/sessions/{session_id}/attendance",
        data={"registration_id": registration_id, "status": "late"},
    )
    assert response.status_code == 302
    roster = f"/facilitate/sessions/{session_id}"
    assert response.headers["Location"] == f"{roster}#row-{registration_id}"
    page = client.get(roster).get_data(as_text=True)
    assert (
        f'<p class="error" id="error-{registration_id}">Late means fewer minutes than the '
        "session&#39;s 180: enter the minutes actually attended.</p>"
    ) in page
    assert db.session.scalar(select(Attendance)) is None


@pytest.mark.parametrize(
    ("minutes", "message"),
    [
        ("-5", "Enter 0 to 180 minutes."),
        ("181", "Enter 0 to 180 minutes."),
        ("abc", "Enter 0 to 180 minutes."),
    ],
)
def test_bad_minutes_change_nothing(client, auth, team, db, minutes, message):
    auth.login(team["facilitator"])
    session_id, registration_id = team["session"].id, team["registration"].id
    response = client.post(
        f"/facilitate/sessions/{session_id}/attendance",
        data={"registration_id": registration_id, "status": "present", "minutes": minutes},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert response.request.path == f"/facilitate/sessions/{session_id}"
    page = response.get_data(as_text=True)
    assert f'<p class="error" id="error-{registration_id}">{message}</p>' in page
    assert db.session.scalar(select(Attendance)) is None


@pytest.mark.parametrize("status", ["present", "late", "left_early"])
def test_attending_for_zero_minutes_is_refused(client, auth, team, db, status):
    auth.login(team["facilitator"])
    session_id, registration_id = team["session"].id, team["registration"].id
    page = client.post(
        f"/facilitate/sessions/{session_id}/attendance",
        data={"registration_id": registration_id, "status": status, "minutes": "0"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Enter 1 to 180 minutes, or mark them absent." in page
    assert db.session.scalar(select(Attendance)) is None


def test_minutes_are_limited_to_the_sessions_length(client, auth, make_user, past_workshop, enrol):
    facilitator = make_user()
    workshop = past_workshop(facilitators=[facilitator], session_hours=6)
    registration = enrol(make_user(name="Rosa Row"), workshop)
    session_id = workshop.sessions[0].id
    auth.login(facilitator)
    page = client.post(
        f"/facilitate/sessions/{session_id}/attendance",
        data={"registration_id": registration.id, "status": "present", "minutes": "-5"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Enter 0 to 360 minutes." in page and "1440" not in page
    assert 'max="360"' in page
    assert 'value="-5"' in page  # kept as typed, to correct it


def test_a_refused_mark_leaves_the_roster_address_so_a_refresh_does_not_resubmit(
    client, auth, team, db
):
    auth.login(team["facilitator"])
    session_id, registration_id = team["session"].id, team["registration"].id
    response = client.post(
        f"/facilitate/sessions/{session_id}/attendance",
        data={"registration_id": registration_id, "status": "late", "minutes": "999"},
        follow_redirects=True,
    )
    assert response.request.path == f"/facilitate/sessions/{session_id}"
    assert "Enter 0 to 180 minutes." in response.get_data(as_text=True)
    # Refreshing the roster shows it fresh: the error was shown once, nothing was saved.
    again = client.get(f"/facilitate/sessions/{session_id}").get_data(as_text=True)
    assert "Enter 0 to 180 minutes." not in again
    assert f'id="error-{registration_id}"' not in again
    assert db.session.scalar(select(Attendance)) is None


def test_a_registration_of_another_workshop_cannot_be_marked(
    client, auth, team, make_workshop, make_user, enrol, db
):
    stranger = enrol(make_user(), make_workshop())
    auth.login(team["facilitator"])
    client.post(
        f"/facilitate/sessions/{team['session'].id}/attendance",
        data={"registration_id": stranger.id, "status": "present"},
    )
    assert db.session.scalar(select(Attendance)) is None


def test_excused_and_absent_earn_no_minutes(team):
    for status in (AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED):
        result = attendance.record(
            team["session"], team["registration"], status, 90, team["facilitator"]
        )
        assert result.attendance.minutes_attended == 0


def test_mark_all_present_leaves_existing_marks_alone(team, make_user, enrol, db):
    session = team["session"]
    attendance.record(
        session, team["registration"], AttendanceStatus.ABSENT, None, team["facilitator"]
    )
    other = enrol(make_user(), team["workshop"])

    assert attendance.mark_all_present(session, team["facilitator"]) == 1

    marks = {a.registration_id: a.status for a in db.session.scalars(select(Attendance))}
    assert marks == {
        team["registration"].id: AttendanceStatus.ABSENT,
        other.id: AttendanceStatus.PRESENT,
    }


def test_same_mark_twice_is_not_a_change(team, db):
    session, registration = team["session"], team["registration"]
    attendance.record(session, registration, AttendanceStatus.PRESENT, None, team["facilitator"])
    result = attendance.record(
        session, registration, AttendanceStatus.PRESENT, None, team["facilitator"]
    )
    assert not result.changed
    assert len(db.session.scalars(select(AttendanceChange)).all()) == 1


def test_the_flash_says_what_was_recorded(client, auth, team):
    auth.login(team["facilitator"])
    url = f"/facilitate/sessions/{team['session'].id}/attendance"
    row = {"registration_id": team["registration"].id}
    name = "Zoë O&#39;Brien-Łukasz"
    page = client.post(url, data={**row, "status": "late", "minutes": "150"}, follow_redirects=True)
    assert f"{name}: late, 150 minutes." in page.get_data(as_text=True)
    page = client.post(url, data={**row, "status": "late", "minutes": "150"}, follow_redirects=True)
    assert f"{name} was already late." in page.get_data(as_text=True)
    page = client.post(url, data={**row, "status": "absent"}, follow_redirects=True)
    assert f"{name}: absent.</" in page.get_data(as_text=True)
    mark_all = f"/facilitate/sessions/{team['session'].id}/mark-all-present"
    page = client.post(mark_all, follow_redirects=True).get_data(as_text=True)
    assert "Everyone on the roster already has a mark." in page


def test_marking_everyone_present_asks_first_with_the_count(client, auth, team, db):
    auth.login(team["facilitator"])
    mark_all = f"/facilitate/sessions/{team['session'].id}/mark-all-present"
    asked = client.post(mark_all)
    text = asked.get_data(as_text=True)
    assert asked.status_code == 200 and 'name="confirmed" value="1"' in text
    assert "1 person without a mark yet is marked present for the whole session" in text
    assert db.session.scalar(select(Attendance)) is None
    done = client.post(mark_all, data={"confirmed": "1"}, follow_redirects=True)
    assert "Marked 1 more present" in done.get_data(as_text=True)
    assert db.session.scalar(select(Attendance)).status == AttendanceStatus.PRESENT


def test_cancelled_session_takes_no_attendance(team, db):
    team["session"].is_cancelled = True
    db.session.commit()
    with pytest.raises(AttendanceError) as refused:
        attendance.record(
            team["session"],
            team["registration"],
            AttendanceStatus.PRESENT,
            None,
            team["facilitator"],
        )
    assert refused.value.reason == AttendanceRefusal.SESSION_CANCELLED
    with pytest.raises(AttendanceError) as refused:
        attendance.mark_all_present(team["session"], team["facilitator"])
    assert refused.value.reason == AttendanceRefusal.SESSION_CANCELLED


def test_a_cancelled_session_is_said_in_words_on_the_roster(client, auth, team, db):
    team["session"].is_cancelled = True
    db.session.commit()
    auth.login(team["facilitator"])
    page = client.post(
        f"/facilitate/sessions/{team['session'].id}/mark-all-present", follow_redirects=True
    ).get_data(as_text=True)
    assert "This session was cancelled; attendance cannot be taken." in page


@pytest.mark.parametrize(
    ("status", "minutes", "reason", "values"),
    [
        (
            AttendanceStatus.LATE,
            None,
            AttendanceRefusal.MINUTES_NEEDED,
            {"status": AttendanceStatus.LATE, "session_minutes": 180},
        ),
        (
            AttendanceStatus.LEFT_EARLY,
            180,
            AttendanceRefusal.MINUTES_NEEDED,
            {"status": AttendanceStatus.LEFT_EARLY, "session_minutes": 180},
        ),
        (
            AttendanceStatus.PRESENT,
            0,
            AttendanceRefusal.MINUTES_OUT_OF_RANGE,
            {"session_minutes": 180},
        ),
        (
            AttendanceStatus.LATE,
            0,
            AttendanceRefusal.MINUTES_OUT_OF_RANGE,
            {"session_minutes": 180},
        ),
    ],
)
def test_minutes_that_do_not_fit_the_mark_are_refused_with_the_sessions_length(
    team, status, minutes, reason, values
):
    with pytest.raises(AttendanceError) as refused:
        attendance.record(
            team["session"], team["registration"], status, minutes, team["facilitator"]
        )
    assert (refused.value.reason, refused.value.values) == (reason, values)


def test_only_confirmed_registrants_of_the_workshop_are_marked(
    team, make_user, make_workshop, enrol
):
    waitlisted = enrol(make_user(), team["workshop"], RegistrationStatus.WAITLISTED)
    stranger = enrol(make_user(), make_workshop())
    for registration, reason in (
        (waitlisted, AttendanceRefusal.NOT_CONFIRMED),
        (stranger, AttendanceRefusal.NOT_THIS_WORKSHOP),
    ):
        with pytest.raises(AttendanceError) as refused:
            attendance.record(
                team["session"], registration, AttendanceStatus.PRESENT, None, team["facilitator"]
            )
        assert refused.value.reason == reason


def test_walk_in_is_seated_and_marked_present(client, auth, team, make_user, db):
    walker = make_user(email="walker@example.org", name="Walker In")
    auth.login(team["facilitator"])
    response = client.post(
        f"/facilitate/sessions/{team['session'].id}/walk-in", data={"email": "Walker@Example.org"}
    )
    assert response.status_code == 302
    registration = db.session.scalar(select(Registration).where(Registration.user_id == walker.id))
    assert registration.status == RegistrationStatus.CONFIRMED
    mark = db.session.scalar(
        select(Attendance).where(Attendance.registration_id == registration.id)
    )
    assert mark.status == AttendanceStatus.PRESENT and mark.source == AttendanceSource.WALK_IN


def test_walk_in_without_an_account_explains_next_to_the_field(client, auth, team):
    auth.login(team["facilitator"])
    response = client.post(
        f"/facilitate/sessions/{team['session'].id}/walk-in", data={"email": "nobody@example.org"}
    )
    assert response.status_code == 400
    assert "sign up first" in response.get_data(as_text=True)


def test_sign_in_sheet_lists_the_confirmed_registrants(client, auth, team):
    auth.login(team["facilitator"])
    response = client.get(f"/facilitate/sessions/{team['session'].id}/sign-in-sheet.pdf")
    assert response.mimetype == "application/pdf"
    text = PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    assert "Zoë O'Brien-Łukasz" in text and "Signature" in text


def test_facilitate_index_lists_my_workshops_and_links_the_registrations_roster(
    client, auth, team, app
):
    auth.login(team["facilitator"])
    page = client.get("/facilitate/").get_data(as_text=True)
    assert team["workshop"].title in page
    assert "facilitate.roster" in app.view_functions
    detail = client.get(f"/facilitate/workshops/{team['workshop'].slug}").get_data(as_text=True)
    assert f"/facilitate/workshops/{team['workshop'].slug}/roster" in detail


def test_facilitate_index_is_refused_to_an_educator_who_facilitates_nothing(client, auth, team):
    auth.login(team["educator"])
    assert client.get("/facilitate/").status_code == 403
    auth.login(team["admin"])
    assert client.get("/facilitate/").status_code == 200


def test_facilitate_index_puts_todays_sessions_first(
    client, auth, make_user, make_workshop, make_network
):
    facilitator = make_user()
    network = make_network(time_zone="UTC")
    make_workshop(title="Next Week Workshop", network=network, facilitators=[facilitator])
    make_workshop(
        title="Today Workshop",
        network=network,
        facilitators=[facilitator],
        starts_at=datetime.now(UTC).replace(second=0, microsecond=0),
        session_hours=1,
    )
    auth.login(facilitator)
    page = client.get("/facilitate/").get_data(as_text=True)
    today_section, upcoming_section = page.split("<h2>Upcoming</h2>")
    assert "Today Workshop" in today_section and "Take attendance" in today_section
    assert "Next Week Workshop" not in today_section
    assert "Next Week Workshop" in upcoming_section
    assert "Today Workshop" not in upcoming_section  # listed once, under Today


def _facilitate_sections(page: str) -> dict[str, str]:
    today = page.split("<h2>Today</h2>")[1]
    today, upcoming = today.split("<h2>Upcoming</h2>")
    upcoming, past = upcoming.split("<h2>Past</h2>")
    return {"today": today, "upcoming": upcoming, "past": past}


def test_facilitate_index_groups_workshops_as_today_upcoming_and_past(
    client, auth, make_user, make_workshop, make_network
):
    facilitator = make_user()
    network = make_network(time_zone="UTC")
    now = datetime.now(UTC).replace(second=0, microsecond=0)

    def workshop(title: str, starts_at: datetime, **fields) -> None:
        make_workshop(
            title=title, network=network, facilitators=[facilitator], starts_at=starts_at, **fields
        )

    workshop("Three Weeks Ago", now - timedelta(days=21))
    workshop("In Three Weeks", now + timedelta(days=21))
    workshop("Last Week", now - timedelta(days=7))
    workshop("Tomorrow", now + timedelta(days=1))
    workshop("Right Now", now, session_hours=1)
    # Met 10 and 3 days ago, meets again in 4 days: still upcoming.
    workshop("Halfway Through", now - timedelta(days=10), sessions=3)
    auth.login(facilitator)

    sections = _facilitate_sections(client.get("/facilitate/").get_data(as_text=True))

    def order(section: str, titles: list[str]) -> list[str]:
        found = [t for t in titles if t in sections[section]]
        return sorted(found, key=sections[section].index)

    everything = [
        "Three Weeks Ago",
        "In Three Weeks",
        "Last Week",
        "Tomorrow",
        "Right Now",
        "Halfway Through",
    ]
    assert order("today", everything) == ["Right Now"]
    assert order("upcoming", everything) == ["Tomorrow", "Halfway Through", "In Three Weeks"]
    assert order("past", everything) == ["Last Week", "Three Weeks Ago"]  # most recent first
    assert "3 sessions" in sections["upcoming"] and "1 session<" in sections["past"]


def test_facilitate_index_runs_the_same_queries_for_few_or_many_workshops(
    client, auth, make_user, make_workshop, make_network, db
):
    facilitator = make_user()
    network = make_network()
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    auth.login(facilitator)

    def count() -> int:
        with recorded_statements() as statements:
            assert client.get("/facilitate/").status_code == 200
        return len(statements)

    for offset in (-7, 0, 7):
        make_workshop(
            network=network, facilitators=[facilitator], starts_at=now + timedelta(days=offset)
        )
    few = count()
    for offset in range(-40, 40, 3):
        make_workshop(
            network=network,
            facilitators=[facilitator],
            starts_at=now + timedelta(days=offset),
            sessions=2,
        )
    assert count() == few


def test_workshop_page_links_certificates_for_those_who_may_issue_them(client, auth, team):
    slug = team["workshop"].slug
    link = f'href="/facilitate/workshops/{slug}/certificates"'
    for role in ("admin", "site_admin"):
        auth.login(team[role])
        page = client.get(f"/facilitate/workshops/{slug}").get_data(as_text=True)
        assert link in page and ">Certificates</a>" in page
        assert client.get(f"/facilitate/workshops/{slug}/certificates").status_code == 200
    auth.login(team["facilitator"])
    page = client.get(f"/facilitate/workshops/{slug}").get_data(as_text=True)
    assert link not in page
    assert f"/facilitate/workshops/{slug}/evaluations" in page


def test_a_refused_mark_is_said_once_next_to_its_row_and_the_flash_points_there(client, auth, team):
    auth.login(team["facilitator"])
    session, registration = team["session"], team["registration"]
    response = client.post(
        f"/facilitate/sessions/{session.id}/attendance",
        data={"registration_id": registration.id, "status": "late", "minutes": ""},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    refusal = "Late means fewer minutes than the session&#39;s 180"
    assert page.count(refusal) == 1
    assert f'aria-describedby="error-{registration.id}"' in page
    assert "Not saved for Zoë O&#39;Brien-Łukasz: see their row." in page


# --- attendance only once a session has begun (issue 11) -----------------------------


@pytest.fixture
def next_week(team):
    """The team's second session: next week."""
    return team["workshop"].sessions[1]


def test_a_session_that_has_not_begun_takes_no_mark(team, next_week, db):
    with pytest.raises(AttendanceError) as refused:
        attendance.record(
            next_week, team["registration"], AttendanceStatus.PRESENT, None, team["facilitator"]
        )
    assert refused.value.reason == AttendanceRefusal.NOT_BEGUN
    assert refused.value.values["starts_at"] == next_week.starts_at
    assert db.session.scalar(select(Attendance)) is None
    assert db.session.scalar(select(AttendanceChange)) is None


def test_a_session_is_markable_from_the_minute_it_begins(team, next_week):
    just_before = next_week.starts_at - timedelta(seconds=1)
    with pytest.raises(AttendanceError):
        attendance.record(
            next_week,
            team["registration"],
            AttendanceStatus.PRESENT,
            None,
            team["facilitator"],
            now=just_before,
        )
    result = attendance.record(
        next_week,
        team["registration"],
        AttendanceStatus.PRESENT,
        None,
        team["facilitator"],
        now=next_week.starts_at,
    )
    assert result.changed


def test_mark_everyone_present_is_refused_before_the_session_begins(team, next_week, db):
    with pytest.raises(AttendanceError) as refused:
        attendance.mark_all_present(next_week, team["facilitator"])
    assert refused.value.reason == AttendanceRefusal.NOT_BEGUN
    assert db.session.scalar(select(Attendance)) is None


def test_a_walk_in_is_refused_before_the_session_begins(team, next_week, make_user, db):
    walker = make_user(email="early@example.org")
    with pytest.raises(AttendanceError) as refused:
        attendance.add_walk_in(next_week, walker.email, team["facilitator"])
    assert refused.value.reason == AttendanceRefusal.NOT_BEGUN
    assert db.session.scalar(select(Registration).where(Registration.user_id == walker.id)) is None


def test_a_tap_on_next_weeks_roster_is_refused_in_words(client, auth, team, next_week, db):
    auth.login(team["facilitator"])
    response = client.post(
        f"/facilitate/sessions/{next_week.id}/attendance",
        data={"registration_id": team["registration"].id, "status": "present"},
        follow_redirects=True,
    )
    assert "This session has not begun" in response.get_data(as_text=True)
    assert db.session.scalar(select(Attendance)) is None
    response = client.post(
        f"/facilitate/sessions/{next_week.id}/mark-all-present", follow_redirects=True
    )
    assert "This session has not begun" in response.get_data(as_text=True)
    assert db.session.scalar(select(Attendance)) is None


def test_next_weeks_roster_shows_names_but_no_marking_buttons(client, auth, team, next_week):
    auth.login(team["facilitator"])
    page = client.get(f"/facilitate/sessions/{next_week.id}").get_data(as_text=True)
    assert "Zoë O&#39;Brien-Łukasz" in page or "Zoë O'Brien-Łukasz" in page
    assert 'name="status"' not in page
    assert "mark-all-present" not in page
    assert "walk-in" not in page
    assert 'id="not-begun"' in page


def test_an_admin_still_corrects_a_past_session_with_the_audit_trail(
    past_workshop, make_user, enrol, db
):
    workshop = past_workshop()
    admin = make_user(admin_of=workshop.network)
    registration = enrol(make_user(), workshop)
    session = workshop.sessions[0]
    attendance.record(session, registration, AttendanceStatus.PRESENT, None, admin)
    attendance.record(session, registration, AttendanceStatus.LATE, 90, admin)
    changes = db.session.scalars(select(AttendanceChange)).all()
    assert [(c.from_status, c.to_status) for c in changes] == [
        (None, AttendanceStatus.PRESENT),
        (AttendanceStatus.PRESENT, AttendanceStatus.LATE),
    ]
