"""A name change keeps certificates as issued; reissue with the current name on request
(issue 15): the old certificate then verifies as replaced, with a link to the new one."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from pdportal.extensions import db
from pdportal.models import AttendanceStatus, Certificate, CertificateStatus
from pdportal.services import certificates

P = AttendanceStatus.PRESENT


@pytest.fixture
def issued(make_user, make_network, past_workshop, enrol, mark):
    network = make_network()
    workshop = past_workshop(network=network)
    educator = make_user(name="Lena Smith")
    mark(enrol(educator, workshop), workshop, [P, P])
    [certificate] = certificates.issue_for_workshop(workshop, make_user(admin_of=network)).issued
    educator.name = "Lena Smith-Okafor"  # married since
    db.session.commit()
    return educator, certificate


def test_a_certificate_under_the_old_name_is_reissued_on_request(client, auth, issued):
    educator, old = issued
    auth.login(educator)
    page = client.get("/account/certificates").get_data(as_text=True)
    assert "issued to Lena Smith" in page and old.number in page
    response = client.post(f"/account/certificates/{old.id}/reissue")
    assert response.headers["Location"] == "/account/certificates"
    db.session.expire_all()
    assert old.status == CertificateStatus.REPLACED
    new = db.session.get(Certificate, old.replaced_by_id)
    assert new.educator_name == "Lena Smith-Okafor"
    verify = client.get(f"/certificates/verify/{old.verification_code}").get_data(as_text=True)
    assert "Replaced." in verify and new.number in verify
    assert "All your valid certificates show your current name." in client.get(
        "/account/certificates"
    ).get_data(as_text=True)


def test_a_name_change_alone_leaves_certificates_as_issued(issued):
    _, certificate = issued
    db.session.expire_all()
    assert certificate.educator_name == "Lena Smith"
    assert certificate.status == CertificateStatus.VALID


def test_nobody_reissues_someone_elses_certificate(client, auth, issued, make_user):
    _, certificate = issued
    auth.login(make_user())
    assert client.post(f"/account/certificates/{certificate.id}/reissue").status_code == 404
    assert db.session.scalar(select(Certificate.status)) == CertificateStatus.VALID


def test_a_certificate_with_the_current_name_is_not_reissued(client, auth, issued):
    educator, certificate = issued
    educator.name = "Lena Smith"
    db.session.commit()
    auth.login(educator)
    client.post(f"/account/certificates/{certificate.id}/reissue")
    db.session.expire_all()
    assert certificate.status == CertificateStatus.VALID
