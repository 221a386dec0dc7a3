"""The words of the admin area for what the workshop and network services answer:
each refusal (`Problem`, `NetworkProblem`) and each outcome, in the reader's language."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from babel.dates import format_date, format_datetime
from flask_babel import format_decimal, format_number, ngettext
from flask_babel import gettext as _

from pdportal import i18n
from pdportal.blueprints.registration import messages as registration_messages
from pdportal.models import CreditType
from pdportal.services.certificates.seals import ImageError, ImageRefusal
from pdportal.services.registration.outcomes import CapacityChange
from pdportal.services.workshops import (
    MissingPlace,
    Problem,
    Published,
    SessionChange,
    SessionOutcome,
    Unannounced,
    WorkshopError,
    WorkshopSaved,
)
from pdportal.services.workshops.networks import NetworkError, NetworkProblem


def _wall_clock(value: datetime) -> tuple[str, str]:
    """A naive local time as (time, day) in the reader's language: a time the clocks
    skip has no instant, so it is written as typed."""
    locale = i18n.FORMAT_LOCALES[i18n.current_language()]
    clock = format_datetime(value, i18n.TIME_PATTERNS[i18n.current_language()], locale=locale)
    day = format_datetime(value, i18n.DATE_PATTERNS[i18n.current_language()], locale=locale)
    return clock, day


def _time_skipped(wall_time: datetime, time_zone: str) -> str:
    clock, day = _wall_clock(wall_time)
    return _(
        "%(time)s does not exist on %(date)s in %(zone)s: the clocks change then. "
        "Choose another time.",
        time=clock,
        date=day,
        zone=i18n.zone_name(time_zone),
    )


def _price_locked(count: int, price_cents: int) -> str:
    if price_cents == 0:
        return ngettext(
            "%(num)s person is registered or waitlisted for this free workshop, so it cannot "
            "start charging. Keep it free, or cancel this workshop and publish a new one.",
            "%(num)s people are registered or waitlisted for this free workshop, so it cannot "
            "start charging. Keep it free, or cancel this workshop and publish a new one.",
            count,
        )
    return ngettext(
        "%(num)s person is registered or waitlisted at %(price)s, so the price cannot change. "
        "Keep it at %(price)s, or cancel this workshop and publish a new one.",
        "%(num)s people are registered or waitlisted at %(price)s, so the price cannot change. "
        "Keep it at %(price)s, or cancel this workshop and publish a new one.",
        count,
        price=i18n.format_amount(price_cents),
    )


def no_way_to_pay(price_cents: int) -> str:
    """Why educators could not pay for a workshop (its page and the refusal to publish)."""
    return _(
        "This workshop costs %(price)s, but educators would have no way to pay: card payment "
        "is off (the Stripe keys are not set) and purchase orders are not allowed. Tick "
        "“Allow payment by purchase order / invoice” in the details, or ask your operator "
        "to set the Stripe keys.",
        price=i18n.format_money(price_cents),
    )


def _no_credit_hours(credit_type: CreditType) -> str:
    return _(
        "Set the credit hours before publishing: a certificate for %(credit)s states them. "
        "Edit the details, or choose “%(completion)s” if it carries no hours.",
        credit=credit_type.label,
        completion=CreditType.COMPLETION.label,
    )


def _has_registrants(count: int) -> str:
    return ngettext(
        "%(num)s person is registered or waitlisted, so it cannot go back to draft. "
        "Cancel the workshop instead: everyone registered is told.",
        "%(num)s people are registered or waitlisted, so it cannot go back to draft. "
        "Cancel the workshop instead: everyone registered is told.",
        count,
    )


def _no_account() -> str:
    return _("There is no account with that email — ask them to sign up first.")


# Each refusal in words; a function takes the values the error carries.
_WORKSHOP_PROBLEMS: dict[Problem, Callable[..., str]] = {
    Problem.TITLE_MISSING: lambda: _("Give the workshop a title."),
    Problem.TOO_LONG: lambda limit: _(
        "Keep this to %(limit)s characters or fewer.", limit=format_number(limit)
    ),
    Problem.CAPACITY_TOO_SMALL: lambda: _("Capacity must be at least 1."),
    Problem.CAPACITY_TOO_LARGE: lambda maximum: _(
        "Capacity can be at most %(maximum)s.", maximum=format_number(maximum)
    ),
    Problem.PRICE_NEGATIVE: lambda: _("The price cannot be negative."),
    Problem.PRICE_TOO_HIGH: lambda: _("That price is too high."),
    Problem.CREDIT_HOURS_OUT_OF_RANGE: lambda maximum: _(
        "Credit hours are from 0 to %(maximum)s.", maximum=format_decimal(maximum)
    ),
    Problem.THRESHOLD_OUT_OF_RANGE: lambda: _(
        "The attendance threshold is a percentage from 1 to 100."
    ),
    Problem.APPROVAL_DAYS_OUT_OF_RANGE: lambda maximum: _(
        "Give the supervisor from 1 to %(maximum)s days.", maximum=format_number(maximum)
    ),
    Problem.APPROVAL_ONLY_FREE: lambda: _(
        "Supervisor approval is for free workshops; a paid seat is decided by its payment."
    ),
    Problem.NOT_A_WEB_ADDRESS: lambda: _("Give a web address that starts with https://."),
    Problem.NOT_AN_OPTION: lambda: _("Choose from the options listed."),
    Problem.PRICE_LOCKED: _price_locked,
    Problem.SLUG_MALFORMED: lambda: _(
        "Use lower-case letters, digits and single hyphens only (for example "
        "“modeling-with-math-2026”)."
    ),
    Problem.SLUG_TAKEN: lambda: _("Another workshop already uses this slug. Choose another."),
    Problem.DATE_OUT_OF_RANGE: lambda: _("Enter a date between the years 1900 and 9000."),
    Problem.TIME_SKIPPED: _time_skipped,
    Problem.OPENS_AFTER_CLOSES: lambda: _("Registration must open before it closes."),
    Problem.CLOSES_AFTER_FIRST_SESSION: lambda: _(
        "Registration must close before the first session starts."
    ),
    Problem.REFUND_DEADLINE_PASSED: lambda: _(
        "That refund deadline has already passed. Choose a time still to come, or leave it "
        "blank to refund cancellations until the first session starts."
    ),
    Problem.REFUND_DEADLINE_AFTER_FIRST_SESSION: lambda first_at, time_zone: _(
        "The refund deadline must be no later than the first session, %(first)s.",
        first=i18n.format_local(first_at, time_zone),
    ),
    Problem.PUBLISH_NO_SESSION: lambda: _("Add at least one session before publishing."),
    Problem.PUBLISH_ALREADY_STARTED: lambda started_at, time_zone: _(
        "The first session started %(when)s, so nobody could register any more. Move the "
        "sessions to dates still to come, or duplicate the workshop to run it again.",
        when=i18n.format_local(started_at, time_zone),
    ),
    Problem.PUBLISH_CLOSES_AFTER_START: lambda: _(
        "Registration closes after the first session starts. Edit the closing time first."
    ),
    Problem.PUBLISH_REFUND_AFTER_START: lambda: _(
        "The refund deadline is after the first session starts. Edit the deadline first."
    ),
    Problem.PUBLISH_NO_CREDIT_HOURS: _no_credit_hours,
    Problem.PUBLISH_NO_WAY_TO_PAY: no_way_to_pay,
    Problem.PUBLISH_NOT_APPROVED: lambda: _(
        "Washington clock hours need an approved offering before publishing: write its "
        "objectives, agenda, instructors and standards under Clock-hour approval, then have "
        "the designee approve it."
    ),
    Problem.PUBLISH_NEEDS_REAPPROVAL: lambda: _(
        "The hours, sessions or approval record changed since the offering was approved: "
        "the designee approves it again under Clock-hour approval."
    ),
    Problem.EQUITY_NOT_ALLOWED: lambda: _(
        "This network may not give Equity-designated hours. A site administrator marks the "
        "networks that may (approved providers such as districts and ESDs)."
    ),
    Problem.APPROVAL_FIELD_MISSING: lambda: _("Fill this in before approving."),
    Problem.APPROVAL_IN_FUTURE: lambda: _("The date of approval cannot be in the future."),
    Problem.APPROVAL_NOT_BEFORE_FIRST_SESSION: lambda first_day: _(
        "The offering is approved before it runs: choose a date before %(day)s, "
        "the day of the first session.",
        day=format_date(
            first_day, format="long", locale=i18n.FORMAT_LOCALES[i18n.current_language()]
        ),
    ),
    Problem.WORKSHOP_CANCELLED: lambda: _(
        "This workshop is cancelled and can no longer be changed."
    ),
    Problem.NOT_A_DRAFT: lambda: _("Only a draft can be published."),
    Problem.NOT_PUBLISHED: lambda: _("Only a published workshop can be unpublished."),
    Problem.HAS_REGISTRANTS: _has_registrants,
    Problem.ALREADY_CANCELLED: lambda: _("This workshop is already cancelled."),
    Problem.REASON_MISSING: lambda: _("Say why the workshop is cancelled; registrants are told."),
    Problem.REASON_TOO_LONG: lambda limit: _(
        "Keep the reason to %(limit)s characters or fewer.", limit=format_number(limit)
    ),
    Problem.SHIFT_OUT_OF_RANGE: lambda maximum: _(
        "Shift by 0 to %(maximum)s weeks.", maximum=format_number(maximum)
    ),
    Problem.SESSION_YEAR_OUT_OF_RANGE: lambda example_year: _(
        "Enter the session's date, such as %(example)s: the year must be between 1900 and 9000.",
        example=f"{example_year}-05-01",
    ),
    Problem.SESSION_ENDS_BEFORE_START: lambda: _("The session must end after it starts."),
    Problem.SESSION_BEFORE_CLOSING: lambda closes_at, time_zone: _(
        "Registration closes %(closes)s, after this session would start. Move the session, "
        "or edit the registration closing time first.",
        closes=i18n.format_local(closes_at, time_zone),
    ),
    Problem.SESSION_CANCELLED: lambda: _("This session is cancelled and can no longer be changed."),
    Problem.SESSION_ALREADY_CANCELLED: lambda: _("This session is already cancelled."),
    Problem.LAST_SESSION: lambda: _(
        "A published workshop keeps at least one session. Add the new session first, or "
        "cancel the workshop."
    ),
    Problem.NO_ACCOUNT: _no_account,
    Problem.ALREADY_FACILITATES: lambda name: _(
        "%(name)s already facilitates this workshop.", name=name
    ),
    Problem.NOT_A_FACILITATOR: lambda name: _(
        "%(name)s does not facilitate this workshop.", name=name
    ),
}

_NETWORK_PROBLEMS: dict[NetworkProblem, Callable[..., str]] = {
    NetworkProblem.NAME_MISSING: lambda: _("Give the network a name."),
    NetworkProblem.NAME_TAKEN: lambda name: _(
        "Another network is already called “%(name)s”. Choose another name.", name=name
    ),
    NetworkProblem.SLUG_MALFORMED: lambda: _(
        "Use lower-case letters, digits and single hyphens only (or leave it blank to make "
        "one from the name)."
    ),
    NetworkProblem.SLUG_TAKEN: lambda: _("Another network already uses this slug."),
    NetworkProblem.UNKNOWN_TIME_ZONE: lambda: _(
        "Not a time zone we know. Use an IANA name such as America/Chicago."
    ),
    NetworkProblem.NO_ACCOUNT: _no_account,
    NetworkProblem.ALREADY_ADMIN: lambda name: _(
        "%(name)s already administers this network.", name=name
    ),
    NetworkProblem.NOT_ADMIN: lambda name: _(
        "%(name)s does not administer this network.", name=name
    ),
    NetworkProblem.OWN_SITE_ADMIN_ROLE: lambda: _(
        "You cannot remove your own site-admin role; ask another site admin to do it."
    ),
}


def problem(error: WorkshopError | NetworkError) -> str:
    """One refusal (not the others found with it) in words."""
    if isinstance(error, NetworkError):
        return _NETWORK_PROBLEMS[error.reason](**error.values)
    return _WORKSHOP_PROBLEMS[error.reason](**error.values)


# --- what a change did -----------------------------------------------------------------


def missing_place(place: MissingPlace) -> str:
    if place == MissingPlace.JOIN_LINK:
        return _(
            "Registered educators will see no join link until you add one. "
            "Add it under Edit details."
        )
    return _("Registered educators will see no venue until you add one. Add it under Edit details.")


def published(outcome: Published) -> str:
    return " ".join(
        [_("Published: it is now in the catalog."), *map(missing_place, outcome.missing)]
    )


def capacity_changed(change: CapacityChange) -> str:
    """What a new number of seats did, in the roster's words for the same answer."""
    return registration_messages.capacity_changed(change)[0]


def workshop_saved(outcome: WorkshopSaved) -> str:
    saved = _("Workshop saved.")
    if outcome.capacity_change is None:
        return saved
    return " ".join(part for part in (saved, capacity_changed(outcome.capacity_change)) if part)


_SESSION_CHANGES: dict[SessionChange, Callable[[], str]] = {
    SessionChange.ADDED: lambda: _("Session added."),
    SessionChange.SAVED: lambda: _("Session saved."),
    SessionChange.UNCHANGED: lambda: _("Nothing changed."),
    SessionChange.REMOVED: lambda: _("Session removed."),
    SessionChange.CANCELLED: lambda: _("Session cancelled; calendars show it as cancelled."),
}

_UNANNOUNCED: dict[Unannounced, Callable[[], str]] = {
    Unannounced.HAD_BEGUN: lambda: _(
        "It had already begun, so registrants were not emailed about it."
    ),
    Unannounced.NEW_TIME_PASSED: lambda: _(
        "Its new time has already passed, so registrants were not emailed about it: write "
        "to them from the roster if they still need to know."
    ),
}


def session_outcome(outcome: SessionOutcome) -> str:
    parts = [_SESSION_CHANGES[outcome.change]()]
    if outcome.emailed:
        parts.append(
            ngettext(
                "%(num)s registrant was emailed.",
                "%(num)s registrants were emailed.",
                outcome.emailed,
            )
        )
    if outcome.unannounced:
        parts.append(_UNANNOUNCED[outcome.unannounced]())
    return " ".join(parts)


def image_refusal(error: ImageError) -> str:
    """Why an uploaded seal or signature was not kept."""
    reason = error.reason
    if reason == ImageRefusal.TOO_LARGE:
        return _(
            "The file is larger than %(size)s KB. Save a smaller image.",
            size=error.values["limit"] // 1024,
        )
    if reason == ImageRefusal.SVG:
        return _("SVG files are not taken: save the image as PNG or JPEG.")
    if reason == ImageRefusal.TOO_MANY_PIXELS:
        return _("The image has too many pixels. Save it at most 4,000 pixels wide and high.")
    if reason == ImageRefusal.TYPED_TOO_LONG:
        return _("Keep it to %(limit)s characters or fewer.", limit=error.values["limit"])
    if reason == ImageRefusal.EMPTY:
        return _("The file is empty. Choose a PNG or JPEG file.")
    return _("This is not a PNG or JPEG image that can be read. Choose another file.")
