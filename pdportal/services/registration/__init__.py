"""Registration: the seat decision under the workshop lock, holds, the waitlist,
cancellation of a seat, organisers' roster actions, the sweep of expired holds, and the
emails each of these sends. Results are values (`outcomes`); the words are the views'.

Invariant 1 (never overbook) rests on one pattern: every function that gives or frees a
seat starts with `waitlist.lock_workshop` and counts, decides, writes and commits in that
one transaction. Invariant 3: whatever frees a seat fills it from the waitlist before it
commits. Invariant 2 is the partial unique index. On PostgreSQL the common seat decision is one
statement (`seat_statement`), installed in each connection by `install_seat_statement`."""

from pdportal.services.registration.admin import (
    add_walk_in,
    cancel_workshop_registrations,
    move_into_seat,
    set_capacity,
)
from pdportal.services.registration.approval import (
    Answer,
    ApprovalView,
    answer,
    expire_approvals,
    for_token,
    register_with_approval,
)
from pdportal.services.registration.booking import (
    cancel_registration,
    closed_reason,
    confirm_paid,
    hold_is_live,
    refuse_unless_open,
    register,
    register_with_answers,
    release_hold,
    seat_counts,
    status_for,
    take_seat,
)
from pdportal.services.registration.groups import (
    GroupResult,
    MemberPlace,
    Place,
    take_group_seats,
)
from pdportal.services.registration.notices import write_seat_emails
from pdportal.services.registration.outcomes import (
    CapacityChange,
    Outcome,
    Refusal,
    RegistrationError,
    RegistrationResult,
    SeatCount,
    SeatStatus,
    SystemReason,
)
from pdportal.services.registration.questions import (
    STANDARD_KINDS,
    AnswerProblem,
    QuestionError,
    QuestionProblem,
    Standard,
    add_question,
    answers_for,
    asked,
    asks_questions,
    check_answers,
    copy_questions,
    is_answered,
    remove_question,
    replace_answers,
    set_hidden,
)
from pdportal.services.registration.seat_statement import (
    install_on_connect as install_seat_statement,
)

__all__ = [
    "STANDARD_KINDS",
    "AnswerProblem",
    "QuestionError",
    "QuestionProblem",
    "Standard",
    "add_question",
    "answers_for",
    "asked",
    "asks_questions",
    "check_answers",
    "copy_questions",
    "is_answered",
    "register_with_answers",
    "remove_question",
    "replace_answers",
    "set_hidden",
    "Answer",
    "ApprovalView",
    "answer",
    "expire_approvals",
    "for_token",
    "register_with_approval",
    "CapacityChange",
    "GroupResult",
    "MemberPlace",
    "Place",
    "Outcome",
    "Refusal",
    "RegistrationError",
    "RegistrationResult",
    "SeatCount",
    "SeatStatus",
    "SystemReason",
    "add_walk_in",
    "cancel_registration",
    "cancel_workshop_registrations",
    "closed_reason",
    "confirm_paid",
    "hold_is_live",
    "move_into_seat",
    "refuse_unless_open",
    "register",
    "release_hold",
    "seat_counts",
    "set_capacity",
    "status_for",
    "install_seat_statement",
    "take_group_seats",
    "take_seat",
    "write_seat_emails",
]
