"""Benchmark: issue and render 1,000 certificates, beside bare reportlab.

Seeds a temporary SQLite database (one finished two-session Washington clock-hour
workshop, 1,000 educators with names in several scripts, full attendance, each evaluated
and affirmed; the network's seal and designee's signature uploaded), then measures:

- issuing: `certificates.issue_for_workshop` for all 1,000 in one step (eligibility,
  numbering, one outbox email each);
- rendering: `certificate_pdf.render_certificate` for each issued certificate, as the
  download route does — PDFs per second, mean and largest size, peak memory
  (tracemalloc, in a separate pass so tracing does not slow the timed one);
- bare reportlab: the same page (same text, same fonts, the same seal and signature
  images) drawn by a flat function with fixed positions and ready strings, no models,
  in the same run; the QR code is drawn by the same function in both (segno's matrix as
  reportlab vector rectangles).

Rates are given by wall time and per CPU-second of this process (the fair figure on a
shared, loaded machine); the two are timed in alternating blocks of 50.

Goal: rendering at least 0.7x the rate of bare reportlab, every PDF under 100 KB.

Run: `.venv/bin/python bench/certificates.py [--count 1000]`.
"""

from __future__ import annotations

import os
import sys

# bench/calendar.py would shadow the standard library's `calendar` (imported by `email`).
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _HERE]

import argparse  # noqa: E402
import io  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
from collections.abc import Callable  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402
from decimal import Decimal  # noqa: E402
from pathlib import Path  # noqa: E402

from sqlalchemy import insert, select  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageDraw  # noqa: E402
from reportlab.lib.pagesizes import landscape, letter  # noqa: E402
from reportlab.lib.utils import ImageReader  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from pdportal import create_app  # noqa: E402
from pdportal.documents import certificate as certificate_pdf  # noqa: E402
from pdportal.documents.drawing import FONT, FONT_BOLD, draw_qr, register_fonts  # noqa: E402
from pdportal.extensions import db  # noqa: E402
from pdportal.models import (  # noqa: E402
    Attendance,
    AttendanceStatus,
    Certificate,
    CreditType,
    EvaluationSubmission,
    HoursAffidavit,
    Network,
    OfferingApproval,
    Registration,
    RegistrationStatus,
    User,
    Workshop,
    WorkshopFacilitator,
    WorkshopSession,
    WorkshopStatus,
)
from pdportal.services import certificates  # noqa: E402
from pdportal.services.certificates import seals  # noqa: E402
from pdportal.services.workshops import approval  # noqa: E402

NAMES = ["Nguyễn Thị Ánh", "José Ñúñez", "Zoë O'Brien-Łukasz", "Ada Lovelace", "Søren Ødegård"]


def sample_png(width: int, height: int) -> bytes:
    """A seal-like image with transparency, as an office would upload one."""
    image = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, width - 4, height - 4), outline=(20, 60, 120, 255), width=8)
    draw.line((10, height // 2, width - 10, height // 3), fill=(10, 10, 10, 255), width=5)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def seed(count: int) -> Workshop:
    network = Network(
        name="Puget Sound STEM Partnership",
        slug="pssp",
        backbone_organisation="Puget Sound ESD",
        provider_name="Puget Sound Educational Service District",
        provider_number="WA-1234",
        provider_designee="Dr. Ana Designee",
    )
    start = datetime.now(UTC).replace(hour=16, minute=0, second=0, microsecond=0)
    start -= timedelta(days=21)
    workshop = Workshop(
        network=network,
        slug="modeling-with-mathematics",
        title="Modeling with Mathematics in Grades 6–8: Tasks, Talk and Assessment",
        status=WorkshopStatus.PUBLISHED,
        credit_type=CreditType.WA_CLOCK_HOURS,
        credit_hours=Decimal("6"),
        inservice_number="PSESD-2026-0042",
        designations=["stem", "equity"],
        capacity=count,
    )
    for week in range(2):
        begins = start + timedelta(days=7 * week)
        workshop.sessions.append(
            WorkshopSession(starts_at=begins, ends_at=begins + timedelta(hours=3))
        )
    workshop.starts_at, workshop.ends_at = (
        workshop.sessions[0].starts_at,
        workshop.sessions[-1].ends_at,
    )
    facilitator = User(
        email="facilitator@bench.test", name="Frances Facilitator", password_hash="x"
    )
    db.session.add_all([workshop, facilitator])
    db.session.flush()
    db.session.add(WorkshopFacilitator(workshop_id=workshop.id, user_id=facilitator.id))
    db.session.execute(
        insert(User),
        [
            {
                "email": f"educator{i}@bench.test",
                "name": f"{NAMES[i % len(NAMES)]} {i}",
                "password_hash": "x",
                "calendar_token": f"c{i}",
            }
            for i in range(count)
        ],
    )
    user_ids = db.session.scalars(select(User.id).where(User.email.like("educator%"))).all()
    db.session.execute(
        insert(Registration),
        [
            {"user_id": uid, "workshop_id": workshop.id, "status": RegistrationStatus.CONFIRMED}
            for uid in user_ids
        ],
    )
    # Washington clock hours: each educator evaluated and affirmed the six hours.
    db.session.execute(
        insert(EvaluationSubmission),
        [{"workshop_id": workshop.id, "user_id": uid} for uid in user_ids],
    )
    db.session.execute(
        insert(HoursAffidavit),
        [
            {
                "workshop_id": workshop.id,
                "user_id": uid,
                "offered_hours": Decimal(6),
                "earned_hours": Decimal(6),
                "affirmed_hours": Decimal(6),
                "affirmed_at": start + timedelta(days=8),
            }
            for uid in user_ids
        ],
    )
    db.session.add(
        OfferingApproval(
            workshop_id=workshop.id,
            objectives="Model with mathematics.",
            agenda="Two sessions.",
            instructors="Frances Facilitator, NBCT.",
            standards_alignment="CCSS-M modeling.",
            approved_on=(start - timedelta(days=14)).date(),
            designee_name="Dr. Ana Designee",
            approved_hours=workshop.credit_hours,
            approved_schedule=approval.schedule_of(workshop),
        )
    )
    # The provider's seal and the designee's signature, drawn on every certificate.
    seals.upload(network, seals.ImageKind.SEAL, sample_png(480, 480), facilitator)
    seals.upload(network, seals.ImageKind.SIGNATURE, sample_png(600, 150), facilitator)
    registration_ids = db.session.scalars(select(Registration.id)).all()
    db.session.execute(
        insert(Attendance),
        [
            {
                "registration_id": rid,
                "session_id": s.id,
                "status": AttendanceStatus.PRESENT,
                "minutes_attended": s.duration_minutes,
            }
            for rid in registration_ids
            for s in workshop.sessions
        ],
    )
    db.session.commit()
    return workshop


def bare_page(canvas: Canvas, facts: dict[str, str]) -> None:
    """The same page with reportlab calls only: fixed positions, strings given."""
    width, height = landscape(letter)
    canvas.setTitle(facts["title"])
    canvas.setLineWidth(3)
    canvas.rect(24, 24, width - 48, height - 48)
    canvas.setLineWidth(0.75)
    canvas.rect(32, 32, width - 64, height - 64)
    for text, font, size, y in [
        ("Certificate of Professional Learning", FONT_BOLD, 26, height - 96),
        ("This certifies that", FONT, 13, height - 136),
        (facts["name"], FONT_BOLD, 30, height - 178),
        ("completed the professional learning", FONT, 13, height - 208),
        (facts["workshop"], FONT_BOLD, 18, height - 240),
        (facts["dates"], FONT, 12, height - 268),
        (facts["hours"], FONT_BOLD, 18, height - 298),
        (facts["details"], FONT, 11, height - 320),
    ]:
        canvas.setFont(font, size)
        canvas.drawCentredString(width / 2, y, text)
    canvas.setFont(FONT, 10)
    for i, line in enumerate(facts["provider"]):
        canvas.drawString(60, 164 - i * 13, line)
    canvas.drawString(330, 164, facts["facilitators"])
    seal, signature = facts["seal"], facts["signature"]
    canvas.drawImage(ImageReader(io.BytesIO(seal.data)), 44, height - 120, 76, 76)
    canvas.drawImage(ImageReader(io.BytesIO(signature.data)), 60, 94, 160, 40)
    canvas.line(60, 92, 290, 92)
    canvas.setFont(FONT, 9)
    for i, line in enumerate(facts["footer"]):
        canvas.drawString(330, 104 - i * 12, line)
    draw_qr(canvas, facts["url"], width - 156, 60, 96)


def bare_render(facts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=landscape(letter), pageCompression=1)
    bare_page(canvas, facts)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def facts_of(certificate: Certificate, url: str) -> dict[str, str]:
    labels = certificate_pdf.certificate_labels()
    return {
        "title": f"Certificate {certificate.number}",
        "name": certificate.educator_name,
        "workshop": certificate.workshop_title,
        "dates": certificate_pdf.date_range_text(certificate),
        "hours": certificate_pdf.hours_line(certificate, labels),
        "details": f"In-service number {certificate.inservice_number}",
        "provider": certificate_pdf.provider_lines(certificate, labels),
        "facilitators": ", ".join(certificate.facilitator_names),
        "footer": [f"Certificate number {certificate.number}", "Verify this certificate at", url],
        "url": url,
        "seal": certificate.signing.seal_image,
        "signature": certificate.signing.signature_image,
    }


class Timing:
    def __init__(self) -> None:
        self.wall = 0.0
        self.cpu = 0.0  # this process only: fair on a shared, loaded machine
        self.sizes: list[int] = []


def timed_interleaved(
    first: list[Callable[[], bytes]], second: list[Callable[[], bytes]], block: int = 50
) -> tuple[Timing, Timing]:
    """Time both job lists in alternating blocks, so load from other processes on a
    shared machine falls on both alike."""
    timings = (Timing(), Timing())
    for start in range(0, len(first), block):
        for timing, jobs in zip(timings, (first, second), strict=True):
            wall, cpu = time.perf_counter(), time.process_time()
            timing.sizes += [len(job()) for job in jobs[start : start + block]]
            timing.wall += time.perf_counter() - wall
            timing.cpu += time.process_time() - cpu
    return timings


def peak_memory(jobs: list[Callable[[], bytes]]) -> int:
    tracemalloc.start()
    for job in jobs:
        job()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    os.environ.setdefault("PDPORTAL_ENV", "testing")
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db",
                "BASE_URL": "https://pd.example.org",
            }
        )
        with app.app_context():
            db.create_all()
            workshop = seed(args.count)
            register_fonts()  # once per process, as in the app

            started = time.perf_counter()
            report = certificates.issue_for_workshop(workshop, None)
            issue_seconds = time.perf_counter() - started
            issued = report.issued
            urls = {c.id: certificates.verification_url(c) for c in issued}

            ours = [lambda c=c: certificate_pdf.render_certificate(c, urls[c.id]) for c in issued]
            all_facts = [facts_of(c, urls[c.id]) for c in issued]
            bare = [lambda f=f: bare_render(f) for f in all_facts]
            ours[0](), bare[0]()  # warm both paths (glyph caches) before timing
            our_timing, bare_timing = timed_interleaved(ours, bare)
            sample = max(1, len(issued) // 10)
            our_peak = peak_memory(ours[:sample])
            bare_peak = peak_memory(bare[:sample])

    n = len(issued)
    print(
        f"certificates issued:  {n} in {issue_seconds:.2f} s ({n / issue_seconds:,.0f}/s, "
        "eligibility + numbering + outbox email)"
    )
    for label, timing, peak in (
        ("pdportal render:", our_timing, our_peak),
        ("bare reportlab:", bare_timing, bare_peak),
    ):
        print(
            f"{label:<21} {n / timing.wall:,.0f} PDFs/s wall, {n / timing.cpu:,.0f} PDFs/s "
            f"per CPU-second  mean {sum(timing.sizes) / n / 1024:.1f} KB  "
            f"max {max(timing.sizes) / 1024:.1f} KB  peak memory {peak / 1024:,.0f} KB "
            f"({sample} PDFs traced)"
        )
    ratio = bare_timing.cpu / our_timing.cpu
    print(
        f"ratio:                {ratio:.2f}x of bare reportlab by CPU time "
        f"({bare_timing.wall / our_timing.wall:.2f}x by wall time; goal ≥ 0.7x) — "
        f"{'OK' if ratio >= 0.7 else 'BELOW GOAL'}; "
        f"all under 100 KB: {'yes' if max(our_timing.sizes) < 100_000 else 'NO'}"
    )


if __name__ == "__main__":
    main()
