"""The words the certificate views choose for what the services return (English being the
default language), and documents made in the language of whoever asks for them."""

from __future__ import annotations

import csv
import io
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from pdportal.documents import certificate as certificate_document
from pdportal.documents import signin_sheet as signin_document
from pdportal.documents import transcript as transcript_document
from pdportal.extensions import db
from pdportal.models import Attendance, AttendanceStatus, OutboxMessage, WorkshopStatus
from pdportal.orm import utcnow
from pdportal.services import certificates
from pdportal.services.certificates import evaluations
from pdportal.services.certificates import issuing as issuing_service

P = AttendanceStatus.PRESENT
SPANISH_DATE = re.compile(r"\b\d{1,2} de \w+\.? de \d{4}\b")  # "12 de nov de 2026"
RATINGS = {"objectives_met": 5, "relevance": 4, "facilitation": 5, "likely_to_change": 3}


@pytest.fixture
def desk(make_user, make_network, past_workshop, enrol, mark):
    network = make_network(name="Puget Sound STEM Partnership")
    workshop = past_workshop(network=network, attendance_threshold_pct=50)
    educator = make_user(name="Ana Ruiz")
    absentee = make_user(name="Al Absent")
    registration = enrol(educator, workshop)
    mark(registration, workshop, [P, P])
    mark(enrol(absentee, workshop), workshop, [AttendanceStatus.ABSENT] * 2)
    return {
        "workshop": workshop,
        "educator": educator,
        "admin": make_user(admin_of=network),
        "url": f"/facilitate/workshops/{workshop.slug}/certificates",
    }


def test_issuing_says_how_many_were_issued_and_why_others_were_not(client, auth, desk):
    auth.login(desk["admin"])
    issue = {"path": f"{desk['url']}/issue", "data": {"confirmed": "1"}, "follow_redirects": True}
    page = client.post(**issue).get_data(as_text=True)
    assert "1 certificate issued; 1 not eligible (see the reasons below)." in page
    assert "attended 0.0 of 6.0 hours (needs 50%)" in page
    again = client.post(**issue).get_data(as_text=True)
    assert "0 certificates issued; 1 already had one; 1 not eligible" in again


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (WorkshopStatus.DRAFT, "A draft workshop has no certificates."),
        (WorkshopStatus.CANCELLED, "A cancelled workshop has no certificates."),
    ],
)
def test_a_workshop_that_never_has_certificates_says_so(client, auth, desk, status, words):
    desk["workshop"].status = status
    db.session.commit()
    auth.login(desk["admin"])
    assert words in client.get(desk["url"]).get_data(as_text=True)
    flashed = client.post(f"{desk['url']}/issue", follow_redirects=True).get_data(as_text=True)
    assert flashed.count(words) == 2  # flashed, and said on the desk


def test_reissue_says_what_it_did_or_why_not(client, auth, desk):
    [certificate] = certificates.issue_for_workshop(desk["workshop"], desk["admin"]).issued
    auth.login(desk["admin"])
    reissue = f"/facilitate/certificates/{certificate.id}/reissue"

    page = client.post(reissue, follow_redirects=True).get_data(as_text=True)
    [replacement] = [c for c in certificates.certificates_of(desk["educator"]) if c.is_valid]
    assert (
        f"Certificate {replacement.number} issued for 6.0 hours; "
        f"{certificate.number} now shows as replaced."
    ) in page

    page = client.post(reissue, follow_redirects=True).get_data(as_text=True)
    assert "This certificate was already replaced; reissue the newest one." in page

    for row in db.session.scalars(select(Attendance)):
        row.status, row.minutes_attended = AttendanceStatus.ABSENT, 0
    db.session.commit()
    page = client.post(
        f"/facilitate/certificates/{replacement.id}/reissue", follow_redirects=True
    ).get_data(as_text=True)
    assert (
        "Not eligible any more: attended 0.0 of 6.0 hours (needs 50%). Revoke it instead." in page
    )


def test_revoking_says_so_and_a_revoked_certificate_cannot_be_revoked_again(client, auth, desk):
    [certificate] = certificates.issue_for_workshop(desk["workshop"], desk["admin"]).issued
    auth.login(desk["admin"])
    url = f"/facilitate/certificates/{certificate.id}/revoke"
    data = {f"revoke-{certificate.id}-reason": "Signed in for a colleague"}
    page = client.post(url, data=data, follow_redirects=True).get_data(as_text=True)
    assert f"Certificate {certificate.number} revoked." in page
    assert "Reason: Signed in for a colleague" in page

    again = client.post(url, data=data, follow_redirects=True).get_data(as_text=True)
    assert "Only a valid certificate can be revoked." in again


def test_the_educator_is_told_a_revoked_certificate_is_revoked(client, auth, desk):
    [certificate] = certificates.issue_for_workshop(desk["workshop"], desk["admin"]).issued
    certificates.revoke(certificate, desk["admin"], "Duplicate")
    auth.login(desk["educator"])
    page = client.get(f"/me/certificates/{certificate.id}.pdf", follow_redirects=True)
    assert f"Certificate {certificate.number} is revoked." in page.get_data(as_text=True)


def test_evaluation_flashes(client, auth, desk, make_workshop, enrol, mark):
    workshop, educator = desk["workshop"], desk["educator"]
    auth.login(educator)
    page = client.post(
        f"/me/evaluations/{workshop.slug}", data=RATINGS, follow_redirects=True
    ).get_data(as_text=True)
    assert "Thank you! Your evaluation was recorded anonymously." in page
    page = client.get(f"/me/evaluations/{workshop.slug}", follow_redirects=True)
    assert "You have already evaluated this workshop. Thank you!" in page.get_data(as_text=True)

    running = make_workshop(sessions=2)
    mark(enrol(educator, running), running, [P])
    page = client.get(f"/me/evaluations/{running.slug}", follow_redirects=True)
    assert "The evaluation opens after the workshop&#39;s last session." in page.get_data(
        as_text=True
    )


def test_emails_go_in_the_recipients_language(desk, monkeypatch):
    desk["educator"].preferred_language = "es"
    db.session.commit()
    asked = []
    real = issuing_service.queue_templated_email

    def spy(*args, **kwargs):
        asked.append((args[1], kwargs["language"]))
        return real(*args, **kwargs)

    monkeypatch.setattr(issuing_service, "queue_templated_email", spy)
    [certificate] = certificates.issue_for_workshop(desk["workshop"], desk["admin"]).issued
    certificates.revoke(certificate, desk["admin"], "Duplicate")
    assert asked == [("certificate_issued", "es"), ("certificate_revoked", "es")]
    subjects = db.session.scalars(select(OutboxMessage.subject).order_by(OutboxMessage.id)).all()
    title = desk["workshop"].title
    assert subjects == [
        f"Su certificado de {title}",
        f"Se revocó su certificado de {title}",
    ]
    body = db.session.scalars(select(OutboxMessage.body_text)).first()
    assert f"Número de certificado: {certificate.number}" in body
    assert "http://localhost/me/certificates" in body


def test_the_evaluation_invitation_has_its_subject_in_the_template(desk, db):
    evaluations.send_invitations(utcnow())
    subject = db.session.scalar(
        select(OutboxMessage.subject).where(OutboxMessage.to_email == desk["educator"].email)
    )
    assert subject == f"How was {desk['workshop'].title}?"


def _spanish(module, monkeypatch):
    """A stand-in for the Spanish catalog (merged later): every word tagged "ES:"."""
    monkeypatch.setattr(module, "_", lambda text, **values: "ES:" + text)


def _pdf_text(response) -> str:
    return PdfReader(io.BytesIO(response.data)).pages[0].extract_text()


def test_a_certificate_downloaded_by_a_spanish_speaking_educator_is_in_spanish(
    client, auth, desk, monkeypatch
):
    [certificate] = certificates.issue_for_workshop(desk["workshop"], desk["admin"]).issued
    url = f"/me/certificates/{certificate.id}.pdf"
    auth.login(desk["educator"])
    english = _pdf_text(client.get(url))
    assert "Certificate of Professional Learning" in english and " de " not in english

    desk["educator"].preferred_language = "es"
    db.session.commit()
    _spanish(certificate_document, monkeypatch)
    text = _pdf_text(client.get(url))
    assert "ES:Certificate of Professional Learning" in text
    assert "ES:This certifies that" in text
    # …and the dates as Babel writes them in Spanish ("jue 12 de nov de 2026").
    dates = text.split("ES:completed the professional learning", 1)[1]
    assert SPANISH_DATE.search(dates)


def test_a_visitor_verifying_gets_the_page_in_their_language(client, desk, monkeypatch):
    [certificate] = certificates.issue_for_workshop(desk["workshop"], desk["admin"]).issued
    page = client.get(
        f"/certificates/verify/{certificate.verification_code}",
        headers={"Accept-Language": "es-MX,es;q=0.9"},
    ).get_data(as_text=True)
    assert '<html lang="es"' in page
    # The Spanish catalog is merged later; the dates already follow the language.
    assert SPANISH_DATE.search(page)


def test_the_transcript_downloads_use_the_readers_language(client, auth, desk, monkeypatch):
    certificates.issue_for_workshop(desk["workshop"], desk["admin"])
    _spanish(transcript_document, monkeypatch)
    auth.login(desk["educator"])
    spanish = {"Accept-Language": "es"}
    rows = list(
        csv.reader(
            io.StringIO(client.get("/me/transcript.csv", headers=spanish).data.decode("utf-8-sig"))
        )
    )
    assert rows[0][0] == "ES:Course title" and rows[1][2].count("-") == 2  # an ISO date
    pdf = client.get("/me/transcript.pdf", headers=spanish).data
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "ES:Professional learning transcript" in text


def test_the_sign_in_sheet_uses_the_readers_language(client, auth, desk, monkeypatch):
    facilitator = desk["admin"]
    session = desk["workshop"].sessions[0]
    auth.login(facilitator)
    url = f"/facilitate/sessions/{session.id}/sign-in-sheet.pdf"
    text = PdfReader(io.BytesIO(client.get(url).data)).pages[0].extract_text()
    assert "Sign-in sheet · page 1" in text and "School / organization" in text
    assert "Ana Ruiz" in text
    _spanish(signin_document, monkeypatch)
    text = PdfReader(io.BytesIO(client.get(url).data)).pages[0].extract_text()
    assert "ES:Sign-in sheet · page 1" in text and "ES:Signature" in text
