"""The words for the catalog filters' problems (`services.catalog.FilterProblem`), shared
by the catalog page (which ignores a bad value and says so), the JSON API and the public
calendar feed (which refuse the request)."""

from __future__ import annotations

from flask_babel import format_number, gettext

from pdportal.services.catalog import Alternative, FilterError, FilterProblem, Widening, filters


def _unknown(error: FilterError, *, refused: bool) -> str:
    value = error.value
    if refused:
        known = ", ".join(filters.CHOICES[error.field]) if error.field in filters.CHOICES else ""
        if error.field == "topic":
            return gettext(
                "Unknown topic “%(value)s”. Use one of: %(known)s.", value=value, known=known
            )
        if error.field == "grade":
            return gettext(
                "Unknown grade band “%(value)s”. Use one of: %(known)s.", value=value, known=known
            )
        if error.field == "format":
            return gettext(
                "Unknown format “%(value)s”. Use one of: %(known)s.", value=value, known=known
            )
        if error.field == "county":
            return gettext("No workshop meets in a county called “%(value)s”.", value=value)
        return gettext("Unknown network “%(value)s”.", value=value)
    if error.field == "topic":
        return gettext("There is no topic “%(value)s”; showing all topics.", value=value)
    if error.field == "grade":
        return gettext("There is no grade band “%(value)s”; showing all grade bands.", value=value)
    if error.field == "format":
        return gettext("There is no format “%(value)s”; showing all formats.", value=value)
    if error.field == "county":
        return gettext(
            "No workshop meets in a county called “%(value)s”; showing all counties.", value=value
        )
    return gettext("There is no network “%(value)s”; showing all networks.", value=value)


def filter_error_message(error: FilterError, *, refused: bool = False) -> str:
    """What to tell the reader about one bad query argument. `refused`: the request is
    answered with an error (API, feed) rather than without that filter (the page)."""
    match error.problem:
        case FilterProblem.UNKNOWN_CHOICE:
            return _unknown(error, refused=refused)
        case FilterProblem.NOT_A_DATE:
            return gettext(
                "“%(value)s” is not a date; use the form YYYY-MM-DD, e.g. 2026-09-15.",
                value=error.value,
            )
        case FilterProblem.DATE_OUT_OF_RANGE:
            return gettext(
                "Choose a date between %(first)s and %(last)s.",
                first=filters.FIRST_YEAR,
                last=filters.LAST_YEAR,
            )
        case FilterProblem.RANGE_BACKWARDS:
            return gettext("The end date is before the start date.")
        case FilterProblem.NOT_A_PAGE:
            return gettext(
                "Choose a page from 1 to %(last)s.", last=format_number(filters.MAX_PAGE)
            )
    raise AssertionError(error.problem)  # pragma: no cover - every problem has words


def field_messages(errors: tuple[FilterError, ...], *, refused: bool) -> dict[str, list[str]]:
    """Messages keyed by query parameter (the API's `fields`)."""
    messages: dict[str, list[str]] = {}
    for error in errors:
        messages.setdefault(error.field, []).append(filter_error_message(error, refused=refused))
    return messages


def _dropped_filter(field: str) -> str:
    match field:
        case "topic":
            return gettext("Any topic")
        case "network":
            return gettext("Any region")
        case "county":
            return gettext("Any county")
        case "grade":
            return gettext("Any grade band")
        case "format":
            return gettext("Any format")
        case "online":
            return gettext("In person too")
        case "free":
            return gettext("Paid workshops too")
        case "available":
            return gettext("Full workshops too")
    raise AssertionError(field)  # pragma: no cover - every droppable filter has words


def alternative_label(alternative: Alternative) -> str:
    """How a nearby search differs from the one that found nothing ("Without “yakima”")."""
    match alternative.widening:
        case Widening.DROP_WORD:
            return gettext("Without “%(word)s”", word=alternative.detail)
        case Widening.ANY_DATE:
            return gettext("On any date")
        case Widening.DROP_FILTER:
            return _dropped_filter(alternative.detail)
    raise AssertionError(alternative.widening)  # pragma: no cover
