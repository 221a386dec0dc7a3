"""The clock-hour records on PostgreSQL: approval, evaluation with own questions, affidavit,
issuing with a seal, the public summary and the office's exports (issue 11)."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from PIL import Image
from werkzeug.security import generate_password_hash

from pdportal.documents import clock_hour_record
from pdportal.documents.clock_hours import ecert_rows, offering_record_zip
from pdportal.extensions import db
from pdportal.models import (
    CreditType,
    Network,
    User,
    Workshop,
    WorkshopSession,
    WorkshopStatus,
)
from pdportal.services import certificates
from pdportal.services.certificates import (
    affidavits,
    evaluations,
    exports,
    renewal,
    seals,
    transcripts,
)
from pdportal.services.workshops import approval
from tests.clock_hours import seat_and_attend

pytestmark = pytest.mark.postgres
RATINGS = {"objectives_met": 5, "relevance": 5, "facilitation": 4, "likely_to_change": 4}


def test_a_clock_hour_offering_from_approval_to_export_on_postgresql(pg_app):
    network = Network(name="PG STEM", slug="pg-stem", may_give_equity=True)
    people = [
        User(
            email=f"p{n}@pg.example",
            name=f"Person {n}",
            password_hash=generate_password_hash("x", method="pbkdf2:sha256:1000"),
        )
        for n in range(5)
    ]
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=10)
    workshop = Workshop(
        network=network,
        slug="pg-clock-hours",
        title="PG Clock Hours",
        status=WorkshopStatus.PUBLISHED,
        credit_type=CreditType.WA_CLOCK_HOURS,
        credit_hours=Decimal(3),
        designations=["stem", "equity"],
        starts_at=start,
        ends_at=start + timedelta(hours=3),
    )
    workshop.sessions.append(WorkshopSession(starts_at=start, ends_at=start + timedelta(hours=3)))
    db.session.add_all([network, workshop, *people])
    db.session.commit()
    for person in people:
        seat_and_attend(person.id, workshop, 180)
    db.session.commit()

    approval.save_record(workshop, approval.ApprovalRecord("Objective", "Agenda", "Ana", "NGSS"))
    approval.approve(workshop, people[0], date.today(), "Dee Signer")
    assert approval.state(workshop) == approval.ApprovalState.APPROVED
    [question] = evaluations.set_own_questions(workshop, ["Useful?"])
    for person in people:
        evaluations.submit(workshop, person, RATINGS, "", own={question.id: 4})
        affidavits.affirm(workshop, person, Decimal("2.5"))
    out = io.BytesIO()
    Image.new("RGB", (120, 120), (0, 90, 160)).save(out, format="PNG")
    seals.upload(network, seals.ImageKind.SEAL, out.getvalue(), people[0])

    report = certificates.issue_for_workshop(workshop, people[0])
    assert [c.credited_hours for c in report.issued] == [Decimal("2.5")] * 5
    certificate = report.issued[0]
    assert certificate.signing.seal_image is not None
    pdf = clock_hour_record.render_clock_hour_record(certificate, "https://x.example/v")
    assert pdf.startswith(b"%PDF")

    totals = transcripts.totals([certificate])
    assert totals.by_designation == {"stem": Decimal("2.5")}
    found = renewal.progress([certificate], renewal.RenewalRole.TEACHER, date.today())
    assert found.requirements[0].earned == Decimal("2.5")

    [summary] = evaluations.network_summary(network.id, datetime.now(UTC))
    assert summary.responses == 5 and summary.averages["objectives_met"] == 5.0
    assert any(q.question.startswith("own:") for q in evaluations.results(workshop).questions)

    today = date.today()
    listed = exports.ecert_certificates(network, today - timedelta(days=30), today)
    assert len(ecert_rows(listed)) == 6
    assert offering_record_zip(exports.offering_record(workshop), {}).startswith(b"PK")
