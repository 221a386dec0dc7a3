"""Confirm and record what is irreversible (issue 15): role changes show what will happen
first and go to the audit log; site admins deactivate accounts and read the log."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import func, select

from pdportal.models import AttendanceStatus, AuditAction, AuditEntry, NetworkAdmin, PaymentStatus
from pdportal.services import accounts, certificates
from pdportal.services.workshops import networks
from tests.conftest import TEST_PASSWORD


def _entries(db) -> list[tuple[AuditAction, str, str, str]]:
    rows = db.session.execute(
        select(
            AuditEntry.action, AuditEntry.actor_label, AuditEntry.subject_label, AuditEntry.target
        ).order_by(AuditEntry.id)
    )
    return [tuple(row) for row in rows]


def test_making_a_site_admin_asks_first_then_records_who_did_it(client, auth, db, people):
    auth.login(people.site_admin)
    path = f"/admin/users/{people.educator.id}/site-admin"
    page = client.post(path, data={"grant": "1"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Make Tess Teacher (teacher@school.example) a site admin?" in text
    assert "must set up two-step sign-in" in text
    assert 'name="confirmed" value="1"' in text
    db.session.expire_all()
    assert not people.educator.is_site_admin
    assert _entries(db) == []

    client.post(path, data={"grant": "1", "confirmed": "1"})
    db.session.expire_all()
    assert people.educator.is_site_admin
    assert _entries(db) == [
        (
            AuditAction.SITE_ADMIN_GRANTED,
            "Sam Site <ops@pdportal.example>",
            "Tess Teacher <teacher@school.example>",
            "",
        )
    ]
    client.post(path, data={"grant": "0", "confirmed": "1"})
    assert [entry[0] for entry in _entries(db)][-1] == AuditAction.SITE_ADMIN_REMOVED


def test_network_admin_changes_ask_first_and_are_recorded(client, auth, db, people):
    auth.login(people.site_admin)
    base = f"/admin/networks/{people.network.slug}/admins"
    page = client.post(base, data={"email": people.educator.email}).get_data(as_text=True)
    assert "Make Tess Teacher (teacher@school.example) an admin of Puget Sound" in page
    assert db.session.scalar(select(func.count(NetworkAdmin.id))) == 2
    client.post(base, data={"email": people.educator.email, "confirmed": "1"})
    assert db.session.scalar(select(func.count(NetworkAdmin.id))) == 3

    page = client.post(f"{base}/{people.educator.id}/remove").get_data(as_text=True)
    assert "Remove Tess Teacher (teacher@school.example) as an admin" in page
    assert db.session.scalar(select(func.count(NetworkAdmin.id))) == 3
    client.post(f"{base}/{people.educator.id}/remove", data={"confirmed": "1"})
    assert db.session.scalar(select(func.count(NetworkAdmin.id))) == 2
    assert [(action, target) for action, _, _, target in _entries(db)] == [
        (AuditAction.NETWORK_ADMIN_GRANTED, "Puget Sound STEM Network"),
        (AuditAction.NETWORK_ADMIN_REMOVED, "Puget Sound STEM Network"),
    ]


def test_deactivation_asks_first_then_ends_sessions_and_refuses_log_in(
    app, client, auth, db, people
):
    educator_browser = app.test_client()
    educator_browser.post(
        "/auth/login", data={"email": people.educator.email, "password": TEST_PASSWORD}
    )
    auth.login(people.site_admin)
    path = f"/admin/users/{people.educator.id}/deactivate"
    page = client.post(path).get_data(as_text=True)
    assert "logged out everywhere at once" in page
    assert educator_browser.get("/auth/profile").status_code == 200

    assert client.post(path, data={"confirmed": "1"}).headers["Location"].startswith("/admin/users")
    assert educator_browser.get("/auth/profile").status_code == 302
    assert accounts.authenticate(people.educator.email, TEST_PASSWORD) is None
    assert "Deactivated" in client.get("/admin/users?q=tess").get_data(as_text=True)

    client.post(f"/admin/users/{people.educator.id}/reactivate")
    assert accounts.authenticate(people.educator.email, TEST_PASSWORD) == people.educator
    assert [entry[0] for entry in _entries(db)] == [
        AuditAction.ACCOUNT_DEACTIVATED,
        AuditAction.ACCOUNT_REACTIVATED,
    ]


def test_a_site_admin_cannot_deactivate_themselves(client, auth, people):
    auth.login(people.site_admin)
    path = f"/admin/users/{people.site_admin.id}/deactivate"
    assert client.post(path, data={"confirmed": "1"}).status_code == 403


@pytest.fixture
def logged(db, people):
    networks.set_site_admin(people.educator, True, people.site_admin)
    networks.add_network_admin(people.other_network, people.educator.email, actor=people.admin)
    accounts.deactivate(people.other_admin, actor=people.site_admin)


def test_the_audit_log_filters_by_action_and_person(client, auth, people, logged):
    auth.login(people.site_admin)
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "3 entries." in page
    assert "Made site admin" in page and "Account deactivated" in page
    page = client.get("/admin/audit?action=account_deactivated").get_data(as_text=True)
    assert "1 entry." in page and "Omar Other" in page
    page = client.get("/admin/audit?person=central oregon").get_data(as_text=True)
    assert "1 entry." in page and "Made network admin" in page
    page = client.get("/admin/audit?person=%25_&action=nonsense").get_data(as_text=True)
    assert "0 entries." in page


def test_the_audit_log_exports_csv(client, auth, people, logged):
    auth.login(people.site_admin)
    response = client.get("/admin/audit.csv?action=site_admin_granted")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["When", "What", "Who did it", "To whom", "On what"]
    assert rows[1][1:] == [
        "Made site admin",
        "Sam Site <ops@pdportal.example>",
        "Tess Teacher <teacher@school.example>",
        "",
    ]
    assert len(rows) == 2


@pytest.mark.parametrize("role", ["educator", "admin"])
def test_only_site_admins_read_the_audit_log(client, auth, people, role):
    auth.login(people.by_role(role))
    assert client.get("/admin/audit").status_code == 403
    assert client.get("/admin/audit.csv").status_code == 403


def test_revocations_and_refunds_made_anywhere_are_recorded(
    db, make_user, make_network, past_workshop, enrol, mark
):
    network = make_network()
    admin = make_user("office@esd.example", "Olu Office", admin_of=network)
    educator = make_user("tess@school.example", "Tess Teacher")
    workshop = past_workshop(network=network, title="Soil Science")
    registration = enrol(educator, workshop)
    mark(registration, workshop, [AttendanceStatus.PRESENT] * 2)
    [certificate] = certificates.issue_for_workshop(workshop, admin).issued
    certificates.revoke(certificate, admin, "Hours entered twice")
    registration.payment_status = PaymentStatus.REFUNDED
    db.session.commit()
    assert _entries(db) == [
        (
            AuditAction.CERTIFICATE_REVOKED,
            "Olu Office <office@esd.example>",
            "Tess Teacher <tess@school.example>",
            f"{certificate.number} · Soil Science",
        ),
        (
            AuditAction.PAYMENT_REFUNDED,
            "",
            "Tess Teacher <tess@school.example>",
            "Soil Science · 0.00",
        ),
    ]
