"""The certificate as a one-page landscape PDF, drawn on a reportlab canvas.

Text is set in DejaVu Sans, shipped in `pdportal/fonts` (full Latin and Vietnamese
coverage; reportlab embeds only the glyphs used, so a page stays a few tens of KB)
and registered once per process. The QR code is drawn as vector rectangles from
segno's matrix, so the page needs no raster image.
"""

from __future__ import annotations

import io
import threading
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import segno
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from pdportal.models import Certificate
from pdportal.templating import format_local_date

FONTS_DIR = Path(__file__).resolve().parents[2] / "fonts"
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
_FONT_FILES = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf"}
_register_lock = threading.Lock()

PAGE = landscape(letter)
MASK = 2
INK = (0.1, 0.15, 0.25)
ACCENT = (0.05, 0.33, 0.52)


def register_fonts() -> None:
    """Register the shipped fonts with reportlab, once per process (thread-safe)."""
    if FONT_BOLD in pdfmetrics.getRegisteredFontNames():
        return
    with _register_lock:
        for name, filename in _FONT_FILES.items():
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(name, str(FONTS_DIR / filename)))


def missing_glyphs(text: str, font: str = FONT) -> set[str]:
    """Characters of `text` (after NFC) the font cannot draw; empty when all print."""
    register_fonts()
    face = pdfmetrics.getFont(font).face
    return {ch for ch in nfc(text) if not ch.isspace() and ord(ch) not in face.charToGlyph}


def nfc(text: str) -> str:
    """Names arrive decomposed from some keyboards; one code point per letter prints best."""
    return unicodedata.normalize("NFC", text)


def make_qr(data: str) -> segno.QRCode:
    """A full-size QR code (never a Micro QR, which phone cameras do not read).

    The mask is fixed: segno otherwise scores all eight, which costs more than drawing
    the whole page, and any mask scans.
    """
    return segno.make_qr(data, error="m", mask=MASK)


def draw_qr(canvas: Canvas, data: str, x: float, y: float, size: float) -> None:
    """Draw the QR code of `data` as one vector path, lower-left corner at (x, y)."""
    rows = [list(row) for row in make_qr(data).matrix_iter(border=0)]
    module = size / len(rows)
    path = canvas.beginPath()
    for r, row in enumerate(rows):
        top = y + size - (r + 1) * module
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                path.rect(x + start * module, top, (c - start) * module, module)
            else:
                c += 1
    canvas.drawPath(path, stroke=0, fill=1)


def _centred(canvas: Canvas, text: str, y: float, font: str, size: float, width: float) -> None:
    """Centre text on the page, shrinking it to fit `width`."""
    while size > 8 and pdfmetrics.stringWidth(text, font, size) > width:
        size -= 0.5
    canvas.setFont(font, size)
    canvas.drawCentredString(PAGE[0] / 2, y, text)


def _lines(canvas: Canvas, lines: Iterable[str], x: float, y: float, size: float) -> None:
    canvas.setFont(FONT, size)
    for offset, line in enumerate(lines):
        canvas.drawString(x, y - offset * (size + 3), line)


def _wrapped_block(
    lines: list[str], width: float, height: float, size: float
) -> tuple[list[str], float]:
    """Wrap each line to `width`, shrinking the type until the block fits `height`."""
    while True:
        wrapped = [part for line in lines for part in simpleSplit(line, FONT, size, width)]
        if size <= 7 or len(wrapped) * (size + 3) <= height:
            return wrapped, size
        size -= 0.5


def date_range_text(certificate: Certificate) -> str:
    first = format_local_date(certificate.starts_at, certificate.time_zone)
    last = format_local_date(certificate.ends_at, certificate.time_zone)
    return first if first == last else f"{first} – {last}"


def hours_line(certificate: Certificate) -> str:
    return f"{certificate.hours_text} {certificate.credit_type.label}"


def provider_lines(certificate: Certificate) -> list[str]:
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
        lines.append(f"Provider number {certificate.provider_number}")
    return lines


def draw_certificate(canvas: Canvas, certificate: Certificate, verify_url: str) -> None:
    """Draw the page; `bench/certificates.py` times this against bare reportlab."""
    width, height = PAGE
    canvas.setTitle(f"Certificate {certificate.number} — {nfc(certificate.educator_name)}")
    canvas.setAuthor(certificate.provider_name or certificate.network_name)
    canvas.setStrokeColorRGB(*ACCENT)
    canvas.setLineWidth(3)
    canvas.rect(24, 24, width - 48, height - 48)
    canvas.setLineWidth(0.75)
    canvas.rect(32, 32, width - 64, height - 64)

    canvas.setFillColorRGB(*ACCENT)
    _centred(canvas, "Certificate of Professional Learning", height - 96, FONT_BOLD, 26, 640)
    canvas.setFillColorRGB(*INK)
    _centred(canvas, "This certifies that", height - 136, FONT, 13, 640)
    _centred(canvas, nfc(certificate.educator_name), height - 178, FONT_BOLD, 30, 640)
    _centred(canvas, "completed the professional learning", height - 208, FONT, 13, 640)
    title_lines = simpleSplit(nfc(certificate.workshop_title), FONT_BOLD, 18, 620)[:2]
    for index, line in enumerate(title_lines):
        _centred(canvas, line, height - 240 - index * 22, FONT_BOLD, 18, 640)
    y = height - 240 - len(title_lines) * 22 - 6
    _centred(canvas, date_range_text(certificate), y, FONT, 12, 640)
    canvas.setFillColorRGB(*ACCENT)
    _centred(canvas, hours_line(certificate), y - 30, FONT_BOLD, 18, 640)
    canvas.setFillColorRGB(*INK)
    details = []
    if certificate.inservice_number:
        details.append(f"In-service number {certificate.inservice_number}")
    if certificate.designations:
        details.append("Designations: " + ", ".join(certificate.designation_labels))
    if details:
        _centred(canvas, " · ".join(details), y - 52, FONT, 11, 640)

    left = 60
    canvas.setFont(FONT_BOLD, 10)
    canvas.drawString(left, 178, "Provider")
    provider, size = _wrapped_block(
        [nfc(line) for line in provider_lines(certificate)], 255, 164 - 100, 10
    )
    _lines(canvas, provider, left, 164, size)
    if certificate.facilitator_names:
        canvas.setFont(FONT_BOLD, 10)
        canvas.drawString(330, 178, "Facilitated by")
        names = simpleSplit(", ".join(nfc(n) for n in certificate.facilitator_names), FONT, 10, 230)
        _lines(canvas, names[:4], 330, 164, 10)

    canvas.setLineWidth(0.75)
    canvas.line(left, 92, left + 230, 92)
    canvas.setFont(FONT, 9)
    signer = certificate.provider_designee or "Authorized signature"
    canvas.drawString(left, 80, nfc(signer))
    issued = format_local_date(certificate.issued_at, certificate.time_zone)
    _lines(
        canvas,
        [
            f"Issued {issued}",
            f"Certificate number {certificate.number}",
            "Verify this certificate at",
        ],
        330,
        104,
        9,
    )
    qr_size = 96
    url_size = 9.0
    room = width - 60 - qr_size - 12 - 330
    while url_size > 5 and pdfmetrics.stringWidth(verify_url, FONT, url_size) > room:
        url_size -= 0.25
    canvas.setFont(FONT, url_size)
    canvas.drawString(330, 68, verify_url)
    # For a photocopy: the page where the number and the last name verify it.
    lookup_url = verify_url.rsplit("/", 1)[0]
    lookup_size = 8.0
    while lookup_size > 5 and pdfmetrics.stringWidth(lookup_url, FONT, lookup_size) > room:
        lookup_size -= 0.25
    _lines(canvas, ["or enter the number and last name at"], 330, 55, 8)
    canvas.setFont(FONT, lookup_size)
    canvas.drawString(330, 44, lookup_url)
    draw_qr(canvas, verify_url, width - 60 - qr_size, 60, qr_size)


def render_certificate(certificate: Certificate, verify_url: str) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=PAGE, pageCompression=1)
    draw_certificate(canvas, certificate, verify_url)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
