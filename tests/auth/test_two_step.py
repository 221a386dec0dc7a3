"""Two-step sign-in (issue 15): set-up, the code step of a log-in, recovery codes, the
staff rule, and the changes being logged and emailed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from flask import Flask
from sqlalchemy import select

from pdportal.extensions import db
from pdportal.models import AuditAction, AuditEntry, TwoStepCredential
from pdportal.services import accounts
from pdportal.services.accounts.two_step import CodeKind, TwoStepError, TwoStepProblem
from tests.auth.test_rate_limits import limited_app  # noqa: F401 - a fixture, shared
from tests.conftest import TEST_PASSWORD


@pytest.fixture
def staff_rule(app: Flask) -> Iterator[None]:
    """The production rule: staff must use two-step sign-in."""
    app.config["TWO_STEP_REQUIRED_FOR_STAFF"] = True
    yield
    app.config["TWO_STEP_REQUIRED_FOR_STAFF"] = False


def _code(secret: str, *, steps_from_now: int = 0) -> str:
    return pyotp.TOTP(secret).at(datetime.now(UTC) + timedelta(seconds=30 * steps_from_now))


def _enable(user) -> tuple[str, list[str]]:
    secret = accounts.two_step.enrolment(user).secret
    return secret, accounts.two_step.enable(user, _code(secret))


def _log_in(client, email: str, next_path: str = ""):
    return client.post(
        "/auth/login", data={"email": email, "password": TEST_PASSWORD, "next": next_path}
    )


# --- the service ---------------------------------------------------------------------------


def test_set_up_needs_a_right_code_then_gives_ten_recovery_codes(db, make_user, outbox):
    user = make_user()
    enrolment = accounts.two_step.enrolment(user)
    assert enrolment.uri.startswith("otpauth://totp/")
    assert enrolment.secret in enrolment.uri
    with pytest.raises(TwoStepError) as caught:
        accounts.two_step.enable(user, "000000" if _code(enrolment.secret) != "000000" else "1")
    assert caught.value.reason == TwoStepProblem.WRONG_CODE
    assert not accounts.two_step.is_enabled(user)

    codes = accounts.two_step.enable(user, _code(enrolment.secret))
    assert len(codes) == len(set(codes)) == 10
    assert accounts.two_step.is_enabled(user)
    stored = db.session.get(TwoStepCredential, user.id).recovery_code_hashes
    assert not set(codes) & set(stored)  # only hashes are kept
    assert outbox(user.email)[-1].subject == "Your pdportal sign-in settings changed"
    assert db.session.scalar(select(AuditEntry.action)) == AuditAction.TWO_STEP_ENABLED


def test_a_code_is_accepted_once_and_a_step_either_side_of_the_clock(db, make_user):
    user = make_user()
    secret, _ = _enable(user)  # used the code of this time step
    with pytest.raises(TwoStepError):
        accounts.two_step.check_code(user, _code(secret))  # replayed
    assert accounts.two_step.check_code(user, _code(secret, steps_from_now=1)) is CodeKind.APP
    with pytest.raises(TwoStepError):
        accounts.two_step.check_code(user, _code(secret, steps_from_now=3))


def test_a_recovery_code_works_once_and_is_logged_and_emailed(db, make_user, outbox):
    user = make_user()
    _, codes = _enable(user)
    assert accounts.two_step.check_code(user, codes[0].upper()) is CodeKind.RECOVERY
    assert accounts.two_step.recovery_codes_left(user) == 9
    with pytest.raises(TwoStepError):
        accounts.two_step.check_code(user, codes[0])
    assert outbox(user.email)[-1].subject == "Your pdportal sign-in settings changed"
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == [AuditAction.TWO_STEP_ENABLED, AuditAction.RECOVERY_CODE_USED]


def test_new_recovery_codes_replace_the_old_ones(db, make_user):
    user = make_user()
    secret, old = _enable(user)
    new = accounts.two_step.renew_recovery_codes(user, _code(secret, steps_from_now=1))
    with pytest.raises(TwoStepError):
        accounts.two_step.check_code(user, old[1])
    assert accounts.two_step.check_code(user, new[1]) is CodeKind.RECOVERY


def test_turning_it_off_needs_a_code(db, make_user):
    user = make_user()
    secret, _ = _enable(user)
    with pytest.raises(TwoStepError):
        accounts.two_step.disable(user, "12345x")
    accounts.two_step.disable(user, _code(secret, steps_from_now=1))
    assert not accounts.two_step.is_enabled(user)


# --- log-in --------------------------------------------------------------------------------


def test_log_in_with_two_step_asks_for_the_code_before_signing_in(client, make_user):
    user = make_user("ana@example.org")
    secret, _ = _enable(user)
    response = _log_in(client, "ana@example.org", next_path="/me/registrations")
    assert response.headers["Location"].endswith("/account/sign-in/code")
    assert client.get("/auth/profile").status_code == 302  # not signed in yet
    wrong = client.post("/account/sign-in/code", data={"code": "000000x"})
    assert wrong.status_code == 400
    assert "That code is not right" in wrong.get_data(as_text=True)
    done = client.post("/account/sign-in/code", data={"code": _code(secret, steps_from_now=1)})
    assert done.headers["Location"] == "/me/registrations"
    assert client.get("/auth/profile").status_code == 200


def test_log_in_without_two_step_signs_in_at_once(client, make_user):
    make_user("bo@example.org")
    assert _log_in(client, "bo@example.org").headers["Location"] == "/workshops"  # their home
    assert client.get("/auth/profile").status_code == 200


def test_the_code_page_without_a_password_first_goes_back_to_log_in(client):
    assert client.get("/account/sign-in/code").headers["Location"].startswith("/auth/login")
    response = client.post("/account/sign-in/code", data={"code": "123456"})
    assert response.headers["Location"].startswith("/auth/login")


def test_an_expired_code_step_starts_over(client, make_user):
    user = make_user("cy@example.org")
    secret, _ = _enable(user)
    _log_in(client, "cy@example.org")
    with client.session_transaction() as session:
        pending = session["two_step_pending"]
        session["two_step_pending"] = pending | {"at": pending["at"] - 11 * 60}
    response = client.post("/account/sign-in/code", data={"code": _code(secret, steps_from_now=1)})
    assert response.headers["Location"].startswith("/auth/login")


def test_code_guessing_is_rate_limited_per_account(limited_app, make_user):  # noqa: F811
    user = make_user("dee@example.org")
    _enable(user)
    app = limited_app(TWO_STEP_RATE_LIMIT="3 per minute")
    client = app.test_client()
    _log_in(client, "dee@example.org")
    statuses = [
        client.post("/account/sign-in/code", data={"code": "000000x"}).status_code for _ in range(4)
    ]
    assert statuses == [400, 400, 400, 429]


# --- the staff rule --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["site_admin", "network_admin"])
def test_staff_without_two_step_reach_only_the_set_up_page(
    staff_rule, client, make_user, make_network, role
):
    if role == "site_admin":
        make_user("staff@example.org", is_site_admin=True)
    else:
        make_user("staff@example.org", admin_of=make_network())
    _log_in(client, "staff@example.org")
    for path in ("/admin/", "/admin/users", "/auth/profile", "/", "/account/security"):
        assert client.get(path).headers.get("Location") == "/account/two-step/setup", path
    page = client.get("/account/two-step/setup")
    assert page.status_code == 200
    assert "needs two-step sign-in before you go on" in page.get_data(as_text=True)


def test_staff_who_set_it_up_reach_their_pages(staff_rule, client, make_user):
    make_user("root@example.org", is_site_admin=True)
    _log_in(client, "root@example.org")
    page = client.get("/account/two-step/setup").get_data(as_text=True)
    secret = page.split('class="secret-key">', 1)[1].split("<", 1)[0]
    done = client.post("/account/two-step/setup", data={"code": _code(secret)})
    assert done.status_code == 200
    assert "this is the only time they are shown" in done.get_data(as_text=True)
    assert client.get("/admin/users").status_code == 200


def test_educators_are_not_asked_to_set_it_up(staff_rule, client, make_user):
    make_user("ed@example.org")
    _log_in(client, "ed@example.org")
    assert client.get("/auth/profile").status_code == 200


# --- the security page -----------------------------------------------------------------------


def test_security_page_renews_recovery_codes_with_a_code(client, auth, make_user):
    user = make_user()
    secret, _ = _enable(user)
    auth.login(user)
    assert "recovery codes are left" in client.get("/account/security").get_data(as_text=True)
    renewed = client.post(
        "/account/two-step/recovery-codes", data={"renew-code": _code(secret, steps_from_now=1)}
    )
    assert "this is the only time they are shown" in renewed.get_data(as_text=True)


def test_security_page_turns_it_off_with_a_code(client, auth, make_user):
    user = make_user()
    secret, _ = _enable(user)
    auth.login(user)
    refused = client.post("/account/two-step/disable", data={"disable-code": "nope"})
    assert refused.headers["Location"] == "/account/security"
    assert accounts.two_step.is_enabled(user)
    client.post("/account/two-step/disable", data={"disable-code": _code(secret, steps_from_now=1)})
    db.session.expire_all()
    assert not accounts.two_step.is_enabled(user)


def test_set_up_page_for_someone_who_has_it_goes_to_the_security_page(client, auth, make_user):
    user = make_user()
    _enable(user)
    auth.login(user)
    assert client.get("/account/two-step/setup").headers["Location"] == "/account/security"


def test_two_step_pages_need_a_log_in(client):
    for path in ("/account/two-step/setup", "/account/security"):
        assert client.get(path).headers["Location"].startswith("/auth/login")
    for path in ("/account/two-step/recovery-codes", "/account/two-step/disable"):
        assert client.post(path).headers["Location"].startswith("/auth/login")
