"""A coordinator registers staff: the lines they typed, accounts found or made, the
group's seats decided in one locked transaction (`registration.take_group_seats`), one
purchase order, the coordinator's summary and the new staff's invitations."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy import select

from pdportal.extensions import db
from pdportal.models import (
    DistrictCoordinator,
    PaymentMethod,
    PaymentStatus,
    Registration,
    RegistrationGroup,
    User,
    Workshop,
    WorkshopStatus,
)
from pdportal.orm import utcnow
from pdportal.services import accounts, registration
from pdportal.services.common.urls import external_url
from pdportal.services.districts import invitations
from pdportal.services.mail.outbox import queue_templated_email

MAX_GROUP = 50  # staff in one group registration
MAX_NAME = 200


class LineProblem(enum.StrEnum):
    NOT_AN_EMAIL = "not_an_email"
    NAME_TOO_LONG = "name_too_long"
    REPEATED = "repeated"
    TOO_MANY = "too_many"


@dataclass(frozen=True)
class StaffLine:
    email: str
    name: str  # may be empty for an existing account


@dataclass(frozen=True)
class BadLine:
    number: int  # 1-based line of the text
    problem: LineProblem


def parse_staff(text: str) -> tuple[list[StaffLine], list[BadLine]]:
    """'email' or 'email, name' a line, in the order the seats go; blank lines skipped."""
    staff: list[StaffLine] = []
    bad: list[BadLine] = []
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        email, _, name = line.partition(",")
        email = accounts.normalise_email(email)
        name = " ".join(name.split())
        local, at, domain = email.partition("@")
        if not (at and local and "." in domain) or len(email) > 254 or " " in email:
            bad.append(BadLine(number, LineProblem.NOT_AN_EMAIL))
        elif len(name) > MAX_NAME:
            bad.append(BadLine(number, LineProblem.NAME_TOO_LONG))
        elif email in seen:
            bad.append(BadLine(number, LineProblem.REPEATED))
        else:
            seen.add(email)
            staff.append(StaffLine(email, name))
    if len(staff) > MAX_GROUP:
        bad.append(BadLine(0, LineProblem.TOO_MANY))
    return staff, bad


class GroupRefusal(enum.StrEnum):
    NOT_THIS_NETWORK = "not_this_network"
    NO_PURCHASE_ORDERS = "no_purchase_orders"  # a fee, and the workshop takes none
    PO_NUMBER_NEEDED = "po_number_needed"
    NAME_NEEDED = "name_needed"  # for a new account; `email` says whose


class GroupError(Exception):
    def __init__(self, reason: GroupRefusal, email: str = "") -> None:
        super().__init__(reason.value)
        self.reason = reason
        self.email = email


def _accounts_for(staff: list[StaffLine], language: str) -> list[User]:
    """The staff's accounts in order; new ones made (without a password) and committed."""
    emails = [line.email for line in staff]
    found = {
        user.email: user for user in db.session.scalars(select(User).where(User.email.in_(emails)))
    }
    missing = [line for line in staff if line.email not in found]
    for line in missing:
        if not line.name:
            raise GroupError(GroupRefusal.NAME_NEEDED, line.email)
    for line in missing:
        user = User(
            email=line.email,
            name=line.name,
            password_hash=invitations.NO_PASSWORD_YET,
            preferred_language=language,
        )
        db.session.add(user)
        found[line.email] = user
    db.session.commit()
    return [found[email] for email in emails]


def register_staff(
    coordinator: DistrictCoordinator,
    workshop: Workshop,
    staff: list[StaffLine],
    po_number: str,
    *,
    language: str = "en",
) -> registration.GroupResult:
    """Register `staff` (in that order) for `workshop` on one purchase order.

    Raises GroupError (nothing kept) or registration.RegistrationError (the workshop is
    not open: accounts made for new staff stay, unused and without a password)."""
    if workshop.network_id != coordinator.network_id:
        raise GroupError(GroupRefusal.NOT_THIS_NETWORK)
    po_number = " ".join(po_number.split())
    if workshop.is_free:
        seat = {"payment_method": PaymentMethod.NONE, "payment_status": PaymentStatus.NOT_REQUIRED}
    elif not workshop.allows_purchase_order:
        raise GroupError(GroupRefusal.NO_PURCHASE_ORDERS)
    elif not po_number:
        raise GroupError(GroupRefusal.PO_NUMBER_NEEDED)
    else:
        seat = {
            "payment_method": PaymentMethod.PURCHASE_ORDER,
            "payment_status": PaymentStatus.DUE,
            "amount_cents": workshop.price_cents,
        }
    seat.update(po_district=coordinator.district_name, po_number=po_number)
    registration.refuse_unless_open(workshop)
    members = _accounts_for(staff, language)
    coordinator_user = coordinator.user
    workshop_id, title = workshop.id, workshop.title
    invited = [user for user in members if invitations.is_invited(user)]
    group = RegistrationGroup(
        workshop_id=workshop_id,
        coordinator_id=coordinator.id,
        registered_by_id=coordinator_user.id,
        po_number=po_number,
    )

    def tell(saved: RegistrationGroup, places: list[registration.MemberPlace]) -> None:
        kept = {place.user_id for place in places if place.registration_id is not None}
        for user in invited:
            if user.id in kept:
                invitations.queue_invitation(user, coordinator_user.name, title)
        queue_templated_email(
            coordinator_user.email,
            "district_group_registered",
            language=coordinator_user.preferred_language,
            user=coordinator_user,
            workshop_title=title,
            district=coordinator.district_name,
            po_number=po_number,
            places=places,
            group_url=external_url("districts.group", group_id=saved.id),
        )

    return registration.take_group_seats(workshop_id, members, group, seat, tell)


def open_workshops(role: DistrictCoordinator) -> list[Workshop]:
    """The network's published workshops yet to start: what a coordinator may register
    staff for."""
    return list(
        db.session.scalars(
            select(Workshop)
            .where(
                Workshop.network_id == role.network_id,
                Workshop.status == WorkshopStatus.PUBLISHED,
                Workshop.starts_at > utcnow(),
            )
            .order_by(Workshop.starts_at, Workshop.id)
        )
    )


def members(group: RegistrationGroup) -> list[Registration]:
    """The group's registrations, in the order the coordinator gave them."""
    return list(
        db.session.scalars(
            select(Registration).where(Registration.group_id == group.id).order_by(Registration.id)
        )
    )
