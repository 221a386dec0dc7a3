"""What the registration services report, as values: what happened (`Outcome`), why
something was refused (`Refusal`), seat figures. The words are the views' and templates'
(`blueprints/registration/messages.py`)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from pdportal.extensions import db
from pdportal.models import Registration, RegistrationStatus


class Refusal(enum.StrEnum):
    """Why a registration step was refused (nothing changed)."""

    WORKSHOP_GONE = "workshop_gone"
    WORKSHOP_CANCELLED = "workshop_cancelled"
    WORKSHOP_OVER = "workshop_over"
    NOT_PUBLISHED = "not_published"
    NOT_OPEN_YET = "not_open_yet"  # opens_at
    REGISTRATION_CLOSED = "registration_closed"
    ALREADY_REGISTERED = "already_registered"
    HAS_FEE = "has_fee"
    REGISTRATION_GONE = "registration_gone"
    ALREADY_STARTED = "already_started"
    NO_ACCOUNT = "no_account"  # email
    WALK_IN_ALREADY_REGISTERED = "walk_in_already_registered"  # name
    WORKSHOP_NOT_RUNNING = "workshop_not_running"  # cancelled or completed
    FULL_FOR_WALK_IN = "full_for_walk_in"
    NOT_ON_WAITLIST = "not_on_waitlist"
    NO_FREE_SEAT = "no_free_seat"
    CAPACITY_BELOW_ONE = "capacity_below_one"
    NOBODY_TO_MESSAGE = "nobody_to_message"


class RegistrationError(Exception):
    """A refusal that changed nothing: the reason, with the values a message needs."""

    def __init__(
        self,
        reason: Refusal,
        *,
        opens_at: datetime | None = None,
        time_zone: str = "UTC",
        email: str = "",
        name: str = "",
    ) -> None:
        super().__init__(reason.value)
        self.reason = reason
        self.opens_at = opens_at
        self.time_zone = time_zone
        self.email = email
        self.name = name


class Outcome(enum.StrEnum):
    """What a registration step did."""

    CONFIRMED = "confirmed"  # a seat
    HELD = "held"  # a seat held while the educator pays
    WAITLISTED = "waitlisted"
    FULL = "full"  # no seat and no waitlist: nothing was kept
    CANCELLED = "cancelled"
    LEFT_WAITLIST = "left_waitlist"  # cancelled while on the waitlist
    ALREADY_CANCELLED = "already_cancelled"


@dataclass(frozen=True)
class RegistrationResult:
    """What a registration step did, and to which registration (none when nothing was
    kept: FULL). A step that knows only the new registration's id leaves it to be loaded
    on first use: the registration rush's answer does not need it."""

    loaded: Registration | None
    outcome: Outcome
    position: int | None = None  # the place on the waitlist, when WAITLISTED
    registration_id: int | None = None

    @classmethod
    def of_new(
        cls, registration_id: int, status: RegistrationStatus, position: int
    ) -> RegistrationResult:
        outcome = Outcome(status.value)  # confirmed, held or waitlisted
        waiting = position if outcome == Outcome.WAITLISTED else None
        return cls(None, outcome, waiting, registration_id)

    @property
    def registration(self) -> Registration | None:
        if self.loaded is None and self.registration_id is not None:
            return db.session.get(Registration, self.registration_id)
        return self.loaded


@dataclass(frozen=True)
class SeatCount:
    taken: int  # confirmed + unexpired held
    waitlisted: int


@dataclass(frozen=True)
class CapacityChange:
    """A new capacity, and what it did to the waitlist (nobody is ever cancelled)."""

    capacity: int
    taken: int  # seats taken before any promotion
    seated: int  # waitlisted educators given a seat
    held: int  # waitlisted educators given a seat held until they pay

    @property
    def over_capacity(self) -> bool:
        return self.taken > self.capacity


@dataclass(frozen=True)
class SeatStatus:
    """Where a workshop's seats stand for one viewer: the workshop and pay pages show it."""

    capacity: int
    taken: int
    waitlisted: int
    registration: Registration | None  # the viewer's active registration
    waitlist_position: int | None  # the viewer's place, when waitlisted
    closed: Refusal | None  # why nobody may register now, or None
    opens_at: datetime | None  # when registration opens (closed == NOT_OPEN_YET)
    time_zone: str

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.taken, 0)

    @property
    def joins_waitlist(self) -> bool:
        """A new registration would go on the waitlist (seats freed go to it first)."""
        return self.taken + self.waitlisted >= self.capacity


class SystemReason(enum.StrEnum):
    """Cancel reasons the portal itself records. The value is what is stored (kept as it
    always was); views show it in the reader's language."""

    BY_EDUCATOR = "Cancelled by the educator."
    LATE_PAYMENT = "Payment arrived after the seat hold expired."
    HOLD_EXPIRED = "The payment was not completed in time, so the seat was released."
    RELEASED = "You released the seat without paying."
    WORKSHOP_CANCELLED = "The workshop was cancelled."
    BY_COORDINATOR = "Cancelled by the district coordinator."
    APPROVAL_DECLINED = "Your supervisor declined the registration."
    APPROVAL_EXPIRED = "Your supervisor did not answer in time, so the seat was released."
