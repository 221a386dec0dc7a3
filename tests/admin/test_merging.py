"""Merging duplicate accounts (issue 15): everything moves in one transaction to the kept
account, certificate numbers and verification links unchanged; conflicts are shown first."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from pdportal.extensions import db
from pdportal.models import (
    AttendanceStatus,
    AuditAction,
    AuditEntry,
    Certificate,
    Registration,
    RegistrationStatus,
)
from pdportal.services import accounts, certificates
from tests.conftest import TEST_PASSWORD

P = AttendanceStatus.PRESENT


@pytest.fixture
def twins(make_user, make_network, past_workshop, make_workshop, enrol, mark):
    network = make_network()
    admin = make_user("office@esd.example", "Olu Office", admin_of=network)
    keep = make_user("r.diaz@new-district.example", "Rosa Díaz")
    enrol(keep, make_workshop(network=network))
    duplicate = make_user("rosa@old-district.example", "Rosa Diaz")
    past = past_workshop(network=network)
    mark(enrol(duplicate, past), past, [P, P])
    [certificate] = certificates.issue_for_workshop(past, admin).issued
    enrol(duplicate, make_workshop(network=network))
    return {"keep": keep, "duplicate": duplicate, "certificate": certificate, "admin": admin}


def test_merging_moves_everything_and_old_certificate_links_still_verify(client, auth, twins):
    keep, duplicate, certificate = twins["keep"], twins["duplicate"], twins["certificate"]
    number, code = certificate.number, certificate.verification_code
    auth.login(twins["admin"])
    path = f"/admin/users/{keep.id}/merge"
    page = client.post(path, data={"email": duplicate.email}).get_data(as_text=True)
    assert "2 registrations (with their attendance and payments) move" in page
    assert "1 certificate moves, with its number and verification link unchanged" in page
    assert db.session.scalar(select(Certificate.user_id)) == duplicate.id  # nothing yet

    client.post(path, data={"email": duplicate.email, "confirmed": "1"})
    db.session.expire_all()
    assert set(db.session.scalars(select(Registration.user_id))) == {keep.id}
    assert len(db.session.scalars(select(Registration.id)).all()) == 3
    moved = db.session.scalars(select(Certificate)).one()
    assert (moved.user_id, moved.number, moved.verification_code) == (keep.id, number, code)
    assert client.get(f"/certificates/verify/{code}").status_code == 200
    assert duplicate.merged_into_id == keep.id and not duplicate.is_active
    assert accounts.authenticate("rosa@old-district.example", TEST_PASSWORD) == keep
    entry = db.session.scalars(select(AuditEntry)).one()
    assert entry.action == AuditAction.ACCOUNT_MERGED
    assert entry.target == "Rosa Diaz <rosa@old-district.example>"


def test_both_registered_for_one_workshop_is_shown_and_blocks_the_merge(
    client, auth, twins, make_workshop, enrol
):
    keep, duplicate = twins["keep"], twins["duplicate"]
    shared = make_workshop(network=twins["certificate"].workshop.network, title="Shared Lab")
    enrol(keep, shared)
    enrol(duplicate, shared, RegistrationStatus.WAITLISTED)
    auth.login(twins["admin"])
    path = f"/admin/users/{keep.id}/merge"
    page = client.post(path, data={"email": duplicate.email}).get_data(as_text=True)
    assert "These must be resolved first" in page and "Shared Lab" in page
    response = client.post(path, data={"email": duplicate.email, "confirmed": "1"})
    assert response.status_code == 400
    assert "Both accounts hold the same workshop" in response.get_data(as_text=True)
    db.session.expire_all()
    assert duplicate.merged_into_id is None


def test_a_network_admin_merges_only_people_of_their_networks(
    client, auth, twins, make_user, make_network, make_workshop, enrol
):
    outsider = make_user("elsewhere@example.org")
    enrol(outsider, make_workshop(network=make_network()))
    auth.login(twins["admin"])
    response = client.post(
        f"/admin/users/{twins['keep'].id}/merge", data={"email": outsider.email, "confirmed": "1"}
    )
    assert response.status_code == 403
    assert client.get(f"/admin/users/{outsider.id}/merge").status_code == 403
    stranger = make_user("no-registrations@example.org")  # known to no network
    assert client.get(f"/admin/users/{stranger.id}/merge").status_code == 403


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("keep", "That is this same account"),
        ("staff", "Remove its admin roles first"),
        ("nobody", "No account has that email address."),
    ],
)
def test_merge_refusals_are_worded(client, auth, twins, make_user, who, message):
    staff = make_user("staff@example.org", is_site_admin=True)
    site_admin = make_user(is_site_admin=True)
    email = {"keep": twins["keep"].email, "staff": staff.email, "nobody": "no@example.org"}[who]
    auth.login(site_admin)
    response = client.post(f"/admin/users/{twins['keep'].id}/merge", data={"email": email})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_educators_cannot_merge(client, auth, twins):
    auth.login(twins["duplicate"])
    assert client.get(f"/admin/users/{twins['keep'].id}/merge").status_code == 403


def test_a_network_admin_starts_a_merge_from_the_admin_page(
    client, auth, twins, make_user, make_network, make_workshop, enrol
):
    outsider = make_user("elsewhere@example.org")
    enrol(outsider, make_workshop(network=make_network()))
    auth.login(twins["admin"])
    assert "/admin/merge" in client.get("/admin/").get_data(as_text=True)
    found = client.post("/admin/merge", data={"email": twins["keep"].email})
    assert found.headers["Location"] == f"/admin/users/{twins['keep'].id}/merge"
    for email in (outsider.email, "nobody@example.org"):  # one answer: no enumeration
        refused = client.post("/admin/merge", data={"email": email})
        assert refused.status_code == 400
        assert "No account you may merge has that email address." in refused.get_data(as_text=True)


def test_educators_cannot_start_a_merge(client, auth, twins):
    auth.login(twins["duplicate"])
    assert client.get("/admin/merge").status_code == 403
