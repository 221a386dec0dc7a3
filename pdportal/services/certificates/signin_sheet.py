"""A printable sign-in sheet (PDF) for a session, for rooms without devices."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen.canvas import Canvas

from pdportal.models import WorkshopSession
from pdportal.services import attendance
from pdportal.services.certificates.pdf import FONT, FONT_BOLD, nfc, register_fonts
from pdportal.templating import format_local

ROW_HEIGHT = 26
BLANK_ROWS = 6  # for walk-ins
COLUMNS = (("#", 24), ("Name", 170), ("School / organization", 150), ("Signature", 188))


def signin_sheet_pdf(session: WorkshopSession) -> bytes:
    register_fonts()
    workshop = session.workshop
    zone = workshop.network.time_zone
    names = [
        (nfc(row.registration.user.name), nfc(row.registration.user.school))
        for row in attendance.roster(session)
    ]
    names += [("", "")] * BLANK_ROWS
    buffer = io.BytesIO()
    width, height = letter
    canvas = Canvas(buffer, pagesize=letter, pageCompression=1)
    canvas.setTitle(f"Sign-in sheet — {nfc(workshop.title)}")

    def header(page: int) -> float:
        canvas.setFont(FONT_BOLD, 14)
        canvas.drawString(40, height - 48, nfc(workshop.title)[:80])
        canvas.setFont(FONT, 10)
        canvas.drawString(40, height - 64, format_local(session.starts_at, zone))
        place = session.location or workshop.venue
        if place:
            canvas.drawString(40, height - 78, nfc(place)[:100])
        facilitators = ", ".join(nfc(f.name) for f in workshop.facilitators)
        if facilitators:
            canvas.drawString(40, height - 92, f"Facilitators: {facilitators}"[:110])
        canvas.drawRightString(width - 40, height - 48, f"Sign-in sheet · page {page}")
        y = height - 120
        canvas.setFont(FONT_BOLD, 10)
        x = 40
        for title, column_width in COLUMNS:
            canvas.drawString(x + 3, y + 6, title)
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
        canvas.drawString(67, y + 9, name[:34])
        canvas.drawString(237, y + 9, school[:30])
        canvas.line(40, y, width - 40, y)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
