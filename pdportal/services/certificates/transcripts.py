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
from pdportal.services.certificates.pdf import FONT, FONT_BOLD, nfc, register_fonts
from pdportal.services.common.csv_cells import safe_row
from pdportal.templating import to_local

COLUMNS = (
    "Course title",
    "In-service number",
    "Completed",
    "Hours",
    "Credit type",
    "Designations",
    "Provider",
    "Provider number",
    "Certificate number",
)
HOURS_COLUMN = COLUMNS.index("Hours")
# The PDF has no room for a column of its own: the number follows the provider's name.
PDF_COLUMNS = tuple(c for c in COLUMNS if c != "Provider number")


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


def total_lines(summary: Totals) -> list[tuple[str, Decimal]]:
    """Every total as (what, hours): all credit, then by credit type, designation and year."""
    return [
        ("All credit", summary.total),
        *((label, hours) for label, hours in summary.by_credit_type.items()),
        *((f"{label} designation", hours) for label, hours in summary.by_designation.items()),
        *((f"Completed in {year}", hours) for year, hours in summary.by_year.items()),
    ]


def _row(certificate: Certificate) -> list[str]:
    return [
        certificate.workshop_title,
        certificate.inservice_number,
        to_local(certificate.ends_at, certificate.time_zone).date().isoformat(),
        certificate.hours_text,
        certificate.credit_type.label,
        ", ".join(certificate.designation_labels),
        certificate.provider_name or certificate.network_name,
        certificate.provider_number,
        certificate.number or "",
    ]


def _pdf_row(certificate: Certificate) -> list[str]:
    """The CSV row with the provider number in brackets after the provider, as on the page."""
    cells = dict(zip(COLUMNS, _row(certificate), strict=True))
    if number := cells.pop("Provider number"):
        cells["Provider"] += f" ({number})"
    return [cells[column] for column in PDF_COLUMNS]


def transcript_csv(certificates: list[Certificate]) -> str:
    """One row a valid certificate, then a blank row and one row a total (hours in "Hours")."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for certificate in valid_only(certificates):
        writer.writerow(safe_row(_row(certificate)))
    writer.writerow([])
    for label, hours in total_lines(totals(certificates)):
        total = [f"Total: {label}"] + [""] * (HOURS_COLUMN - 1) + [f"{hours:.1f}"]
        writer.writerow(safe_row(total))
    return buffer.getvalue()


_WIDTHS = (170, 90, 66, 34, 90, 72, 114, 76)  # points: landscape letter minus margins
_MARGIN = 40
_BOTTOM = 50  # lowest baseline on a page
_SIGNATURES_PER_ROW = 3
_SIGNATURE_ROW = 56  # points: the line, the designee, the provider and a gap


class _TranscriptCanvas:
    """Draws the transcript top to bottom, starting a new page when the next part won't fit."""

    def __init__(self, user: User) -> None:
        self.buffer = io.BytesIO()
        self.width, self.height = landscape(letter)
        self.canvas = Canvas(self.buffer, pagesize=(self.width, self.height), pageCompression=1)
        self.canvas.setTitle(f"Professional learning transcript — {nfc(user.name)}")
        self.user = user
        self.y = self._page_top()

    def _page_top(self) -> float:
        canvas, top = self.canvas, self.height
        canvas.setFont(FONT_BOLD, 16)
        canvas.drawString(_MARGIN, top - 50, "Professional learning transcript")
        canvas.setFont(FONT, 10)
        canvas.drawString(_MARGIN, top - 68, f"Educator: {nfc(self.user.name)}")
        if self.user.licence_number:
            canvas.drawString(
                300, top - 68, f"Educator certificate / license number: {self.user.licence_number}"
            )
        canvas.drawString(_MARGIN, top - 82, f"Generated {utcnow():%Y-%m-%d} (UTC)")
        return top - 108

    def make_room(self, height: float) -> None:
        if self.y - height < _BOTTOM:
            self.canvas.showPage()
            self.y = self._page_top()

    def column_headings(self) -> None:
        self.make_room(40)
        self.canvas.setFont(FONT_BOLD, 8.5)
        x = _MARGIN
        for title, width in zip(PDF_COLUMNS, _WIDTHS, strict=True):
            for index, line in enumerate(simpleSplit(title, FONT_BOLD, 8.5, width - 6)):
                self.canvas.drawString(x, self.y - index * 10, line)
            x += width
        self.canvas.line(_MARGIN, self.y - 14, self.width - _MARGIN, self.y - 14)
        self.y -= 26

    def certificate_row(self, certificate: Certificate) -> None:
        cells = [
            simpleSplit(nfc(v), FONT, 8.5, w - 6) or [""]
            for v, w in zip(_pdf_row(certificate), _WIDTHS, strict=True)
        ]
        height = max(len(c) for c in cells) * 10.5
        if self.y - height < _BOTTOM:
            self.make_room(height + 40)
            self.column_headings()
        self.canvas.setFont(FONT, 8.5)
        x = _MARGIN
        for lines, width in zip(cells, _WIDTHS, strict=True):
            for index, line in enumerate(lines):
                self.canvas.drawString(x, self.y - index * 10.5, line)
            x += width
        self.y -= height + 4

    def totals(self, summary: Totals) -> None:
        self.make_room(40)
        self.canvas.setFont(FONT_BOLD, 10)
        self.canvas.drawString(_MARGIN, self.y - 10, f"Total hours: {summary.total:.1f}")
        self.y -= 24
        self.canvas.setFont(FONT, 9)
        text = " · ".join(f"{label}: {hours:.1f}" for label, hours in total_lines(summary)[1:])
        for line in simpleSplit(text, FONT, 9, self.width - 2 * _MARGIN):
            self.make_room(11)
            self.canvas.setFont(FONT, 9)
            self.canvas.drawString(_MARGIN, self.y, line)
            self.y -= 11

    def signatures(self, designees: list[tuple[str, str]]) -> None:
        """A signature line for every provider's designee, three to a row."""
        self.y -= 20
        for start in range(0, len(designees), _SIGNATURES_PER_ROW):
            self.make_room(_SIGNATURE_ROW + 20)
            line_y = self.y - 30
            self.canvas.setFont(FONT, 9)
            for index, (provider, designee) in enumerate(
                designees[start : start + _SIGNATURES_PER_ROW]
            ):
                x = _MARGIN + index * 240
                self.canvas.line(x, line_y, x + 210, line_y)
                self.canvas.drawString(x, line_y - 12, nfc(designee or "Provider's designee"))
                self.canvas.drawString(x, line_y - 24, nfc(provider))
            self.y -= _SIGNATURE_ROW

    def finish(self) -> bytes:
        self.canvas.showPage()
        self.canvas.save()
        return self.buffer.getvalue()


def transcript_pdf(user: User, certificates: list[Certificate]) -> bytes:
    register_fonts()
    rows = valid_only(certificates)
    pdf = _TranscriptCanvas(user)
    pdf.column_headings()
    for certificate in rows:
        pdf.certificate_row(certificate)
    pdf.totals(totals(certificates))
    pdf.signatures(sorted({(c.provider_name or c.network_name, c.provider_designee) for c in rows}))
    return pdf.finish()
