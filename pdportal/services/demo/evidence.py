"""Demo data for the funders' reports: answered impact follow-ups for the past workshops'
attendees, and a scholarship code that paid for seats (idempotent)."""

from __future__ import annotations

from sqlalchemy import select

from pdportal.extensions import db
from pdportal.models import (
    DiscountCode,
    DiscountRedemption,
    ImpactAnswer,
    ImpactFollowUp,
    Network,
    PaymentMethod,
    PaymentStatus,
    Registration,
    RegistrationStatus,
    Workshop,
)
from pdportal.orm import utcnow

SCHOLARSHIP_CODE = "STEMSCHOLARS"
ANSWERS = [
    (ImpactAnswer.USED, "My students argued from evidence in a lab write-up."),
    (ImpactAnswer.USED, "I used the sense-making routine twice a week."),
    (ImpactAnswer.PLANNED, ""),
    (ImpactAnswer.NOT_USED, "Our unit changed this term."),
]


def ensure_evidence(network: Network) -> None:
    now = utcnow()
    past = db.session.execute(
        select(Registration, Workshop)
        .join(Workshop, Workshop.id == Registration.workshop_id)
        .where(Workshop.ends_at < now, Registration.status == RegistrationStatus.CONFIRMED)
        .order_by(Registration.id)
    ).all()
    asked = set(db.session.execute(select(ImpactFollowUp.workshop_id, ImpactFollowUp.user_id)))
    for index, (registration, workshop) in enumerate(past):
        if (workshop.id, registration.user_id) in asked:
            continue
        answer, how = ANSWERS[index % len(ANSWERS)]
        db.session.add(
            ImpactFollowUp(
                workshop_id=workshop.id,
                user_id=registration.user_id,
                sent_at=workshop.ends_at,
                answered_at=now,
                answer=answer,
                how=how,
            )
        )
    code = db.session.scalar(
        select(DiscountCode).where(
            DiscountCode.network_id == network.id, DiscountCode.code == SCHOLARSHIP_CODE
        )
    )
    if code is not None:
        return
    code = DiscountCode(
        network_id=network.id,
        code=SCHOLARSHIP_CODE,
        percent_off=100,
        description="STEM Scholars fund: rural and tribal schools",
    )
    db.session.add(code)
    db.session.flush()
    paid = [
        registration
        for registration, workshop in past
        if workshop.network_id == network.id and workshop.price_cents > 0
    ][:2]
    for registration in paid:
        registration.payment_method = PaymentMethod.SPONSORED
        registration.payment_status = PaymentStatus.NOT_REQUIRED
        registration.amount_cents = 0
        registration.po_district = registration.po_number = ""
        use = DiscountRedemption(discount_code_id=code.id, registration_id=registration.id)
        db.session.add(use)
        code.uses += 1
