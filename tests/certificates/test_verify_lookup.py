"""Verifying a certificate from its printed number and the educator's last name."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from flask import Flask
from pypdf import PdfReader

from pdportal.extensions import db as _db
from pdportal.extensions import limiter
from pdportal.models import AttendanceStatus
from pdportal.services import certificate_pdf, certificates
from tests.conftest import build_app

P = AttendanceStatus.PRESENT


@pytest.fixture
def issued(make_user, make_network, past_workshop, enrol, mark):
    network = make_network(name="Puget Sound STEM Partnership")
    workshop = past_workshop(network=network, credit_type="wa_clock_hours")
    educator = make_user(name="Nguyễn Thị Ánh")
    mark(enrol(educator, workshop), workshop, [P, P])
    return certificates.issue_for_workshop(workshop, make_user(admin_of=network)).issued[0]


def _lookup(client, number: str, last_name: str):
    return client.post("/certificates/verify", data={"number": number, "last_name": last_name})


def test_lookup_page_asks_for_the_number_and_the_last_name(client):
    response = client.get("/certificates/verify")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<label for="number"' in page and '<label for="last_name"' in page


@pytest.mark.parametrize("last_name", ["Nguyễn", "nguyen", " ÁNH ", "Nguyễn Thị Ánh"])
def test_number_and_last_name_show_the_same_result_as_the_code(client, issued, last_name):
    response = _lookup(client, issued.number.lower(), last_name)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Valid." in page and f"Certificate {issued.number}" in page
    assert "6.0 Washington clock hours" in page


def test_number_alone_or_with_another_name_finds_nothing(client, issued):
    response = _lookup(client, issued.number, "Smith")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Valid." not in page and "Nguyễn" not in page
    assert "No certificate has this number with this last name." in page
    assert 'aria-describedby="number-hint number-error"' in page

    blank = _lookup(client, issued.number, "")
    assert blank.status_code == 400
    assert "Enter the educator&#39;s last name as printed on the certificate." in blank.get_data(
        as_text=True
    )


def test_a_number_in_the_code_address_points_to_the_lookup(client, issued):
    response = client.get(f"/certificates/verify/{issued.number}")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert f'href="/certificates/verify?number={issued.number}"' in page
    assert "Valid." not in page
    prefilled = client.get(f"/certificates/verify?number={issued.number}").get_data(as_text=True)
    assert f'value="{issued.number}"' in prefilled
    # The unguessable code keeps working.
    assert client.get(f"/certificates/verify/{issued.verification_code}").status_code == 200


def test_the_pdf_says_where_to_verify_by_number(app, issued):
    pdf = certificate_pdf.render_certificate(issued, certificates.verification_url(issued))
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert f"Certificate number {issued.number}" in text
    assert "or enter the number and last name at" in text
    assert "http://localhost/certificates/verify\n" in text + "\n"


@pytest.fixture
def limited(app: Flask, sqlite_url: str) -> Iterator[Flask]:
    limited = build_app(sqlite_url, RATELIMIT_ENABLED=True, VERIFY_LOOKUP_RATE_LIMIT="3 per minute")
    yield limited
    with limited.app_context():
        _db.engine.dispose()
    limiter.init_app(app)  # the limiter is shared: switch it off again for other tests


def test_lookups_are_rate_limited(limited, issued):
    client = limited.test_client()
    statuses = [_lookup(client, "PSSP-2026-999999", "Smith").status_code for _ in range(4)]
    assert statuses == [404, 404, 404, 429]
    assert client.get("/certificates/verify").status_code == 200  # reading the form is not
