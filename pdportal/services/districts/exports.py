"""What a district exports: its educators' registrations with whether a substitute is
needed (the supervisor's answer, else the standard question's), for booking cover."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from pdportal.extensions import db
from pdportal.models import (
    ACTIVE_STATUSES,
    DistrictCoordinator,
    Registration,
    RegistrationAnswer,
    RegistrationGroup,
    School,
    SupervisorApproval,
    User,
    WorkshopQuestion,
)
from pdportal.services.districts.coordinators import same_district
from pdportal.services.registration import Standard


@dataclass(frozen=True)
class SubstituteRow:
    registration: Registration
    approval: SupervisorApproval | None
    substitute_needed: bool | None  # None: nobody said


def substitutes(coordinator: DistrictCoordinator) -> list[SubstituteRow]:
    """Active registrations of the district: those its coordinators made, and those of
    educators whose listed school is in its directory district. Three queries."""
    in_district = Registration.group_id.in_(
        select(RegistrationGroup.id).where(
            RegistrationGroup.coordinator_id.in_(same_district(coordinator))
        )
    )
    if coordinator.district_id is not None:
        in_district = or_(
            in_district,
            Registration.user_id.in_(
                select(User.id)
                .join(School, School.id == User.school_id)
                .where(School.district_id == coordinator.district_id)
            ),
        )
    registrations = db.session.scalars(
        select(Registration)
        .where(in_district, Registration.status.in_(ACTIVE_STATUSES))
        .options(joinedload(Registration.user), joinedload(Registration.workshop))
        .order_by(Registration.workshop_id, Registration.id)
    ).all()
    ids = [registration.id for registration in registrations]
    approvals = {
        approval.registration_id: approval
        for approval in db.session.scalars(
            select(SupervisorApproval).where(SupervisorApproval.registration_id.in_(ids))
        )
    }
    answered = dict(
        db.session.execute(
            select(RegistrationAnswer.registration_id, RegistrationAnswer.value)
            .join(WorkshopQuestion, WorkshopQuestion.id == RegistrationAnswer.question_id)
            .where(
                RegistrationAnswer.registration_id.in_(ids),
                WorkshopQuestion.standard == Standard.SUBSTITUTE_NEEDED,
            )
        ).all()
    )
    rows = []
    for registration in registrations:
        approval = approvals.get(registration.id)
        said = approval.substitute_needed if approval is not None else None
        if said is None:
            said = answered.get(registration.id)
        rows.append(SubstituteRow(registration, approval, said))
    return rows
