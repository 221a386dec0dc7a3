"""An educator's transcript as a CSV and a PDF, in the language of the request.

The PDF carries what a Washington clock-hour transcript must: the educator's name and
certificate (licence) number, each course's title, in-service number, completion date,
hours, designations and provider, and a signature line for each provider's designee.
The CSV's column headings and total labels are words, translated; its values stay
machine-readable (ISO dates, hours as 6.0).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from pdportal.documents.drawing import FONT, FONT_BOLD, nfc, register_fonts
from pdportal.i18n import format_local_date
from pdportal.models import Certificate, Designation, User
from pdportal.orm import utcnow
from pdportal.services.certificates.transcripts import (
    Totals,
    counted_requirement,
    totals,
    valid_only,
)

# The columns, in order; their headings are TranscriptLabels.columns.
COLUMNS = (
    "title",
    "inservice_number",
    "completed",
    "hours",
    "credit_type",
    "designations",
    "provider",
    "provider_number",
    "certificate_number",
    "counts_toward",  # the one requirement its hours count toward
)
HOURS_COLUMN = COLUMNS.index("hours")
# The PDF has no room for a column of its own: the number follows the provider's name;
# the requirement each certificate counts toward is in the CSV and on the page.
PDF_COLUMNS = tuple(c for c in COLUMNS if c not in ("provider_number", "counts_toward"))


@dataclass(frozen=True)
class TranscriptLabels:
    """The transcript's words; `%(…)s` placeholders are filled in when it is made."""

    columns: dict[str, str]  # a heading for each of COLUMNS
    heading: str
    document_title: str  # %(name)s
    educator: str  # %(name)s
    licence_number: str  # %(number)s
    generated: str  # %(date)s
    total_hours: str  # %(hours)s
    all_credit: str
    designation_total: str  # %(designation)s
    year_total: str  # %(year)s
    csv_total: str  # %(what)s: the first cell of each total row of the CSV
    designee: str  # under a signature line when the provider names no designee


def transcript_labels() -> TranscriptLabels:
    """The transcript's words in the language of the request."""
    return TranscriptLabels(
        columns={
            "title": _("Course title"),
            "inservice_number": _("In-service number"),
            "completed": _("Completed"),
            "hours": _("Hours"),
            "credit_type": _("Credit type"),
            "designations": _("Designations"),
            "provider": _("Provider"),
            "provider_number": _("Provider number"),
            "certificate_number": _("Certificate number"),
            "counts_toward": _("Counts toward"),
        },
        heading=_("Professional learning transcript"),
        document_title=_("Professional learning transcript — %(name)s"),
        educator=_("Educator: %(name)s"),
        licence_number=_("Educator certificate / license number: %(number)s"),
        generated=_("Generated %(date)s (UTC)"),
        total_hours=_("Total hours: %(hours)s"),
        all_credit=_("All credit"),
        designation_total=_("%(designation)s designation"),
        year_total=_("Completed in %(year)s"),
        csv_total=_("Total: %(what)s"),
        designee=_("Provider's designee"),
    )


def total_lines(summary: Totals, labels: TranscriptLabels) -> list[tuple[str, Decimal]]:
    """Every total as (what, hours): all credit, then by credit type, designation and year."""
    designations = Designation.labels()
    return [
        (labels.all_credit, summary.total),
        *((credit_type.label, hours) for credit_type, hours in summary.by_credit_type.items()),
        *(
            (labels.designation_total % {"designation": designations.get(value, value)}, hours)
            for value, hours in summary.by_designation.items()
        ),
        *((labels.year_total % {"year": year}, hours) for year, hours in summary.by_year.items()),
    ]


def _cells(certificate: Certificate) -> dict[str, str]:
    requirement = counted_requirement(certificate)
    return {
        "title": certificate.workshop_title,
        "inservice_number": certificate.inservice_number,
        "completed": certificate.ends_at.astimezone(ZoneInfo(certificate.time_zone))
        .date()
        .isoformat(),
        "hours": certificate.hours_text,
        "credit_type": certificate.credit_type.label,
        "designations": ", ".join(certificate.designation_labels),
        "provider": certificate.provider_name or certificate.network_name,
        "provider_number": certificate.provider_number,
        "certificate_number": certificate.number or "",
        "counts_toward": Designation.labels().get(requirement, requirement),
    }


def _pdf_row(certificate: Certificate) -> list[str]:
    """The CSV row with the provider number in brackets after the provider, as on the page,
    and the completion date as the reader writes dates."""
    cells = _cells(certificate)
    cells["completed"] = format_local_date(certificate.ends_at, certificate.time_zone)
    if number := cells.pop("provider_number"):
        cells["provider"] += f" ({number})"
    return [cells[column] for column in PDF_COLUMNS]


def transcript_rows(
    certificates: list[Certificate], labels: TranscriptLabels | None = None
) -> list[list[object]]:
    """One row a valid certificate, then a blank row and one row a total (hours in "Hours")."""
    labels = labels or transcript_labels()
    rows: list[list[object]] = [[labels.columns[column] for column in COLUMNS]]
    for certificate in valid_only(certificates):
        cells = _cells(certificate)
        rows.append([cells[column] for column in COLUMNS])
    rows.append([])
    for what, hours in total_lines(totals(certificates), labels):
        first = labels.csv_total % {"what": what}
        rows.append([first] + [""] * (HOURS_COLUMN - 1) + [f"{hours:.1f}"])
    return rows


_WIDTHS = (170, 90, 66, 34, 90, 72, 114, 76)  # points: landscape letter minus margins
_MARGIN = 40
_BOTTOM = 50  # lowest baseline on a page
_SIGNATURES_PER_ROW = 3
_SIGNATURE_ROW = 56  # points: the line, the designee, the provider and a gap


class _TranscriptCanvas:
    """Draws the transcript top to bottom, starting a new page when the next part won't fit."""

    def __init__(self, user: User, labels: TranscriptLabels) -> None:
        self.buffer = io.BytesIO()
        self.width, self.height = landscape(letter)
        self.canvas = Canvas(self.buffer, pagesize=(self.width, self.height), pageCompression=1)
        self.labels = labels
        self.canvas.setTitle(labels.document_title % {"name": nfc(user.name)})
        self.user = user
        self.generated = format_local_date(utcnow(), "UTC")
        self.y = self._page_top()

    def _page_top(self) -> float:
        canvas, top, labels = self.canvas, self.height, self.labels
        canvas.setFont(FONT_BOLD, 16)
        canvas.drawString(_MARGIN, top - 50, labels.heading)
        canvas.setFont(FONT, 10)
        canvas.drawString(_MARGIN, top - 68, labels.educator % {"name": nfc(self.user.name)})
        if self.user.licence_number:
            canvas.drawString(
                300, top - 68, labels.licence_number % {"number": self.user.licence_number}
            )
        canvas.drawString(_MARGIN, top - 82, labels.generated % {"date": self.generated})
        return top - 108

    def make_room(self, height: float) -> None:
        if self.y - height < _BOTTOM:
            self.canvas.showPage()
            self.y = self._page_top()

    def column_headings(self) -> None:
        self.make_room(40)
        self.canvas.setFont(FONT_BOLD, 8.5)
        x = _MARGIN
        rows = 1
        for column, width in zip(PDF_COLUMNS, _WIDTHS, strict=True):
            lines = simpleSplit(self.labels.columns[column], FONT_BOLD, 8.5, width - 6)
            for index, line in enumerate(lines):
                self.canvas.drawString(x, self.y - index * 10, line)
            rows = max(rows, len(lines))
            x += width
        rule = self.y - 14 - max(0, rows - 2) * 10  # room for two lines, more if needed
        self.canvas.line(_MARGIN, rule, self.width - _MARGIN, rule)
        self.y = rule - 12

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
        total = self.labels.total_hours % {"hours": f"{summary.total:.1f}"}
        self.canvas.drawString(_MARGIN, self.y - 10, total)
        self.y -= 24
        self.canvas.setFont(FONT, 9)
        lines = total_lines(summary, self.labels)[1:]
        text = " · ".join(f"{what}: {hours:.1f}" for what, hours in lines)
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
                self.canvas.drawString(x, line_y - 12, nfc(designee or self.labels.designee))
                self.canvas.drawString(x, line_y - 24, nfc(provider))
            self.y -= _SIGNATURE_ROW

    def finish(self) -> bytes:
        self.canvas.showPage()
        self.canvas.save()
        return self.buffer.getvalue()


def transcript_pdf(
    user: User, certificates: list[Certificate], labels: TranscriptLabels | None = None
) -> bytes:
    """The PDF, in the words of `labels` (by default the request's language)."""
    register_fonts()
    rows = valid_only(certificates)
    pdf = _TranscriptCanvas(user, labels or transcript_labels())
    pdf.column_headings()
    for certificate in rows:
        pdf.certificate_row(certificate)
    pdf.totals(totals(certificates))
    pdf.signatures(sorted({(c.provider_name or c.network_name, c.provider_designee) for c in rows}))
    return pdf.finish()
