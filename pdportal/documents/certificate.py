"""The certificate as a one-page landscape PDF, drawn on a reportlab canvas, in the
language of the request: its words come from a `CertificateLabels`, its dates from Babel.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from flask_babel import gettext as _
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from pdportal.documents.drawing import (
    FONT,
    FONT_BOLD,
    draw_image,
    draw_lines,
    draw_qr,
    draw_signing,
    fitted_size,
    nfc,
    register_fonts,
    wrapped_block,
)
from pdportal.i18n import format_local_date
from pdportal.models import Certificate

PAGE = landscape(letter)
INK = (0.1, 0.15, 0.25)
ACCENT = (0.05, 0.33, 0.52)


@dataclass(frozen=True)
class CertificateLabels:
    """The words printed on a certificate; `%(…)s` placeholders are filled in drawing."""

    document_title: str  # %(number)s, %(name)s: the PDF's title (its metadata)
    heading: str
    certifies: str
    completed: str
    hours: str  # %(hours)s, %(credit_type)s
    inservice_number: str  # %(number)s
    designations: str  # %(names)s
    provider: str
    provider_number: str  # %(number)s
    facilitated_by: str
    signature: str  # under the line when the network names no designee
    issued: str  # %(date)s
    certificate_number: str  # %(number)s
    verify_at: str
    look_up_at: str


def certificate_labels() -> CertificateLabels:
    """The certificate's words in the language of the request (or `force_locale`)."""
    return CertificateLabels(
        document_title=_("Certificate %(number)s — %(name)s"),
        heading=_("Certificate of Professional Learning"),
        certifies=_("This certifies that"),
        completed=_("completed the professional learning"),
        hours=_("%(hours)s %(credit_type)s"),
        inservice_number=_("In-service number %(number)s"),
        designations=_("Designations: %(names)s"),
        provider=_("Provider"),
        provider_number=_("Provider number %(number)s"),
        facilitated_by=_("Facilitated by"),
        signature=_("Authorized signature"),
        issued=_("Issued %(date)s"),
        certificate_number=_("Certificate number %(number)s"),
        verify_at=_("Verify this certificate at"),
        look_up_at=_("or enter the number and last name at"),
    )


def date_range_text(certificate: Certificate) -> str:
    """The workshop's first and last day (one day when they are the same), per Babel."""
    first = format_local_date(certificate.starts_at, certificate.time_zone)
    last = format_local_date(certificate.ends_at, certificate.time_zone)
    return first if first == last else f"{first} – {last}"


def hours_line(certificate: Certificate, labels: CertificateLabels) -> str:
    return labels.hours % {
        "hours": certificate.hours_text,
        "credit_type": certificate.credit_type.label,
    }


def provider_lines(certificate: Certificate, labels: CertificateLabels) -> list[str]:
    """Network, backbone organisation, provider (when it is a third body), provider number.

    Networks often name their backbone organisation as the credit provider too: each
    name is printed once.
    """
    lines: list[str] = []
    seen: set[str] = set()
    for name in (
        certificate.network_name,
        certificate.backbone_organisation,
        certificate.provider_name,
    ):
        key = " ".join((name or "").split()).casefold()
        if key and key not in seen:
            seen.add(key)
            lines.append(name.strip())
    if certificate.provider_number:
        lines.append(labels.provider_number % {"number": certificate.provider_number})
    return lines


def _centred(canvas: Canvas, text: str, y: float, font: str, size: float, width: float) -> None:
    """Centre text on the page, shrinking it to fit `width`."""
    while size > 8 and pdfmetrics.stringWidth(text, font, size) > width:
        size -= 0.5
    canvas.setFont(font, size)
    canvas.drawCentredString(PAGE[0] / 2, y, text)


def draw_certificate(
    canvas: Canvas, certificate: Certificate, verify_url: str, labels: CertificateLabels
) -> None:
    """Draw the page; `bench/certificates.py` times this against bare reportlab."""
    width, height = PAGE
    name = nfc(certificate.educator_name)
    canvas.setTitle(labels.document_title % {"number": certificate.number, "name": name})
    canvas.setAuthor(certificate.provider_name or certificate.network_name)
    canvas.setStrokeColorRGB(*ACCENT)
    canvas.setLineWidth(3)
    canvas.rect(24, 24, width - 48, height - 48)
    canvas.setLineWidth(0.75)
    canvas.rect(32, 32, width - 64, height - 64)

    canvas.setFillColorRGB(*ACCENT)
    _centred(canvas, labels.heading, height - 96, FONT_BOLD, 26, 640)
    canvas.setFillColorRGB(*INK)
    _centred(canvas, labels.certifies, height - 136, FONT, 13, 640)
    _centred(canvas, name, height - 178, FONT_BOLD, 30, 640)
    _centred(canvas, labels.completed, height - 208, FONT, 13, 640)
    title_lines = simpleSplit(nfc(certificate.workshop_title), FONT_BOLD, 18, 620)[:2]
    for index, line in enumerate(title_lines):
        _centred(canvas, line, height - 240 - index * 22, FONT_BOLD, 18, 640)
    y = height - 240 - len(title_lines) * 22 - 6
    _centred(canvas, date_range_text(certificate), y, FONT, 12, 640)
    canvas.setFillColorRGB(*ACCENT)
    _centred(canvas, hours_line(certificate, labels), y - 30, FONT_BOLD, 18, 640)
    canvas.setFillColorRGB(*INK)
    details = []
    if certificate.inservice_number:
        details.append(labels.inservice_number % {"number": certificate.inservice_number})
    if certificate.designations:
        details.append(labels.designations % {"names": ", ".join(certificate.designation_labels)})
    if details:
        _centred(canvas, " · ".join(details), y - 52, FONT, 11, 640)

    left = 60
    canvas.setFont(FONT_BOLD, 10)
    canvas.drawString(left, 178, labels.provider)
    provider, size = wrapped_block(
        [nfc(line) for line in provider_lines(certificate, labels)], 255, 164 - 100, 10
    )
    draw_lines(canvas, provider, left, 164, size)
    if certificate.facilitator_names:
        canvas.setFont(FONT_BOLD, 10)
        canvas.drawString(330, 178, labels.facilitated_by)
        names = simpleSplit(", ".join(nfc(n) for n in certificate.facilitator_names), FONT, 10, 230)
        draw_lines(canvas, names[:4], 330, 164, 10)

    signing = certificate.signing
    if signing is not None and signing.seal_image is not None:
        draw_image(canvas, signing.seal_image, 44, height - 44 - 76, 76, 76)
    draw_signing(canvas, signing, left, 92, 230)
    canvas.setLineWidth(0.75)
    canvas.line(left, 92, left + 230, 92)
    canvas.setFont(FONT, 9)
    canvas.drawString(left, 80, nfc(certificate.provider_designee or labels.signature))
    issued = format_local_date(certificate.issued_at, certificate.time_zone)
    qr_size = 96
    room = width - 60 - qr_size - 12 - 330
    notes = [
        labels.issued % {"date": issued},
        labels.certificate_number % {"number": certificate.number},
        labels.verify_at,
    ]
    notes_size = min(fitted_size(note, FONT, 9, room, 7) for note in notes)
    draw_lines(canvas, notes, 330, 104, notes_size)
    canvas.setFont(FONT, fitted_size(verify_url, FONT, 9, room, 5))
    canvas.drawString(330, 68, verify_url)
    # For a photocopy: the page where the number and the last name verify it.
    lookup_url = verify_url.rsplit("/", 1)[0]
    look_up_size = fitted_size(labels.look_up_at, FONT, 8, room, 6)
    draw_lines(canvas, [labels.look_up_at], 330, 55, look_up_size)
    canvas.setFont(FONT, fitted_size(lookup_url, FONT, 8, room, 5))
    canvas.drawString(330, 44, lookup_url)
    draw_qr(canvas, verify_url, width - 60 - qr_size, 60, qr_size)


def render_certificate(
    certificate: Certificate, verify_url: str, labels: CertificateLabels | None = None
) -> bytes:
    """The PDF, in the words of `labels` (by default the request's language)."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=PAGE, pageCompression=1)
    draw_certificate(canvas, certificate, verify_url, labels or certificate_labels())
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
