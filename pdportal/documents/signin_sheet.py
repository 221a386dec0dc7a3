"""A printable sign-in sheet (PDF) for a session, for rooms without devices, in the
language of the request."""

from __future__ import annotations

import io
from dataclasses import dataclass

from flask_babel import gettext as _
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen.canvas import Canvas

from pdportal.documents.drawing import FONT, FONT_BOLD, clipped, nfc, register_fonts
from pdportal.i18n import format_local
from pdportal.models import User, WorkshopSession

ROW_HEIGHT = 26
BLANK_ROWS = 6  # for walk-ins
COLUMN_WIDTHS = (24, 170, 150, 188)  # number, name, school, signature


@dataclass(frozen=True)
class SignInSheetLabels:
    """The sheet's words; `%(…)s` placeholders are filled in when it is drawn."""

    document_title: str  # %(title)s
    page: str  # %(page)s
    facilitators: str  # %(names)s
    columns: tuple[str, str, str, str]  # number, name, school / organization, signature


def signin_sheet_labels() -> SignInSheetLabels:
    """The sheet's words in the language of the request."""
    return SignInSheetLabels(
        document_title=_("Sign-in sheet — %(title)s"),
        page=_("Sign-in sheet · page %(page)s"),
        facilitators=_("Facilitators: %(names)s"),
        columns=("#", _("Name"), _("School / organization"), _("Signature")),
    )


def signin_sheet_pdf(
    session: WorkshopSession, people: list[User], labels: SignInSheetLabels | None = None
) -> bytes:
    """The session's sheet: a row for each of `people` (the roster), then blank rows."""
    labels = labels or signin_sheet_labels()
    register_fonts()
    workshop = session.workshop
    zone = workshop.network.time_zone
    when = format_local(session.starts_at, zone)
    names = [(nfc(person.name), nfc(person.school or "")) for person in people]
    names += [("", "")] * BLANK_ROWS
    buffer = io.BytesIO()
    width, height = letter
    canvas = Canvas(buffer, pagesize=letter, pageCompression=1)
    canvas.setTitle(labels.document_title % {"title": nfc(workshop.title)})
    text_width = width - 80

    def header(page: int) -> float:
        page_label = labels.page % {"page": page}
        canvas.setFont(FONT, 10)
        canvas.drawRightString(width - 40, height - 48, page_label)
        canvas.setFont(FONT_BOLD, 14)
        room = text_width - canvas.stringWidth(page_label, FONT, 10) - 12
        canvas.drawString(40, height - 48, clipped(nfc(workshop.title), FONT_BOLD, 14, room))
        canvas.setFont(FONT, 10)
        canvas.drawString(40, height - 64, when)
        place = session.location or workshop.venue
        if place:
            canvas.drawString(40, height - 78, clipped(nfc(place), FONT, 10, text_width))
        facilitators = ", ".join(nfc(f.name) for f in workshop.facilitators)
        if facilitators:
            line = labels.facilitators % {"names": facilitators}
            canvas.drawString(40, height - 92, clipped(line, FONT, 10, text_width))
        y = height - 120
        canvas.setFont(FONT_BOLD, 10)
        x = 40
        for title, column_width in zip(labels.columns, COLUMN_WIDTHS, strict=True):
            canvas.drawString(x + 3, y + 6, clipped(title, FONT_BOLD, 10, column_width - 6))
            x += column_width
        canvas.line(40, y, width - 40, y)
        return y

    page = 1
    y = header(page)
    canvas.setFont(FONT, 10)
    for number, (name, school) in enumerate(names, start=1):
        if y - ROW_HEIGHT < 50:
            canvas.showPage()
            page += 1
            y = header(page)
            canvas.setFont(FONT, 10)
        y -= ROW_HEIGHT
        canvas.drawString(43, y + 9, str(number))
        canvas.drawString(67, y + 9, clipped(name, FONT, 10, COLUMN_WIDTHS[1] - 6))
        canvas.drawString(237, y + 9, clipped(school, FONT, 10, COLUMN_WIDTHS[2] - 6))
        canvas.line(40, y, width - 40, y)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
