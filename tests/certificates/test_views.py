"""Certificate pages: the admin's desk, the educator's pages, public verification, badges."""

from __future__ import annotations

import csv
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from pdportal.models import AttendanceStatus, Certificate, CertificateStatus
from pdportal.services import certificates

P = AttendanceStatus.PRESENT


@pytest.fixture
def setup(make_user, make_network, past_workshop, enrol, mark, clock_hours_ready):
    network = make_network(name="Puget Sound STEM Partnership", provider_number="WA-1234")
    facilitator = make_user(name="Frances Facilitator")
    workshop = past_workshop(
        network=network,
        facilitators=[facilitator],
        credit_type="wa_clock_hours",
        designations=["stem"],
        inservice_number="PSESD-42",
    )
    educator = make_user(name="Nguyễn Thị Ánh", licence_number="WA-555")
    absentee = make_user(name="Absent Al")
    mark(enrol(educator, workshop), workshop, [P, P])
    mark(enrol(absentee, workshop), workshop, [P, AttendanceStatus.ABSENT])
    clock_hours_ready(workshop, educator)
    return {
        "workshop": workshop,
        "educator": educator,
        "absentee": absentee,
        "facilitator": facilitator,
        "admin": make_user(admin_of=network),
        "other_admin": make_user(admin_of=make_network()),
        "site_admin": make_user(is_site_admin=True),
    }


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (None, 302),
        ("educator", 403),
        ("facilitator", 403),
        ("other_admin", 403),
        ("admin", 200),
        ("site_admin", 200),
    ],
)
def test_certificate_desk_is_for_the_networks_admins(client, auth, setup, role, status, db):
    if role:
        auth.login(setup[role])
    slug = setup["workshop"].slug
    assert client.get(f"/facilitate/workshops/{slug}/certificates").status_code == status
    issue = f"/facilitate/workshops/{slug}/certificates/issue"
    response = client.post(issue, data={"confirmed": "1"})
    assert response.status_code == (302 if status in (200, 302) else status)
    issued = db.session.scalars(select(Certificate)).all()
    assert len(issued) == (1 if status == 200 else 0)


def test_issuing_asks_first_with_the_count(client, auth, setup, db):
    auth.login(setup["admin"])
    issue = f"/facilitate/workshops/{setup['workshop'].slug}/certificates/issue"
    asked = client.post(issue)
    text = asked.get_data(as_text=True)
    assert asked.status_code == 200 and 'name="confirmed" value="1"' in text
    assert "1 eligible educator without a certificate gets one" in text
    assert db.session.scalars(select(Certificate)).all() == []
    assert client.post(issue, data={"confirmed": "1"}).status_code == 302
    assert len(db.session.scalars(select(Certificate)).all()) == 1
    again = client.post(issue, follow_redirects=True)  # nobody left to issue: not asked
    assert 'name="confirmed"' not in again.get_data(as_text=True)


def test_issuing_lists_the_reason_for_everyone_left_out(client, auth, setup):
    auth.login(setup["admin"])
    slug = setup["workshop"].slug
    client.post(f"/facilitate/workshops/{slug}/certificates/issue", data={"confirmed": "1"})
    page = client.get(f"/facilitate/workshops/{slug}/certificates").get_data(as_text=True)
    assert "attended 3.0 of 6.0 hours" in page
    assert "Nguyễn Thị Ánh" in page and "Issued" in page


def test_revoke_needs_a_reason_shown_next_to_the_field(client, auth, setup, db):
    certificate = certificates.issue_for_workshop(setup["workshop"], setup["admin"]).issued[0]
    auth.login(setup["admin"])
    response = client.post(
        f"/facilitate/certificates/{certificate.id}/revoke",
        data={f"revoke-{certificate.id}-reason": ""},
    )
    assert response.status_code == 400
    assert "Give the reason" in response.get_data(as_text=True)
    assert certificate.status == CertificateStatus.VALID

    client.post(
        f"/facilitate/certificates/{certificate.id}/revoke",
        data={f"revoke-{certificate.id}-reason": "Attendance recorded in error"},
    )
    db.session.refresh(certificate)
    assert certificate.status == CertificateStatus.REVOKED


def test_other_networks_admin_cannot_revoke_or_reissue(client, auth, setup):
    certificate = certificates.issue_for_workshop(setup["workshop"], setup["admin"]).issued[0]
    auth.login(setup["other_admin"])
    assert (
        client.post(f"/facilitate/certificates/{certificate.id}/revoke", data={}).status_code == 403
    )
    assert client.post(f"/facilitate/certificates/{certificate.id}/reissue").status_code == 403


def test_verify_shows_valid_revoked_and_replaced_and_nothing_else(client, setup, db):
    admin = setup["admin"]
    certificate = certificates.issue_for_workshop(setup["workshop"], admin).issued[0]
    url = f"/certificates/verify/{certificate.verification_code}"

    page = client.get(url).get_data(as_text=True)
    assert "Valid." in page and "Nguyễn Thị Ánh" in page and "6.0 Washington clock hours" in page
    assert setup["educator"].email not in page and "WA-555" not in page

    replacement = certificates.reissue(certificate, admin)
    assert "Replaced." in client.get(url).get_data(as_text=True)
    certificates.revoke(replacement, admin, "Duplicate record")
    page = client.get(f"/certificates/verify/{replacement.verification_code}").get_data(
        as_text=True
    )
    assert "Revoked" in page and "Duplicate record" in page

    assert client.get("/certificates/verify/not-a-real-code").status_code == 404


def test_educator_downloads_own_certificate_pdf_only(client, auth, setup, make_user):
    certificate = certificates.issue_for_workshop(setup["workshop"], setup["admin"]).issued[0]
    auth.login(setup["educator"])
    response = client.get(f"/me/certificates/{certificate.id}.pdf")
    assert response.mimetype == "application/pdf"
    assert "Nguyễn Thị Ánh" in PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    auth.login(make_user())
    assert client.get(f"/me/certificates/{certificate.id}.pdf").status_code == 403


def test_my_certificates_and_transcript_total_hours(client, auth, setup):
    certificates.issue_for_workshop(setup["workshop"], setup["admin"])
    auth.login(setup["educator"])
    page = client.get("/me/certificates").get_data(as_text=True)
    assert "Total hours: 6.0" in page and "STEM" in page and "Washington clock hours" in page

    transcript = client.get("/me/transcript").get_data(as_text=True)
    assert "PSESD-42" in transcript and "WA-555" in transcript

    rows = list(csv.reader(io.StringIO(client.get("/me/transcript.csv").data.decode("utf-8-sig"))))
    assert rows[0][0] == "Course title" and rows[1][1] == "PSESD-42" and rows[1][3] == "6.0"
    assert rows[1][rows[0].index("Provider number")] == "WA-1234"

    text = PdfReader(io.BytesIO(client.get("/me/transcript.pdf").data)).pages[0].extract_text()
    assert "Nguyễn Thị Ánh" in text and "WA-555" in text and "PSESD-42" in text


def test_my_certificates_links_the_transcript_even_before_the_first_certificate(
    client, auth, make_user
):
    auth.login(make_user())
    page = client.get("/me/certificates").get_data(as_text=True)
    content = page.split('<main id="main"', 1)[1]  # on the page itself, not only in the menu
    assert "You have no certificates yet." in content
    assert 'href="/me/transcript">Transcript</a>' in content
    assert client.get("/me/transcript").status_code == 200


def test_my_certificates_links_the_transcript_and_its_downloads(client, auth, setup):
    certificates.issue_for_workshop(setup["workshop"], setup["admin"])
    auth.login(setup["educator"])
    content = client.get("/me/certificates").get_data(as_text=True).split('<main id="main"', 1)[1]
    for path in ("/me/transcript", "/me/transcript.pdf", "/me/transcript.csv"):
        assert f'href="{path}"' in content


@pytest.mark.parametrize(
    "path", ["/me/certificates", "/me/transcript", "/me/transcript.pdf", "/me/transcript.csv"]
)
def test_educator_pages_need_a_login(client, path):
    assert client.get(path).status_code == 302


def test_open_badge_credential(client, setup):
    certificate = certificates.issue_for_workshop(setup["workshop"], setup["admin"]).issued[0]
    response = client.get(f"/certificates/{certificate.verification_code}/badge.json")
    assert response.mimetype == "application/ld+json"
    badge = response.get_json()
    assert badge["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert badge["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert badge["issuer"]["type"] == ["Profile"]
    subject = badge["credentialSubject"]
    assert subject["achievement"]["type"] == ["Achievement"]
    assert subject["identifier"][0]["identityHash"] == "Nguyễn Thị Ánh"
    assert subject["creditsEarned"] == 6.0
    assert client.get("/certificates/nope/badge.json").status_code == 404


def test_a_revoked_certificate_is_no_longer_downloadable_by_the_educator(client, auth, setup):
    certificate = certificates.issue_for_workshop(setup["workshop"], setup["admin"]).issued[0]
    certificates.revoke(certificate, setup["admin"], "Recorded for the wrong person")
    auth.login(setup["educator"])
    response = client.get(f"/me/certificates/{certificate.id}.pdf")
    assert response.status_code == 302
    auth.login(setup["admin"])
    assert client.get(f"/me/certificates/{certificate.id}.pdf").mimetype == "application/pdf"


def test_hours_read_the_same_on_every_certificate_page(client, auth, setup):
    """Licensing convention: one decimal and the credit type, wherever a certificate shows."""
    certificate = certificates.issue_for_workshop(setup["workshop"], setup["admin"]).issued[0]
    expected = "6.0 Washington clock hours"
    auth.login(setup["educator"])
    assert expected in client.get("/me/certificates").get_data(as_text=True)
    assert ">6.0<" in client.get("/me/transcript").get_data(as_text=True)
    assert expected in client.get(f"/certificates/verify/{certificate.verification_code}").get_data(
        as_text=True
    )
    auth.login(setup["admin"])
    desk = client.get(f"/facilitate/workshops/{setup['workshop'].slug}/certificates")
    assert expected in desk.get_data(as_text=True)
    assert "6.00" not in desk.get_data(as_text=True)
