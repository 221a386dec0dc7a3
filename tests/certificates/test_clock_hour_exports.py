"""Exports for the office: the E-Cert-ready CSV and the whole record of one offering; and
nothing in those records is deleted (issue 11)."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest

from pdportal.documents.spreadsheet import UTF8_BOM
from pdportal.models import AttendanceStatus, CertificateStatus, CreditType, RegistrationStatus
from pdportal.services import attendance, certificates, registration
from pdportal.services.workshops import approval

P = AttendanceStatus.PRESENT


@pytest.fixture
def issued(past_workshop, make_user, make_network, enrol, mark, clock_hours_ready):
    network = make_network(
        name="Puget Sound STEM Partnership", provider_name="PSESD", provider_number="WA-121"
    )
    workshop = past_workshop(
        network=network,
        title="=Sensemaking",
        credit_type=CreditType.WA_CLOCK_HOURS,
        designations=["stem", "leadership"],
        inservice_number="PSESD-42",
        attendance_threshold_pct=80,
    )
    admin = make_user(admin_of=network, name="Nadia Admin")
    educator = make_user(name="Nguyễn Thị Ánh", licence_number="WA-555")
    leaver = make_user(name="Lee Leaver")
    registration_ = enrol(educator, workshop)
    mark(registration_, workshop, [P, P])
    cancelled = enrol(leaver, workshop)
    registration.cancel_registration(cancelled, admin, "Moved away")
    clock_hours_ready(workshop, educator, Decimal("5.5"))
    attendance.record(workshop.sessions[0], registration_, AttendanceStatus.LATE, 150, admin)
    [certificate] = certificates.issue_for_workshop(workshop, admin).issued
    return {"workshop": workshop, "network": network, "admin": admin, "certificate": certificate}


def _csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix(UTF8_BOM))))


def test_the_ecert_csv_has_a_row_per_certificate_with_the_class(client, auth, issued):
    auth.login(issued["admin"])
    year = issued["certificate"].ends_at.year
    response = client.get(
        f"/admin/networks/{issued['network'].slug}/clock-hours"
        f"?download=1&first_day={year - 1}-01-01&last_day={year}-12-31"
    )
    assert response.status_code == 200 and response.mimetype == "text/csv"
    header, row = _csv(response.get_data(as_text=True))
    record = dict(zip(header, row, strict=True))
    assert record["Credit Type"] == "Clock Hours"
    assert (record["Provider"], record["Provider Number"]) == ("PSESD", "WA-121")
    assert record["Class Title"] == "'=Sensemaking"  # never a formula
    assert record["Hours"] == "5.5"  # affirmed 5.5 of 6; attendance after correction: 5.5
    assert record["STEM"] == "Y" and record["In-Service Number"] == "PSESD-42"
    assert record["Designations"] == "STEM; Leadership"
    assert record["Educator Certificate Number"] == "WA-555"
    assert record["Begin Date"] <= record["End Date"]


def test_the_ecert_csv_keeps_to_the_period(issued):
    network, certificate = issued["network"], issued["certificate"]
    day = certificate.ends_at.astimezone().date()
    from pdportal.services.certificates import exports

    later = day + timedelta(days=2)
    assert exports.ecert_certificates(network, later, later + timedelta(days=30)) == []
    found = exports.ecert_certificates(network, day - timedelta(days=2), day + timedelta(days=2))
    assert found == [certificate]


@pytest.mark.parametrize(
    "query",
    [
        "download=1&first_day=2027-02-01&last_day=2027-01-01",
        "download=1&first_day=2000-01-01&last_day=2027-01-01",
        "download=1&first_day=x&last_day=",
        "download=1&first_day=99999-01-01&last_day=2027-01-01",
    ],
)
def test_odd_periods_are_field_messages(client, auth, issued, query):
    auth.login(issued["admin"])
    response = client.get(f"/admin/networks/{issued['network'].slug}/clock-hours?{query}")
    assert response.status_code == 400
    assert 'class="error"' in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("role", "status"), [("educator", 403), ("other_admin", 403), ("admin", 200)]
)
def test_the_exports_are_for_the_networks_admins(client, auth, issued, make_user, role, status):
    people = {
        "educator": make_user(),
        "other_admin": make_user(admin_of=None),
        "admin": issued["admin"],
    }
    auth.login(people[role])
    base = f"/admin/networks/{issued['network'].slug}/clock-hours"
    assert client.get(base).status_code == status
    zip_url = f"/admin/workshops/{issued['workshop'].slug}/clock-hour-record.zip"
    assert client.get(zip_url).status_code == status


def test_the_offering_record_holds_everything_on_file(client, auth, issued):
    auth.login(issued["admin"])
    response = client.get(f"/admin/workshops/{issued['workshop'].slug}/clock-hour-record.zip")
    assert response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert sorted(archive.namelist()) == [
        "approval.csv",
        "attendance-changes.csv",
        "attendance.csv",
        "evaluation.csv",
        "participants.csv",
    ]
    read = {name: _csv(archive.read(name).decode("utf-8")) for name in archive.namelist()}
    participants = {row[0]: row for row in read["participants.csv"][1:]}
    assert participants["Nguyễn Thị Ánh"][5:8][1] == "5.5"  # affirmed
    assert participants["Lee Leaver"][3] == "Cancelled" and participants["Lee Leaver"][4]
    changes = read["attendance-changes.csv"]
    assert len(changes) == 2 and "Late, 150" in changes[1]
    assert read["evaluation.csv"][0] == ["Question", "Average", "Responses"]


def test_cancelling_and_revoking_keep_the_rows(db, issued):
    """Seven-year retention: nothing of the record goes away."""
    from sqlalchemy import func, select

    from pdportal.models import Certificate, Registration

    certificates.revoke(issued["certificate"], issued["admin"], "Entered in error")
    assert db.session.scalar(select(func.count(Certificate.id))) == 1
    assert db.session.scalar(select(Certificate.status)) == CertificateStatus.REVOKED
    statuses = db.session.scalars(select(Registration.status)).all()
    assert RegistrationStatus.CANCELLED in statuses and len(statuses) == 2
    assert len(approval.versions(issued["workshop"])) == 1  # the approval stays on file
