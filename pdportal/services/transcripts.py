"""An educator's transcript: every valid certificate and total hours, as CSV and PDF.

The PDF carries what a Washington clock-hour transcript must: the educator's name and
certificate (licence) number, each course's title, in-service number, completion date,
hours, designations and provider, and a signature line for each provider's designee.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from pdportal.models import Certificate, User
from pdportal.orm import utcnow
from pdportal.services.certificate_pdf import FONT, FONT_BOLD, nfc, register_fonts
from pdportal.templating import to_local

COLUMNS = (
    "Course title",
    "In-service number",
    "Completed",
    "Hours",
    "Credit type",
    "Designations",
    "Provider",
    "Certificate number",
)


@dataclass(frozen=True)
class Totals:
    by_credit_type: dict[str, Decimal]
    by_designation: dict[str, Decimal]
    by_year: dict[int, Decimal]
    total: Decimal


def valid_only(certificates: list[Certificate]) -> list[Certificate]:
    return [c for c in certificates if c.is_valid]


def completion_year(certificate: Certificate) -> int:
    return to_local(certificate.ends_at, certificate.time_zone).year


def totals(certificates: list[Certificate]) -> Totals:
    by_type: dict[str, Decimal] = defaultdict(Decimal)
    by_designation: dict[str, Decimal] = defaultdict(Decimal)
    by_year: dict[int, Decimal] = defaultdict(Decimal)
    for certificate in valid_only(certificates):
        by_type[certificate.credit_type.label] += certificate.credited_hours
        for label in certificate.designation_labels:
            by_designation[label] += certificate.credited_hours
        by_year[completion_year(certificate)] += certificate.credited_hours
    return Totals(
        dict(sorted(by_type.items())),
        dict(sorted(by_designation.items())),
        dict(sorted(by_year.items(), reverse=True)),
        sum(by_type.values(), Decimal(0)),
    )


def _row(certificate: Certificate) -> list[str]:
    return [
        certificate.workshop_title,
        certificate.inservice_number,
        to_local(certificate.ends_at, certificate.time_zone).date().isoformat(),
        certificate.hours_text,
        certificate.credit_type.label,
        ", ".join(certificate.designation_labels),
        certificate.provider_name or certificate.network_name,
        certificate.number or "",
    ]


def transcript_csv(certificates: list[Certificate]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for certificate in valid_only(certificates):
        # A leading =, +, - or @ would run as a formula in a spreadsheet.
        writer.writerow(
            ["'" + v if v[:1] in ("=", "+", "-", "@") else v for v in _row(certificate)]
        )
    return buffer.getvalue()


_WIDTHS = (170, 90, 66, 34, 90, 72, 114, 76)  # points: landscape letter minus margins


def transcript_pdf(user: User, certificates: list[Certificate]) -> bytes:
    register_fonts()
    rows = valid_only(certificates)
    buffer = io.BytesIO()
    page_width, page_height = landscape(letter)
    canvas = Canvas(buffer, pagesize=(page_width, page_height), pageCompression=1)
    canvas.setTitle(f"Professional learning transcript — {nfc(user.name)}")

    def header() -> float:
        canvas.setFont(FONT_BOLD, 16)
        canvas.drawString(40, page_height - 50, "Professional learning transcript")
        canvas.setFont(FONT, 10)
        canvas.drawString(40, page_height - 68, f"Educator: {nfc(user.name)}")
        if user.licence_number:
            canvas.drawString(
                300,
                page_height - 68,
                f"Educator certificate / licence number: {user.licence_number}",
            )
        canvas.drawString(40, page_height - 82, f"Generated {utcnow():%Y-%m-%d} (UTC)")
        y = page_height - 108
        canvas.setFont(FONT_BOLD, 8.5)
        x = 40
        for title, width in zip(COLUMNS, _WIDTHS, strict=True):
            for index, line in enumerate(simpleSplit(title, FONT_BOLD, 8.5, width - 6)):
                canvas.drawString(x, y - index * 10, line)
            x += width
        canvas.line(40, y - 14, page_width - 40, y - 14)
        return y - 26

    y = header()
    for certificate in rows:
        cells = [
            simpleSplit(nfc(v), FONT, 8.5, w - 6) or [""]
            for v, w in zip(_row(certificate), _WIDTHS, strict=True)
        ]
        height = max(len(c) for c in cells) * 10.5
        if y - height < 150:
            canvas.showPage()
            y = header()
        canvas.setFont(FONT, 8.5)
        x = 40
        for lines, width in zip(cells, _WIDTHS, strict=True):
            for index, line in enumerate(lines):
                canvas.drawString(x, y - index * 10.5, line)
            x += width
        y -= height + 4
    summary = totals(certificates)
    canvas.setFont(FONT_BOLD, 10)
    canvas.drawString(40, y - 10, f"Total hours: {summary.total:.1f}")
    canvas.setFont(FONT, 9)
    parts = [f"{label}: {hours:.1f}" for label, hours in summary.by_credit_type.items()]
    parts += [
        f"{label} designation: {hours:.1f}" for label, hours in summary.by_designation.items()
    ]
    for index, line in enumerate(simpleSplit(" · ".join(parts), FONT, 9, page_width - 80)):
        canvas.drawString(40, y - 24 - index * 11, line)
    designees = sorted({(c.provider_name or c.network_name, c.provider_designee) for c in rows})
    y = min(y - 70, 110)
    for index, (provider, designee) in enumerate(designees[:3]):
        x = 40 + index * 250
        canvas.line(x, y, x + 220, y)
        canvas.drawString(x, y - 12, nfc(designee or "Provider's designee"))
        canvas.drawString(x, y - 24, nfc(provider))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
