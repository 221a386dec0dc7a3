"""The words of the reports: measures, dimensions, the names of their keys, refusals."""

from __future__ import annotations

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from pdportal.i18n import format_amount
from pdportal.models import EducatorType, GradeBand, RaceEthnicity, SchoolFlag, Subject
from pdportal.services.reports import reach
from pdportal.services.reports.impact import ImpactBy
from pdportal.services.reports.reach import Dimension, Measure, ReachTable
from pdportal.services.reports.sponsored import CodeRow, SponsoredMeasure

DATE_OUT_OF_RANGE = _l("Enter a date between 2000 and 2100.")
DATES_REVERSED = _l("The end date must be on or after the start date.")
UNKNOWN_CHOICE = _l("Choose one of the options in the list.")
SAME_DIMENSION_TWICE = _l("Choose two different things to count by, or nothing else.")
CODE_MISSING = _l("Enter the school's state code.")

MEASURES = {
    Measure.REGISTRATIONS: _l("Registrations"),
    Measure.ATTENDANCE: _l("Attendance (registrations with a session attended)"),
    Measure.HOURS: _l("Hours earned (on certificates)"),
    Measure.CERTIFICATES: _l("Certificates"),
}
DIMENSIONS = {
    Dimension.NETWORK: _l("Network"),
    Dimension.COUNTY: _l("County"),
    Dimension.DISTRICT: _l("School district"),
    Dimension.SCHOOL: _l("School"),
    Dimension.SCHOOL_FLAG: _l("School flags"),
    Dimension.EDUCATOR_TYPE: _l("Role"),
    Dimension.GRADE_BAND: _l("Grade band"),
    Dimension.SUBJECT: _l("Subject"),
    Dimension.RACE_ETHNICITY: _l("Race and ethnicity"),
    Dimension.GENDER: _l("Gender"),
    Dimension.LANGUAGE: _l("Language spoken at home"),
}
ENUMS = {
    Dimension.SCHOOL_FLAG: SchoolFlag,
    Dimension.EDUCATOR_TYPE: EducatorType,
    Dimension.GRADE_BAND: GradeBand,
    Dimension.SUBJECT: Subject,
    Dimension.RACE_ETHNICITY: RaceEthnicity,
}
IMPACT_BY = {ImpactBy.WORKSHOP: _l("Workshop"), ImpactBy.NETWORK: _l("Network")}
SPONSORED_MEASURES = {
    SponsoredMeasure.SEATS: _l("Sponsored seats"),
    SponsoredMeasure.AMOUNT: _l("Amount covered (dollars)"),
}
SCHOOL_DIMENSIONS = {Dimension.COUNTY, Dimension.DISTRICT, Dimension.SCHOOL, Dimension.SCHOOL_FLAG}


STATES = {"WA": _l("Washington (statewide)"), "OR": _l("Oregon (statewide)")}


def state_name(code: str) -> str:
    """A state of the directory, for the statewide choice."""
    return str(STATES.get(code, _l("%(state)s (statewide)", state=code)))


def measure(value: Measure) -> str:
    return str(MEASURES[value])


def dimension(value: Dimension) -> str:
    return str(DIMENSIONS[value])


def key_label(table: ReachTable, of: Dimension, key: str) -> str:
    """The name of one row or column of a table, in the reader's language."""
    if key == reach.NOT_ANSWERED:
        return _("School not in the directory") if of in SCHOOL_DIMENSIONS else _("Not answered")
    if key == reach.MORE_THAN_ONE:
        return _("More than one group (also counted in each)")
    if key == reach.NO_FLAG:
        return _("None of these flags")
    if key == reach.ALL:
        return measure(table.query.measure)
    if of in ENUMS:
        return ENUMS[of](key).label
    return table.names.get((of, key), key)


def figure(value: int | object | None) -> str:
    """A cell: its number, or the word for a hidden one."""
    if value is None:
        return hidden()
    return format_decimal(value, format="#,##0.#")


def hidden() -> str:
    return _("hidden")


def flag_label(key: str) -> str:
    """A column of the sponsored-seats table (a school flag, or none, or not listed)."""
    if key == reach.NOT_ANSWERED:
        return _("School not in the directory")
    if key == reach.NO_FLAG:
        return _("None of these flags")
    return SchoolFlag(key).label


def code_label(code: CodeRow) -> str:
    """A code as the funder knows it: "STEMFUND (100% off, Puget Sound STEM Network)"."""
    if code.percent_off is not None:
        discount = _("%(percent)s%% off", percent=code.percent_off)
    else:
        discount = _("%(amount)s off", amount=format_amount(code.amount_off_cents or 0))
    label = _(
        "%(code)s (%(discount)s, %(network)s)",
        code=code.code,
        discount=discount,
        network=code.network,
    )
    return f"{label}: {code.description}" if code.description else label
