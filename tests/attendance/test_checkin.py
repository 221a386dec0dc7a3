"""Self check-in: rotating codes, the window, logging in first, marking only oneself."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from pdportal.blueprints.facilitate import messages
from pdportal.i18n import format_local, format_local_time
from pdportal.models import Attendance, AttendanceSource, AttendanceStatus
from pdportal.services import accounts
from pdportal.services.attendance import checkin
from pdportal.services.attendance.checkin import CheckIn, CheckInError, CheckInRefusal
from tests.conftest import TEST_PASSWORD


@pytest.fixture
def live(make_user, make_workshop, enrol):
    """A one-hour session that started ten minutes ago, a facilitator and a registrant."""
    facilitator = make_user(name="Frances Facilitator")
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=10)
    workshop = make_workshop(facilitators=[facilitator], starts_at=start, session_hours=1)
    educator = make_user(name="José Ñúñez")
    registration = enrol(educator, workshop)
    return workshop.sessions[0], educator, registration, facilitator


def test_code_is_valid_for_the_current_and_previous_step_only(live):
    session = live[0]
    now = session.starts_at + timedelta(minutes=5)
    code = checkin.current_code(session, now)
    assert checkin.is_code_valid(session, code, now)
    assert checkin.is_code_valid(session, code, now + timedelta(seconds=30))
    assert not checkin.is_code_valid(session, code, now + timedelta(seconds=60))
    assert not checkin.is_code_valid(session, code, now - timedelta(seconds=30))


def test_codes_differ_per_session_and_step(live, make_workshop):
    session = live[0]
    other = make_workshop().sessions[0]
    now = session.starts_at
    assert checkin.current_code(session, now) != checkin.current_code(other, now)
    assert checkin.current_code(session, now) != checkin.current_code(
        session, now + timedelta(seconds=30)
    )


@pytest.mark.parametrize(
    ("offset", "allowed"),
    [
        (timedelta(minutes=-31), False),
        (timedelta(minutes=-30), True),
        (timedelta(minutes=0), True),
        (timedelta(minutes=60), True),  # the session's end
        (timedelta(minutes=60, seconds=1), False),
    ],
)
def test_check_in_window_runs_from_30_minutes_before_until_the_end(live, offset, allowed, db):
    session, educator = live[0], live[1]
    now = session.starts_at + offset
    code = checkin.current_code(session, now)
    if allowed:
        assert checkin.check_in(session, educator, code, now) == CheckIn.CHECKED_IN
        assert checkin.check_in(session, educator, code, now) == CheckIn.ALREADY_CHECKED_IN
        mark = db.session.scalar(select(Attendance))
        assert mark.status == AttendanceStatus.PRESENT
        assert mark.source == AttendanceSource.SELF_CHECKIN
        assert mark.minutes_attended == 60
    else:
        with pytest.raises(CheckInError) as refused:
            checkin.check_in(session, educator, code, now)
        assert refused.value.reason in (CheckInRefusal.NOT_OPEN_YET, CheckInRefusal.CLOSED)


def test_an_old_code_is_refused(live):
    session, educator = live[0], live[1]
    now = session.starts_at
    stale = checkin.current_code(session, now - timedelta(minutes=2))
    with pytest.raises(CheckInError) as refused:
        checkin.check_in(session, educator, stale, now)
    assert refused.value.reason == CheckInRefusal.CODE_EXPIRED


def test_a_cancelled_session_takes_no_check_in(live, db):
    session, educator = live[0], live[1]
    session.is_cancelled = True
    db.session.commit()
    now = session.starts_at
    with pytest.raises(CheckInError) as refused:
        checkin.check_in(session, educator, checkin.current_code(session, now), now)
    assert refused.value.reason == CheckInRefusal.SESSION_CANCELLED


def test_someone_not_registered_cannot_check_in(live, make_user, db):
    session = live[0]
    now = session.starts_at
    with pytest.raises(CheckInError) as refused:
        checkin.check_in(session, make_user(), checkin.current_code(session, now), now)
    assert refused.value.reason == CheckInRefusal.NOT_REGISTERED
    assert db.session.scalar(select(Attendance)) is None


def test_scan_log_in_confirm_marks_only_the_signed_in_educator(
    client, auth, live, make_user, enrol, db
):
    session, educator, registration, _ = live
    bystander = enrol(make_user(name="Bystander"), session.workshop)
    code = checkin.current_code(session, datetime.now(UTC))
    url = f"/facilitate/checkin/{session.id}/{code}"

    # Anonymous: sent to log in, coming back with a grant that outlives the 30-second code.
    response = client.get(url)
    assert response.status_code == 302
    login = urlsplit(response.headers["Location"])
    assert login.path == "/auth/login"
    back = parse_qs(login.query)["next"][0]
    assert back.startswith(url) and "grant=" in back

    auth.login(educator)
    page = client.get(back)
    assert page.status_code == 200
    assert "Check me in" in page.get_data(as_text=True)
    assert db.session.scalar(select(Attendance)) is None  # GET changes nothing

    grant = parse_qs(urlsplit(back).query)["grant"][0]
    response = client.post(url, data={"code": code, "grant": grant})
    assert response.status_code == 302
    [mark] = db.session.scalars(select(Attendance)).all()
    assert mark.registration_id == registration.id != bystander.id
    assert mark.marked_by_id == educator.id
    done = client.get(response.headers["Location"])
    assert done.status_code == 200 and session.workshop.title in done.get_data(as_text=True)


def test_the_checked_in_page_is_only_for_the_workshops_registrants(client, auth, live, make_user):
    session, *_ = live
    auth.login(make_user(name="Not Registered"))
    assert client.get(f"/facilitate/checkin/{session.id}/done").status_code == 404


def test_grant_is_for_one_session_and_the_person_or_browser_it_was_given_to(
    live, make_workshop, make_user
):
    session, educator = live[0], live[1]
    other = make_workshop().sessions[0]
    code = checkin.current_code(session, session.starts_at)
    anonymous = checkin.grant_for(session, code, session.starts_at, None, "browser-a")
    personal = checkin.grant_for(session, code, session.starts_at, educator)
    stranger = make_user()
    assert checkin.has_valid_grant(session, anonymous, educator, "browser-a")
    assert not checkin.has_valid_grant(session, anonymous, educator, "browser-b")
    assert not checkin.has_valid_grant(session, anonymous, educator)
    assert checkin.has_valid_grant(session, personal, educator)
    assert not checkin.has_valid_grant(session, personal, stranger, "browser-a")
    assert not checkin.has_valid_grant(other, anonymous, educator, "browser-a")
    assert not checkin.has_valid_grant(session, anonymous + "x", educator, "browser-a")
    with pytest.raises(CheckInError) as refused:
        checkin.grant_for(session, code, session.starts_at, None)  # bound to nobody
    assert refused.value.reason == CheckInRefusal.SCAN_AGAIN


def test_a_forwarded_check_in_link_does_not_work_in_another_browser(
    app, client, live, make_user, enrol, db
):
    session = live[0]
    friend = make_user(name="Absent Friend")
    enrol(friend, session.workshop)
    code = checkin.current_code(session, datetime.now(UTC))
    login_url = client.get(f"/facilitate/checkin/{session.id}/{code}").headers["Location"]
    back = parse_qs(urlsplit(login_url).query)["next"][0]
    grant = parse_qs(urlsplit(back).query)["grant"][0]

    # The link (with its grant) is sent to a friend, who opens it later, code long gone.
    elsewhere = app.test_client()
    with elsewhere.session_transaction() as cookie:
        cookie["_user_id"] = accounts.start_session(friend).token
    stale = checkin.current_code(session, datetime.now(UTC) - timedelta(minutes=5))
    response = elsewhere.post(
        f"/facilitate/checkin/{session.id}/{stale}", data={"code": stale, "grant": grant}
    )

    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)
    assert db.session.scalar(select(Attendance)) is None


def test_expired_code_shows_a_clear_message(client, auth, live):
    session, educator = live[0], live[1]
    auth.login(educator)
    stale = checkin.current_code(session, datetime.now(UTC) - timedelta(minutes=5))
    response = client.get(f"/facilitate/checkin/{session.id}/{stale}")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "That check-in code has expired." in page and "Check me in" not in page


@pytest.mark.parametrize("code", ["not-a-code", "AAAAAAAAAAAAAAAAAAAAAAAA", "x" * 16])
def test_a_code_the_portal_never_made_is_not_called_expired(client, auth, live, code):
    session, educator = live[0], live[1]
    auth.login(educator)
    response = client.get(f"/facilitate/checkin/{session.id}/{code}")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "That is not a check-in code from this session." in page
    assert "Scan the code on the facilitator&#39;s screen." in page
    assert "expired" not in page and "Check me in" not in page


def test_another_sessions_code_is_not_from_this_session(live, make_workshop):
    session, educator = live[0], live[1]
    other = make_workshop(starts_at=session.starts_at).sessions[0]
    now = session.starts_at + timedelta(minutes=5)
    with pytest.raises(CheckInError) as refused:
        checkin.check_in(session, educator, checkin.current_code(other, now), now)
    assert refused.value.reason == CheckInRefusal.WRONG_CODE


def test_someone_not_registered_is_told_before_any_button(client, auth, live, make_user, db):
    session = live[0]
    auth.login(make_user(name="Not Registered"))
    code = checkin.current_code(session, datetime.now(UTC))
    response = client.get(f"/facilitate/checkin/{session.id}/{code}")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "You are not registered for this workshop. Please see the facilitator." in page
    assert "Check me in" not in page and 'name="grant"' not in page
    assert db.session.scalar(select(Attendance)) is None


def test_facilitator_screen_shows_an_inline_qr_and_a_new_code_without_a_meta_refresh(
    client, auth, live
):
    session, facilitator = live[0], live[3]
    auth.login(facilitator)
    page = client.get(f"/facilitate/sessions/{session.id}/checkin").get_data(as_text=True)
    assert "<svg" in page and "http-equiv" not in page
    # Without JavaScript, a link shows a new code; with it, the script fetches each one.
    assert f'href="/facilitate/sessions/{session.id}/checkin">Show a new code</a>' in page
    assert 'src="/static/js/checkin_display.js"' in page
    assert f'data-code-url="/facilitate/sessions/{session.id}/checkin/code.json"' in page
    assert 'id="checkin-status" role="status"' in page
    paused = client.get(f"/facilitate/sessions/{session.id}/checkin?paused=1").get_data(
        as_text=True
    )
    assert "data-code-url" not in paused and "Resume automatic updates" in paused


def test_the_projected_page_script_gets_each_new_code_and_hears_when_check_in_closes(
    client, auth, live, make_user, db
):
    session, facilitator = live[0], live[3]
    url = f"/facilitate/sessions/{session.id}/checkin/code.json"
    auth.login(make_user(name="Not On The Team"))
    assert client.get(url).status_code == 403
    auth.login(facilitator)
    response = client.get(url)
    data = response.get_json()
    assert data["open"] is True and data["svg"].startswith("<svg")
    assert 1 <= data["refresh_in"] <= checkin.STEP_SECONDS + 1
    assert response.headers["Cache-Control"] == "no-store"
    session.is_cancelled = True
    db.session.commit()
    assert client.get(url).get_json() == {"open": False}


def test_facilitator_screen_has_no_code_outside_the_window(client, auth, make_user, make_workshop):
    facilitator = make_user()
    workshop = make_workshop(facilitators=[facilitator])  # two weeks out
    auth.login(facilitator)
    page = client.get(f"/facilitate/sessions/{workshop.sessions[0].id}/checkin").get_data(
        as_text=True
    )
    session = workshop.sessions[0]
    opens = format_local(session.starts_at - timedelta(minutes=30), workshop.network.time_zone)
    assert "<svg" not in page
    assert f"Check-in opens at {opens}, 30 minutes before the session starts" in page


def test_facilitator_screen_says_when_check_in_opens_from_the_service_setting(
    client, auth, make_user, make_workshop, monkeypatch
):
    monkeypatch.setattr(checkin, "OPENS_BEFORE", timedelta(minutes=45))
    facilitator = make_user()
    workshop = make_workshop(facilitators=[facilitator])  # two weeks out
    session = workshop.sessions[0]
    auth.login(facilitator)
    page = client.get(f"/facilitate/sessions/{session.id}/checkin").get_data(as_text=True)
    opens = format_local(session.starts_at - timedelta(minutes=45), workshop.network.time_zone)
    assert f"Check-in opens at {opens}, 45 minutes before the session starts" in page


def test_open_check_in_screen_gives_the_session_times_and_no_roster_link(client, auth, live):
    session, facilitator = live[0], live[3]
    zone = session.workshop.network.time_zone
    auth.login(facilitator)
    page = client.get(f"/facilitate/sessions/{session.id}/checkin").get_data(as_text=True)
    ends = format_local_time(session.ends_at, zone)
    assert f"{format_local(session.starts_at, zone)} – {ends}" in page
    assert "Tell the facilitator, who can mark you on the roster." in page
    assert f'href="/facilitate/sessions/{session.id}"' not in page


def test_a_slow_tap_on_confirm_still_checks_in(client, auth, live, db):
    session, educator = live[0], live[1]
    auth.login(educator)
    code = checkin.current_code(session, datetime.now(UTC))
    page = client.get(f"/facilitate/checkin/{session.id}/{code}").get_data(as_text=True)
    grant = page.split('name="grant" value="')[1].split('"')[0]
    stale = checkin.current_code(session, datetime.now(UTC) - timedelta(minutes=5))

    # The code on the form has long expired by the time of the tap; the grant has not.
    client.post(f"/facilitate/checkin/{session.id}/{stale}", data={"code": stale, "grant": grant})

    assert db.session.scalar(select(Attendance)).status == AttendanceStatus.PRESENT


def test_scan_then_real_log_in_form_brings_the_educator_back(client, live, db):
    session, educator = live[0], live[1]
    code = checkin.current_code(session, datetime.now(UTC))
    login_url = client.get(f"/facilitate/checkin/{session.id}/{code}").headers["Location"]
    back = parse_qs(urlsplit(login_url).query)["next"][0]

    response = client.post(
        "/auth/login",
        data={"email": educator.email, "password": TEST_PASSWORD, "next": back},
    )

    assert response.status_code == 302
    assert response.headers["Location"].endswith(back)
    confirm = client.get(back)
    assert "Check me in" in confirm.get_data(as_text=True)


def test_too_early_says_the_clock_time_check_in_opens(live, app):
    session, educator = live[0], live[1]
    now = session.starts_at - checkin.OPENS_BEFORE - timedelta(minutes=5)
    with pytest.raises(CheckInError) as refused:
        checkin.check_in(session, educator, checkin.current_code(session, now), now)
    assert refused.value.reason == CheckInRefusal.NOT_OPEN_YET
    assert refused.value.values == {"opens_at": session.starts_at - checkin.OPENS_BEFORE}
    with app.test_request_context():
        message = messages.check_in_refusal(refused.value, session)
    opens = format_local(session.starts_at - checkin.OPENS_BEFORE, "America/Los_Angeles")
    assert message == f"Check-in opens at {opens}, before the session starts."
