"""Who coordinates which district for which network, and the registrations a
coordinator may see and cancel: those of every group registered for their district."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from pdportal.extensions import db
from pdportal.models import (
    AuditAction,
    District,
    DistrictCoordinator,
    Network,
    Registration,
    RegistrationGroup,
    User,
)
from pdportal.orm import utcnow
from pdportal.services import accounts
from pdportal.services.common.urls import external_url
from pdportal.services.mail.outbox import queue_templated_email


class AppointProblem(enum.StrEnum):
    NO_ACCOUNT = "no_account"
    NO_DISTRICT = "no_district"
    ALREADY = "already"


@dataclass(frozen=True)
class Appointment:
    """Who would be appointed, and for which district (by its directory or typed name)."""

    user: User
    district: District | None
    district_name: str


def check_appointment(
    email: str, district: District | None, district_name: str
) -> Appointment | AppointProblem:
    """The appointment of the account with `email` to a district (the directory's, else
    by name), or the problem with it; nothing changes."""
    user = accounts.find_user_by_email(email)
    if user is None:
        return AppointProblem.NO_ACCOUNT
    name = district.name if district is not None else " ".join(district_name.split())
    if not name:
        return AppointProblem.NO_DISTRICT
    return Appointment(user, district, name)


def appoint(
    network: Network, email: str, district: District | None, district_name: str, by: User
) -> AppointProblem | None:
    """Make the account with `email` coordinator of a district (as `check_appointment`)
    for `network`'s workshops, recorded in the audit log; the problem, or None when done."""
    appointment = check_appointment(email, district, district_name)
    if isinstance(appointment, AppointProblem):
        return appointment
    user, name = appointment.user, appointment.district_name
    db.session.add(
        DistrictCoordinator(
            network_id=network.id,
            user_id=user.id,
            district_id=district.id if district is not None else None,
            district_name=name,
            appointed_by_id=by.id,
        )
    )
    accounts.audit.record(
        AuditAction.COORDINATOR_APPOINTED, actor=by, subject=user, target=f"{name} · {network.name}"
    )
    queue_templated_email(
        user.email,
        "district_appointed",
        language=user.preferred_language,
        user=user,
        district=name,
        network=network.name,
        district_url=external_url("districts.home"),
    )
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return AppointProblem.ALREADY
    return None


def of_network(network_id: int) -> list[DistrictCoordinator]:
    return list(
        db.session.scalars(
            select(DistrictCoordinator)
            .where(
                DistrictCoordinator.network_id == network_id,
                DistrictCoordinator.ended_at.is_(None),
            )
            .options(joinedload(DistrictCoordinator.user))
            .order_by(DistrictCoordinator.district_name, DistrictCoordinator.id)
        )
    )


def roles_of(user: User) -> list[DistrictCoordinator]:
    """The user's current coordinator roles."""
    return list(
        db.session.scalars(
            select(DistrictCoordinator)
            .where(DistrictCoordinator.user_id == user.id, DistrictCoordinator.ended_at.is_(None))
            .options(joinedload(DistrictCoordinator.network))
            .order_by(DistrictCoordinator.district_name, DistrictCoordinator.id)
        )
    )


def end(coordinator: DistrictCoordinator, by: User) -> None:
    """The role ends, recorded in the audit log; the row stays for the groups it
    registered (and their history)."""
    if coordinator.ended_at is None:
        coordinator.ended_at = utcnow()
        accounts.audit.record(
            AuditAction.COORDINATOR_REMOVED,
            actor=by,
            subject=coordinator.user,
            target=f"{coordinator.district_name} · {coordinator.network.name}",
        )
    db.session.commit()


def same_district(coordinator: DistrictCoordinator):
    """Coordinator rows of the same network and district (by directory id, else name)."""
    same = DistrictCoordinator.district_name == coordinator.district_name
    if coordinator.district_id is not None:
        same = or_(DistrictCoordinator.district_id == coordinator.district_id, same)
    return select(DistrictCoordinator.id).where(
        DistrictCoordinator.network_id == coordinator.network_id, same
    )


def district_registrations(coordinator: DistrictCoordinator) -> list[Registration]:
    """Every registration a coordinator of this district registered, newest group first."""
    return list(
        db.session.scalars(
            select(Registration)
            .join(RegistrationGroup, RegistrationGroup.id == Registration.group_id)
            .where(RegistrationGroup.coordinator_id.in_(same_district(coordinator)))
            .options(joinedload(Registration.user), joinedload(Registration.workshop))
            .order_by(RegistrationGroup.created_at.desc(), Registration.id)
        )
    )
