"""A group registration: a district coordinator's staff decided in ONE locked
transaction. As many as seats are free get one, in the order given; the rest go on the
waitlist in that order (or get nothing when the workshop has none); members already
registered are left as they are. Each member is told by their own seat email."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from pdportal.extensions import db
from pdportal.models import ACTIVE_STATUSES, Registration, RegistrationGroup, User
from pdportal.orm import utcnow
from pdportal.services.registration import booking, notices, waitlist
from pdportal.services.registration.outcomes import RegistrationError


class Place(enum.StrEnum):
    """What the group decision gave one member."""

    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    FULL = "full"  # no seat and no waitlist: nothing kept
    ALREADY_REGISTERED = "already_registered"  # their registration stands as it was


@dataclass(frozen=True)
class MemberPlace:
    user_id: int
    email: str
    name: str
    place: Place
    position: int | None = None  # on the waitlist
    registration_id: int | None = None


@dataclass(frozen=True)
class GroupResult:
    group_id: int
    places: list[MemberPlace]

    def count(self, place: Place) -> int:
        return sum(1 for member in self.places if member.place == place)


def take_group_seats(
    workshop_id: int,
    members: list[User],
    group: RegistrationGroup,
    seat: dict[str, Any],
    then: Callable[[RegistrationGroup, list[MemberPlace]], None] | None = None,
) -> GroupResult:
    """Decide the whole group under one workshop lock, then commit once.

    `members` in the coordinator's order (each at most once); `group` is added in the
    same transaction and every registration points to it; `seat` holds the payment
    fields every member's registration shares (one purchase order); `then` queues what
    the caller sends about the group (its summary, invitations) before the commit.
    Refusals of the workshop (closed, gone) raise RegistrationError and keep nothing.
    """
    people = [(user.id, user.email, user.name) for user in members]
    workshop = waitlist.lock_or_refuse(workshop_id, only_read_so_far=True)
    try:
        now = utcnow()
        booking.check_open(workshop, now)
        counts = waitlist.seat_counts([workshop.id], now)[workshop.id]
        registered = set(
            db.session.scalars(
                select(Registration.user_id).where(
                    Registration.workshop_id == workshop.id,
                    Registration.user_id.in_([user_id for user_id, _, _ in people]),
                    Registration.status.in_(ACTIVE_STATUSES),
                )
            )
        )
        seats = booking.open_seats(workshop, counts, now)
        db.session.add(group)
        db.session.flush()
        places = []
        for user_id, email, name in people:
            if user_id in registered:
                places.append(MemberPlace(user_id, email, name, Place.ALREADY_REGISTERED))
                continue
            registration = Registration(
                user_id=user_id, workshop_id=workshop.id, created_at=now, group_id=group.id, **seat
            )
            if not booking.place(workshop, seats, registration, now):
                places.append(MemberPlace(user_id, email, name, Place.FULL))
                continue
            place = Place(registration.status.value)
            position = seats.waiting if place == Place.WAITLISTED else None
            notices.seat_decided(registration, email, seats.waiting)
            places.append(MemberPlace(user_id, email, name, place, position, registration.id))
    except RegistrationError:
        db.session.rollback()
        raise
    if then is not None:
        then(group, places)
    result = GroupResult(group.id, places)
    db.session.commit()
    return result
