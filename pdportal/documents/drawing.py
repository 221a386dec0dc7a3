"""What every PDF shares: the shipped fonts, NFC names, the QR code, fitting text.

Text is set in DejaVu Sans, shipped in `pdportal/fonts` (full Latin and Vietnamese
coverage, Spanish accents included; reportlab embeds only the glyphs used, so a page
stays a few tens of KB) and registered once per process. The QR code is drawn as vector
rectangles from segno's matrix, so a page needs no raster image.
"""

from __future__ import annotations

import io
import threading
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import segno
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from pdportal.models import CertificateSigning, NetworkImage

FONTS_DIR = Path(__file__).resolve().parents[1] / "fonts"
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
_FONT_FILES = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf"}
_register_lock = threading.Lock()

MASK = 2


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


def fitted_size(text: str, font: str, size: float, width: float, smallest: float) -> float:
    """The largest size from `size` down (by quarter points) at which `text` fits `width`."""
    while size > smallest and pdfmetrics.stringWidth(text, font, size) > width:
        size -= 0.25
    return size


def draw_lines(canvas: Canvas, lines: Iterable[str], x: float, y: float, size: float) -> None:
    """Lines of regular text downwards from the baseline (x, y)."""
    canvas.setFont(FONT, size)
    for offset, line in enumerate(lines):
        canvas.drawString(x, y - offset * (size + 3), line)


def wrapped_block(
    lines: list[str], width: float, height: float, size: float
) -> tuple[list[str], float]:
    """Wrap each line to `width`, shrinking the type until the block fits `height`."""
    while True:
        wrapped = [part for line in lines for part in simpleSplit(line, FONT, size, width)]
        if size <= 7 or len(wrapped) * (size + 3) <= height:
            return wrapped, size
        size -= 0.5


def clipped(text: str, font: str, size: float, width: float) -> str:
    """`text` cut (with an ellipsis) to fit `width`: a table cell of a fixed width."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def draw_image(
    canvas: Canvas, image: NetworkImage, x: float, y: float, max_width: float, max_height: float
) -> None:
    """An uploaded seal or signature (a small JPEG, embedded as it is), scaled to fit the
    box whose lower-left corner is (x, y), its aspect kept."""
    scale = min(max_width / image.width, max_height / image.height)
    canvas.drawImage(
        ImageReader(io.BytesIO(image.data)),
        x,
        y,
        width=image.width * scale,
        height=image.height * scale,
        mask=None,
    )


def draw_signing(
    canvas: Canvas, signing: CertificateSigning | None, x: float, line_y: float, width: float
) -> None:
    """The designee's signature above the signature line: the image, else the typed one."""
    if signing is None:
        return
    if signing.signature_image is not None:
        draw_image(canvas, signing.signature_image, x, line_y + 2, width, 40)
    elif signing.signature_typed:
        canvas.setFont(FONT, fitted_size(nfc(signing.signature_typed), FONT, 13, width, 7))
        canvas.drawString(x, line_y + 5, nfc(signing.signature_typed))
