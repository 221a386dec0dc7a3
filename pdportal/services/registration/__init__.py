"""Registration: the seat decision under the workshop lock, holds, the waitlist,
cancellation of a seat, organisers' roster actions, the sweep of expired holds, and the
emails each of these sends.

Invariant 1 (never overbook) rests on one pattern: every function that gives or frees a
seat starts with `waitlist.lock_workshop` and counts, decides, writes and commits in that
one transaction. Invariant 3: whatever frees a seat fills it from the waitlist before it
commits. Invariant 2 is the partial unique index."""

from pdportal.services.registration.booking import (
    RegistrationError,
    RegistrationResult,
    SeatCount,
    add_walk_in,
    cancel_registration,
    cancel_workshop_registrations,
    closed_reason,
    confirm_paid,
    move_into_seat,
    register,
    release_hold,
    seat_counts,
    set_capacity,
    take_seat,
)

__all__ = [
    "RegistrationError",
    "RegistrationResult",
    "SeatCount",
    "add_walk_in",
    "cancel_registration",
    "cancel_workshop_registrations",
    "closed_reason",
    "confirm_paid",
    "move_into_seat",
    "register",
    "release_hold",
    "seat_counts",
    "set_capacity",
    "take_seat",
]
