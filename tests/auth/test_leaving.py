"""Leaving and data access (issue 15): everything held about me as JSON and CSV, and
closing an account (personal data erased, clock-hour records kept)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import func, select

from pdportal.extensions import db
from pdportal.models import (
    AttendanceStatus,
    AuditEntry,
    Certificate,
    OutboxMessage,
    Registration,
    SignInSession,
)
from pdportal.services import accounts, certificates
from tests.conftest import TEST_PASSWORD

P = AttendanceStatus.PRESENT


@pytest.fixture
def educator(make_user, make_network, past_workshop, enrol, mark, clock_hours_ready):
    network = make_network()
    workshop = past_workshop(network=network, credit_type="wa_clock_hours")
    person = make_user(
        "jo@school.example", "Jo Nguyễn", licence_number="WA-555", gender="Nonbinary"
    )
    mark(enrol(person, workshop), workshop, [P, P])
    clock_hours_ready(workshop, person)  # approved offering, evaluation, affidavit
    certificates.issue_for_workshop(workshop, make_user(admin_of=network))
    make_user("other@school.example", "Someone Else")
    return person


def test_my_data_downloads_as_json_with_every_section(client, auth, educator):
    auth.login(educator)
    assert "Download as JSON" in client.get("/account/data").get_data(as_text=True)
    response = client.get("/account/data.json")
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["name"] == "Jo Nguyễn"
    assert data["profile"]["licence_number"] == "WA-555"
    assert data["demographics"]["gender"] == "Nonbinary"
    assert len(data["registrations"]) == 1
    assert len(data["attendance"]) == 2
    assert data["certificates"][0]["name_on_certificate"] == "Jo Nguyễn"
    assert len(data["sessions"]) == 1
    assert "Someone Else" not in response.get_data(as_text=True)


def test_my_data_downloads_as_csv(client, auth, educator):
    auth.login(educator)
    response = client.get("/account/data.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["Section", "Item", "Field", "Value"]
    assert ["account", "1", "email", "jo@school.example"] in rows
    assert ["certificates", "1", "credit_type", "wa_clock_hours"] in rows


def test_my_data_pages_need_a_log_in(client):
    for path in ("/account/data", "/account/data.json", "/account/data.csv", "/account/close"):
        assert client.get(path).headers["Location"].startswith("/auth/login")


def _close(client, password: str = TEST_PASSWORD, understood: bool = True):
    data = {"current_password": password}
    if understood:
        data["understood"] = "y"
    return client.post("/account/close", data=data)


def test_closing_erases_personal_data_and_keeps_clock_hour_records(
    app, client, auth, educator, outbox
):
    other_browser = app.test_client()
    other_browser.post(
        "/auth/login", data={"email": "jo@school.example", "password": TEST_PASSWORD}
    )
    auth.login(educator)
    page = client.get("/account/close").get_data(as_text=True)
    assert "1 certificate, as issued" in page and "seven years" in page

    assert _close(client).headers["Location"] == "/"
    db.session.expire_all()
    assert educator.name == "Closed account"
    assert educator.email.endswith("@closed.invalid")
    assert (educator.licence_number, educator.gender, educator.school) == ("", "", "")
    assert educator.closed_at is not None and not educator.is_active
    assert db.session.scalar(select(func.count(SignInSession.id))) == 0
    assert other_browser.get("/auth/profile").status_code == 302
    assert accounts.authenticate("jo@school.example", TEST_PASSWORD) is None
    # Kept: the registration and the certificate as issued, which still verifies.
    assert db.session.scalar(select(func.count(Registration.id))) == 1
    certificate = db.session.scalars(select(Certificate)).one()
    assert certificate.educator_name == "Jo Nguyễn"
    verify = client.get(f"/certificates/verify/{certificate.verification_code}")
    assert verify.status_code == 200
    # The only mail left for the old address is the notice of closing.
    [notice] = outbox("jo@school.example")
    assert notice.subject == "Your pdportal account is closed"
    labels = db.session.scalars(select(AuditEntry.subject_label)).all()
    assert labels and not any("jo@" in label or "Nguy" in label for label in labels)
    assert not accounts.reactivate(educator, actor=educator)


@pytest.mark.parametrize(
    ("password", "understood", "message"),
    [
        ("wrong password", True, "That is not your current password."),
        (TEST_PASSWORD, False, "Tick the box to show that you understand."),
    ],
)
def test_closing_needs_the_password_and_the_tick(
    client, auth, educator, password, understood, message
):
    auth.login(educator)
    response = _close(client, password, understood)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert educator.closed_at is None


def test_closing_is_refused_with_a_workshop_still_to_come(
    client, auth, educator, make_workshop, enrol
):
    enrol(educator, make_workshop())
    auth.login(educator)
    response = _close(client)
    assert response.status_code == 400
    assert "registered for 1 workshop that has not ended" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["site_admin", "network_admin"])
def test_staff_give_up_their_roles_before_closing(client, auth, make_user, make_network, role):
    if role == "site_admin":
        staff = make_user(is_site_admin=True)
    else:
        staff = make_user(admin_of=make_network())
    auth.login(staff)
    response = _close(client)
    assert response.status_code == 400
    assert "remove your admin roles first" in response.get_data(as_text=True)


def test_the_closure_deletes_mail_sent_to_every_address(db, educator, outbox):
    db.session.add(OutboxMessage(to_email=educator.email, subject="Old news", body_text="Hi Jo"))
    db.session.commit()
    accounts.leaving.close_account(educator, TEST_PASSWORD)
    assert [message.subject for message in outbox("jo@school.example")] == [
        "Your pdportal account is closed"
    ]


@pytest.mark.parametrize(
    "path",
    [
        "/account/security",
        "/account/emails",
        "/account/data",
        "/account/data.json",
        "/account/data.csv",
    ],
)
def test_account_pages_and_downloads_are_private_and_not_stored(client, auth, educator, path):
    auth.login(educator)
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
