"""The transcript's totals, its CSV and its PDF layout, from certificates as issued."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal

from pypdf import PdfReader

from pdportal.documents import transcript as transcript_document
from pdportal.models import Certificate, CertificateStatus, CreditType, User
from pdportal.services.certificates import transcripts

ZONE = "America/Los_Angeles"


def certificate(
    title: str, year: int, hours: str, *, provider: str, designee: str, **fields
) -> Certificate:
    ends = datetime(year, 6, 30, 22, 0, tzinfo=UTC)
    return Certificate(
        number=f"PD-{year}-{title[:4].upper()}",
        workshop_title=title,
        credit_type=fields.pop("credit_type", CreditType.WA_CLOCK_HOURS),
        credited_hours=Decimal(hours),
        designations=fields.pop("designations", ["stem"]),
        inservice_number=f"INS-{year}",
        network_name=f"{provider} network",
        provider_name=provider,
        provider_designee=designee,
        provider_number=fields.pop("provider_number", f"WA-{provider[-1]}"),
        time_zone=ZONE,
        starts_at=ends,
        ends_at=ends,
        status=fields.pop("status", CertificateStatus.VALID),
        **fields,
    )


def history() -> list[Certificate]:
    providers = [(f"Provider {n}", f"Designee {n}") for n in range(1, 6)]
    made = [
        certificate(f"Course {index}", 2024 + index % 3, "3", provider=p, designee=d)
        for index, (p, d) in enumerate(providers * 4)
    ]
    made.append(
        certificate(
            "Equity in Assessment",
            2026,
            "6",
            provider="Provider 1",
            designee="Designee 1",
            credit_type=CreditType.OR_PDUS,
            designations=["equity"],
        )
    )
    made.append(
        certificate(
            "Revoked Course",
            2026,
            "9",
            provider="Provider 9",
            designee="Designee 9",
            status=CertificateStatus.REVOKED,
        )
    )
    return made


def test_totals_by_credit_type_designation_and_year_leave_out_invalid_certificates():
    summary = transcripts.totals(history())
    assert summary.total == Decimal("66")
    assert summary.by_credit_type == {
        CreditType.OR_PDUS: Decimal("6"),
        CreditType.WA_CLOCK_HOURS: Decimal("60"),
    }
    assert summary.by_designation == {"equity": Decimal("6"), "stem": Decimal("60")}
    assert summary.by_year == {2026: Decimal("24"), 2025: Decimal("21"), 2024: Decimal("21")}


def test_csv_ends_with_every_total_in_the_hours_column():
    rows = list(csv.reader(io.StringIO(transcript_document.transcript_csv(history()))))
    totals = {row[0]: row[3] for row in rows if row and row[0].startswith("Total: ")}
    assert totals == {
        "Total: All credit": "66.0",
        "Total: Oregon PDUs": "6.0",
        "Total: Washington clock hours": "60.0",
        "Total: Equity designation": "6.0",
        "Total: STEM designation": "60.0",
        "Total: Completed in 2026": "24.0",
        "Total: Completed in 2025": "21.0",
        "Total: Completed in 2024": "21.0",
    }
    assert not any("Revoked Course" in row for row in rows)


def test_pdf_carries_totals_by_year_and_a_signature_line_for_every_provider():
    user = User(email="ana@example.org", name="Nguyễn Thị Ánh", licence_number="WA-555")
    reader = PdfReader(io.BytesIO(transcript_document.transcript_pdf(user, history())))
    text = "\n".join(page.extract_text() for page in reader.pages)

    assert len(reader.pages) >= 2  # 21 courses do not fit on one landscape page
    assert "Total hours: 66.0" in text
    assert "Completed in 2024: 21.0" in text and "STEM designation: 60.0" in text
    for n in range(1, 6):
        assert f"Designee {n}" in text
    assert "Designee 9" not in text and "Revoked Course" not in text
    for page in reader.pages:  # every page says whose transcript it is
        assert "Nguyễn Thị Ánh" in page.extract_text()


def test_csv_gives_each_certificates_provider_number_beside_the_provider():
    rows = list(csv.reader(io.StringIO(transcript_document.transcript_csv(history()))))
    header = rows[0]
    assert header[header.index("Provider") + 1] == "Provider number"
    courses = [row for row in rows[1:] if row and not row[0].startswith("Total: ")]
    by_title = {row[0]: dict(zip(header, row, strict=True)) for row in courses}
    assert by_title["Course 0"]["Provider"] == "Provider 1"
    assert by_title["Course 0"]["Provider number"] == "WA-1"
    assert by_title["Equity in Assessment"]["Provider number"] == "WA-1"
    assert by_title["Course 4"]["Provider number"] == "WA-5"
    # The totals still close the file, their hours under "Hours".
    last = rows[-1]
    assert last[0] == "Total: Completed in 2024" and last[header.index("Hours")] == "21.0"


def test_pdf_gives_the_provider_number_after_the_provider():
    user = User(email="ana@example.org", name="Ana")
    reader = PdfReader(io.BytesIO(transcript_document.transcript_pdf(user, history())))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Provider 3 (WA-3)" in text


def _labels_in(language: str) -> transcript_document.TranscriptLabels:
    """Words standing in for a translation: each English one tagged with `language`."""
    english = transcript_document.transcript_labels()
    return transcript_document.TranscriptLabels(
        **{
            name: {k: f"{language}:{v}" for k, v in value.items()}
            if isinstance(value, dict)
            else f"{language}:{value}"
            for name, value in vars(english).items()
        }
    )


def test_csv_headings_and_totals_take_the_words_given_and_values_stay_machine_readable():
    rows = list(
        csv.reader(io.StringIO(transcript_document.transcript_csv(history(), _labels_in("es"))))
    )
    assert rows[0][:4] == ["es:Course title", "es:In-service number", "es:Completed", "es:Hours"]
    course = dict(zip(rows[0], rows[1], strict=True))
    assert course["es:Completed"] == "2024-06-30"  # ISO, whatever the language
    assert course["es:Hours"] == "3.0"
    totals = [row for row in rows if row and row[0].startswith("es:Total: ")]
    assert totals[0][0] == "es:Total: es:All credit" and totals[0][3] == "66.0"
    assert ["es:Total: es:Completed in 2026", "", "", "24.0"] in rows


def test_pdf_takes_its_words_from_the_labels_given():
    user = User(email="ana@example.org", name="Ana", licence_number="WA-555")
    pdf = transcript_document.transcript_pdf(user, history(), _labels_in("es"))
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "es:Professional learning transcript" in text
    assert "es:Educator: Ana" in text
    assert "es:Educator certificate / license number: WA-555" in text
    assert "es:Total hours: 66.0" in text
    assert "es:Completed in 2024: 21.0" in text
    assert reader.metadata.title == "es:Professional learning transcript — Ana"
