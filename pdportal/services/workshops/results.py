"""What the workshop services answer, as values: the problems that refuse a change
(`WorkshopError` with a `Problem` and its numbers, dates and names), and what a change
did (`WorkshopSaved`, `Published`, `SessionOutcome`). The admin views say them in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pdportal.models import WorkshopSession


class Problem(StrEnum):
    """Why a workshop, or a change to it, is refused. The values each carries are noted."""

    # details (each on its form field)
    TITLE_MISSING = "title_missing"
    TOO_LONG = "too_long"  # limit
    CAPACITY_TOO_SMALL = "capacity_too_small"
    CAPACITY_TOO_LARGE = "capacity_too_large"  # maximum
    PRICE_NEGATIVE = "price_negative"
    PRICE_TOO_HIGH = "price_too_high"
    CREDIT_HOURS_OUT_OF_RANGE = "credit_hours_out_of_range"  # maximum
    THRESHOLD_OUT_OF_RANGE = "threshold_out_of_range"
    APPROVAL_DAYS_OUT_OF_RANGE = "approval_days_out_of_range"  # maximum
    APPROVAL_ONLY_FREE = "approval_only_free"  # approval is for free workshops
    NOT_A_WEB_ADDRESS = "not_a_web_address"
    NOT_AN_OPTION = "not_an_option"
    PRICE_LOCKED = "price_locked"  # count (registrants), price_cents (0: free)
    SLUG_MALFORMED = "slug_malformed"
    SLUG_TAKEN = "slug_taken"
    DATE_OUT_OF_RANGE = "date_out_of_range"
    TIME_SKIPPED = "time_skipped"  # wall_time (naive, local), time_zone
    OPENS_AFTER_CLOSES = "opens_after_closes"
    CLOSES_AFTER_FIRST_SESSION = "closes_after_first_session"
    REFUND_DEADLINE_PASSED = "refund_deadline_passed"
    # only networks a site admin marks may give Equity-designated hours
    EQUITY_NOT_ALLOWED = "equity_not_allowed"
    REFUND_DEADLINE_AFTER_FIRST_SESSION = (
        "refund_deadline_after_first_session"  # first_at, time_zone
    )

    # publishing (no field: the admin fixes them elsewhere)
    PUBLISH_NO_SESSION = "publish_no_session"
    PUBLISH_ALREADY_STARTED = "publish_already_started"  # started_at, time_zone
    PUBLISH_CLOSES_AFTER_START = "publish_closes_after_start"
    PUBLISH_REFUND_AFTER_START = "publish_refund_after_start"
    PUBLISH_NO_CREDIT_HOURS = "publish_no_credit_hours"  # credit_type
    PUBLISH_NO_WAY_TO_PAY = "publish_no_way_to_pay"  # price_cents
    PUBLISH_NOT_APPROVED = "publish_not_approved"  # clock hours with no approval record
    PUBLISH_NEEDS_REAPPROVAL = "publish_needs_reapproval"  # changed since it was approved

    # the clock-hour approval record (each on its field)
    APPROVAL_FIELD_MISSING = "approval_field_missing"
    APPROVAL_IN_FUTURE = "approval_in_future"
    APPROVAL_NOT_BEFORE_FIRST_SESSION = "approval_not_before_first_session"  # first_day

    # status
    WORKSHOP_CANCELLED = "workshop_cancelled"
    NOT_A_DRAFT = "not_a_draft"
    NOT_PUBLISHED = "not_published"
    HAS_REGISTRANTS = "has_registrants"  # count
    ALREADY_CANCELLED = "already_cancelled"
    REASON_MISSING = "reason_missing"
    REASON_TOO_LONG = "reason_too_long"  # limit
    SHIFT_OUT_OF_RANGE = "shift_out_of_range"  # maximum (weeks)

    # sessions
    SESSION_YEAR_OUT_OF_RANGE = "session_year_out_of_range"  # example_year
    SESSION_ENDS_BEFORE_START = "session_ends_before_start"
    SESSION_BEFORE_CLOSING = "session_before_closing"  # closes_at, time_zone
    SESSION_CANCELLED = "session_cancelled"
    SESSION_ALREADY_CANCELLED = "session_already_cancelled"
    LAST_SESSION = "last_session"

    # facilitators
    NO_ACCOUNT = "no_account"
    ALREADY_FACILITATES = "already_facilitates"  # name
    NOT_A_FACILITATOR = "not_a_facilitator"  # name


class WorkshopError(Exception):
    """A rule was broken: `reason` says which, `values` its numbers, dates and names,
    `field` the form field it belongs to (None: the whole workshop).

    Rules found broken together travel as one error: the first, and the rest in `also`.
    """

    def __init__(
        self,
        reason: Problem,
        field: str | None = None,
        *,
        also: Sequence[WorkshopError] = (),
        **values: Any,
    ) -> None:
        super().__init__(reason.value)
        self.reason = reason
        self.field = field
        self.values = values
        self._also = list(also)

    @property
    def problems(self) -> list[WorkshopError]:
        """Every rule broken: this one and any found with it."""
        return [self, *self._also]


def raise_if_any(problems: Sequence[WorkshopError]) -> None:
    """Raise one error carrying every problem, if there are any."""
    if problems:
        first, *rest = problems
        raise WorkshopError(first.reason, first.field, also=rest, **first.values)


class MissingPlace(StrEnum):
    """Where registered educators of a workshop would find no way to attend."""

    JOIN_LINK = "join_link"  # online or hybrid, with no join link
    VENUE = "venue"  # in person or hybrid, with no venue, address or session locations


@dataclass(frozen=True)
class WorkshopSaved:
    """The details were saved; `capacity_change` is what `registration.set_capacity`
    answered when the number of seats changed (None when it did not)."""

    capacity_change: Any = None


@dataclass(frozen=True)
class Published:
    """The workshop is in the catalog; `missing` are reminders of a place still to add."""

    missing: tuple[MissingPlace, ...] = ()


class SessionChange(StrEnum):
    ADDED = "added"
    SAVED = "saved"  # its time or place changed
    UNCHANGED = "unchanged"
    REMOVED = "removed"  # a draft's session, deleted
    CANCELLED = "cancelled"  # a published workshop's session, kept as cancelled


class Unannounced(StrEnum):
    """Why registrants were not emailed about a session they are registered for."""

    HAD_BEGUN = "had_begun"  # the session had begun before the change
    NEW_TIME_PASSED = "new_time_passed"  # it was still to come, but its new time has passed


@dataclass(frozen=True)
class SessionOutcome:
    """What became of a session, and who was told: `emailed` registrants, or nobody
    for the reason in `unannounced` although people are registered."""

    session: WorkshopSession
    change: SessionChange
    emailed: int = 0
    unannounced: Unannounced | None = None
