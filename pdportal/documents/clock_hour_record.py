"""A Washington clock-hour record for one certificate, after OSPI's Form 1125, and an
Oregon educator's PDU log: one-page PDFs in the language of the request.

The clock-hour record carries every item of OSPI's list for an approved transcript: the
educator's name and (optional) certificate number, the completion date, the hours, the
title, the designations, the provider's seal and the designee's signature; and the
educator's affidavit, "I affirm that I earned __ of __ clock hours", with its date.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _
from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from pdportal.documents.certificate import date_range_text
from pdportal.documents.drawing import (
    FONT,
    FONT_BOLD,
    clipped,
    draw_image,
    draw_signing,
    fitted_size,
    nfc,
    register_fonts,
)
from pdportal.i18n import format_local_date
from pdportal.models import Certificate, User

PAGE = letter
LEFT = 54


@dataclass(frozen=True)
class RecordLabels:
    heading: str
    document_title: str  # %(number)s
    fields: dict[str, str]  # a label for each of RECORD_FIELDS
    affidavit: str  # %(earned)s, %(offered)s
    affirmed: str  # %(name)s, %(date)s
    not_affirmed: str
    designee: str
    issued: str  # %(date)s
    verify_at: str


RECORD_FIELDS = (
    "educator",
    "licence_number",
    "title",
    "inservice_number",
    "dates",
    "completed",
    "hours",
    "designations",
    "provider",
    "provider_number",
    "certificate_number",
)


def record_labels() -> RecordLabels:
    return RecordLabels(
        heading=_("Clock Hour Record"),
        document_title=_("Clock hour record %(number)s"),
        fields={
            "educator": _("Educator"),
            "licence_number": _("Educator certificate number"),
            "title": _("Title of the course"),
            "inservice_number": _("In-service number"),
            "dates": _("Dates"),
            "completed": _("Completion date"),
            "hours": _("Clock hours"),
            "designations": _("Designations"),
            "provider": _("Approved provider"),
            "provider_number": _("Provider number"),
            "certificate_number": _("Certificate number"),
        },
        affidavit=_("I affirm that I earned %(earned)s of %(offered)s clock hours."),
        affirmed=_("Affirmed by %(name)s on %(date)s."),
        not_affirmed=_("Not affirmed by the educator (issued before affidavits were kept)."),
        designee=_("Provider's designee"),
        issued=_("Issued %(date)s"),
        verify_at=_("Verify at"),
    )


def _values(certificate: Certificate) -> dict[str, str]:
    return {
        "educator": nfc(certificate.educator_name),
        "licence_number": certificate.licence_number or "—",
        "title": nfc(certificate.workshop_title),
        "inservice_number": certificate.inservice_number or "—",
        "dates": date_range_text(certificate),
        "completed": format_local_date(certificate.ends_at, certificate.time_zone),
        "hours": certificate.hours_text,
        "designations": ", ".join(certificate.designation_labels) or "—",
        "provider": nfc(certificate.provider_name or certificate.network_name),
        "provider_number": certificate.provider_number or "—",
        "certificate_number": certificate.number or "",
    }


def render_clock_hour_record(
    certificate: Certificate, verify_url: str, labels: RecordLabels | None = None
) -> bytes:
    labels = labels or record_labels()
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=PAGE, pageCompression=1)
    width, height = PAGE
    canvas.setTitle(labels.document_title % {"number": certificate.number})
    canvas.setAuthor(certificate.provider_name or certificate.network_name)
    signing = certificate.signing
    if signing is not None and signing.seal_image is not None:
        draw_image(canvas, signing.seal_image, width - LEFT - 90, height - 54 - 90, 90, 90)
    canvas.setFont(FONT_BOLD, 22)
    canvas.drawString(LEFT, height - 80, labels.heading)
    y = height - 150
    values = _values(certificate)
    for name in RECORD_FIELDS:
        canvas.setFont(FONT_BOLD, 10)
        canvas.drawString(LEFT, y, labels.fields[name])
        lines = simpleSplit(values[name], FONT, 11, width - LEFT - 230)[:3] or [""]
        canvas.setFont(FONT, 11)
        for index, line in enumerate(lines):
            canvas.drawString(LEFT + 176, y - index * 14, line)
        y -= 14 * len(lines) + 10
    y -= 10
    offered = certificate.offered_hours
    affidavit = labels.affidavit % {
        "earned": certificate.hours_text,
        "offered": f"{offered:.1f}" if offered is not None else certificate.hours_text,
    }
    canvas.setFont(FONT_BOLD, fitted_size(affidavit, FONT_BOLD, 12, width - 2 * LEFT, 8))
    canvas.drawString(LEFT, y, affidavit)
    canvas.setFont(FONT, 10)
    if certificate.affirmed_at is not None:
        said = labels.affirmed % {
            "name": nfc(certificate.educator_name),
            "date": format_local_date(certificate.affirmed_at, certificate.time_zone),
        }
    else:
        said = labels.not_affirmed
    canvas.drawString(LEFT, y - 16, clipped(said, FONT, 10, width - 2 * LEFT))
    line_y = 150
    draw_signing(canvas, signing, LEFT, line_y, 240)
    canvas.setLineWidth(0.75)
    canvas.line(LEFT, line_y, LEFT + 240, line_y)
    canvas.setFont(FONT, 9)
    canvas.drawString(LEFT, line_y - 12, nfc(certificate.provider_designee or labels.designee))
    issued = labels.issued % {
        "date": format_local_date(certificate.issued_at, certificate.time_zone)
    }
    canvas.drawString(LEFT + 300, line_y - 12, issued)
    canvas.setFont(FONT, 8)
    canvas.drawString(LEFT, 70, f"{labels.verify_at} {verify_url}")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# --- Oregon: the PDU log ----------------------------------------------------------------


@dataclass(frozen=True)
class PduLabels:
    heading: str
    intro: str  # %(name)s
    columns: Sequence[str]  # date, activity, provider, hours, PDUs
    total: str  # %(pdus)s
    educator_signature: str
    date: str


def pdu_labels() -> PduLabels:
    return PduLabels(
        heading=_("Professional Development Unit (PDU) log"),
        intro=_("%(name)s — Oregon: one clock hour is one PDU."),
        columns=(_("Completed"), _("Activity"), _("Provider"), _("Hours"), _("PDUs")),
        total=_("Total PDUs: %(pdus)s"),
        educator_signature=_("Educator's signature: I affirm this log is accurate"),
        date=_("Date"),
    )


COLUMN_X = (LEFT, LEFT + 80, LEFT + 290, LEFT + 420, LEFT + 470)


def render_pdu_log(user: User, certificates: Sequence[Certificate], labels: PduLabels) -> bytes:
    """The Oregon PDU certificates, newest first, with the PDUs they are worth (1 hour =
    1 PDU) and the educator's signature line: the log is kept signed."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=PAGE, pageCompression=1)
    width, height = PAGE
    canvas.setTitle(labels.heading)
    canvas.setFont(FONT_BOLD, 18)
    canvas.drawString(LEFT, height - 72, labels.heading)
    canvas.setFont(FONT, 11)
    canvas.drawString(LEFT, height - 94, labels.intro % {"name": nfc(user.name)})
    y = height - 130

    def header() -> None:
        canvas.setFont(FONT_BOLD, 9)
        for x, text in zip(COLUMN_X, labels.columns, strict=True):
            canvas.drawString(x, y, text)

    header()
    total = Decimal(0)
    canvas.setFont(FONT, 9)
    for certificate in certificates:
        y -= 16
        if y < 140:
            canvas.showPage()
            y = height - 72
            header()
            y -= 16
            canvas.setFont(FONT, 9)
        total += certificate.credited_hours
        cells = (
            format_local_date(certificate.ends_at, certificate.time_zone),
            clipped(nfc(certificate.workshop_title), FONT, 9, 200),
            clipped(nfc(certificate.provider_name or certificate.network_name), FONT, 9, 122),
            certificate.hours_text,
            certificate.hours_text,
        )
        for x, text in zip(COLUMN_X, cells, strict=True):
            canvas.drawString(x, y, text)
    canvas.setFont(FONT_BOLD, 11)
    canvas.drawString(LEFT, y - 28, labels.total % {"pdus": f"{total:.1f}"})
    canvas.setLineWidth(0.75)
    canvas.line(LEFT, 100, LEFT + 300, 100)
    canvas.line(LEFT + 340, 100, width - LEFT, 100)
    canvas.setFont(FONT, 9)
    canvas.drawString(LEFT, 88, labels.educator_signature)
    canvas.drawString(LEFT + 340, 88, labels.date)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
