"""Verifying a certificate from its printed number and the educator's last name."""

from __future__ import annotations

import html
import io
from collections.abc import Iterator

import pytest
from flask import Flask
from pypdf import PdfReader

from pdportal.documents import certificate as certificate_pdf
from pdportal.extensions import db as _db
from pdportal.extensions import limiter
from pdportal.models import AttendanceStatus
from pdportal.services import certificates
from tests.conftest import build_app

P = AttendanceStatus.PRESENT


@pytest.fixture
def issued(make_user, make_network, past_workshop, enrol, mark, clock_hours_ready):
    network = make_network(name="Puget Sound STEM Partnership")
    workshop = past_workshop(network=network, credit_type="wa_clock_hours")
    educator = make_user(name="Nguyễn Thị Ánh")
    mark(enrol(educator, workshop), workshop, [P, P])
    clock_hours_ready(workshop, educator)
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
    # (A validator's message is a lazy translation, which Jinja prints without escaping.)
    assert "Enter the educator's last name as printed on the certificate." in html.unescape(
        blank.get_data(as_text=True)
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


@pytest.fixture
def lovelace(make_user, make_network, past_workshop, enrol, mark):
    network = make_network(name="Puget Sound STEM Partners")
    workshop = past_workshop(network=network)
    educator = make_user(name="Ada B Lovelace-Byron")
    mark(enrol(educator, workshop), workshop, [P, P])
    return certificates.issue_for_workshop(workshop, make_user(admin_of=network)).issued[0]


@pytest.mark.parametrize("name", ["b", "B", "Thi", "thị", "Ánh Nguyễn", "Lovelace B", "Ada B", "L"])
def test_a_middle_word_an_initial_or_a_jumble_finds_nothing(client, issued, lovelace, name):
    for certificate in (issued, lovelace):
        response = _lookup(client, certificate.number, name)
        assert response.status_code == 404
        assert "Valid." not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "name", ["Lovelace-Byron", "LOVELACE-BYRON", "Byron", "B Lovelace-Byron", "ada"]
)
def test_the_family_name_as_printed_finds_it(client, lovelace, name):
    response = _lookup(client, lovelace.number, name)
    assert response.status_code == 200
    assert "Valid." in response.get_data(as_text=True)


def test_a_failed_lookup_reads_the_same_whether_the_number_exists_or_not(client, issued):
    missing = issued.number[:-6] + "999999"
    pages = [
        _lookup(client, number, "Smith").get_data(as_text=True).replace(number, "NUMBER")
        for number in (issued.number, missing)
    ]
    assert pages[0] == pages[1]
    assert "No certificate has this number with this last name." in pages[0]


@pytest.fixture
def per_number(app: Flask, sqlite_url: str) -> Iterator[Flask]:
    limited = build_app(
        sqlite_url,
        RATELIMIT_ENABLED=True,
        VERIFY_LOOKUP_RATE_LIMIT="100 per minute",
        VERIFY_FAILED_LOOKUP_LIMIT="3 per hour",
    )
    yield limited
    with limited.app_context():
        _db.engine.dispose()
    limiter.init_app(app)  # the limiter is shared: switch it off again for other tests


def test_failed_lookups_of_one_number_are_limited_from_any_address(per_number, issued):
    client = per_number.test_client()

    def lookup(number: str, name: str, address: str) -> int:
        return client.post(
            "/certificates/verify",
            data={"number": number, "last_name": name},
            environ_base={"REMOTE_ADDR": address},
        ).status_code

    # Successful lookups are not counted against the number.
    assert [lookup(issued.number, "Nguyen", "10.0.0.1") for _ in range(4)] == [200] * 4
    # Guesses from ever new addresses: the number locks after three, written any way.
    number = f" {issued.number.lower()} "
    tries = [lookup(number, guess, f"10.0.1.{i}") for i, guess in enumerate("ABCD")]
    assert tries == [404, 404, 404, 429]
    assert lookup(issued.number, "Nguyen", "10.0.2.1") == 429
    # A number that does not exist locks the same way; another number is unaffected.
    missing = issued.number[:-6] + "999999"
    assert [lookup(missing, "Smith", f"10.0.3.{i}") for i in range(4)] == [404, 404, 404, 429]
    assert lookup(issued.number[:-6] + "999998", "Smith", "10.0.4.1") == 404
