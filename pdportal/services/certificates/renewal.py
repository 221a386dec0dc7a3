"""Progress toward renewing a Washington certificate (RCW 28A.410.277, .2212):
100 clock hours in the five years before it expires, of which teachers need 15% Equity
(and 15 STEM hours when they hold a STEM-related endorsement) and administrators 10%
Equity, 10% Leadership and 5% government-to-government training.

Only valid certificates for Washington clock hours completed in the window count, each
toward the one requirement its educator chose (`transcripts.counted_requirement`), so
no hour is counted twice. Government-to-government training carries no designation the
portal issues: it is listed as required, never as met.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

from pdportal.models import Certificate, CreditType, Designation
from pdportal.services.certificates.transcripts import counted_requirement, valid_only

WINDOW_YEARS = 5
TOTAL_HOURS = Decimal(100)
GOVERNMENT_TO_GOVERNMENT = "government_to_government"
TOTAL = "total"


class RenewalRole(StrEnum):
    TEACHER = "teacher"
    ADMINISTRATOR = "administrator"


# Percentages of the total, per role: (requirement, percent).
_SHARES: dict[RenewalRole, list[tuple[str, int]]] = {
    RenewalRole.TEACHER: [(Designation.EQUITY.value, 15)],
    RenewalRole.ADMINISTRATOR: [
        (Designation.EQUITY.value, 10),
        (Designation.LEADERSHIP.value, 10),
        (GOVERNMENT_TO_GOVERNMENT, 5),
    ],
}
STEM_ENDORSED_HOURS = Decimal(15)


@dataclass(frozen=True)
class Requirement:
    """One line of the tracker: `earned` is None when the portal cannot tell."""

    name: str  # TOTAL, a designation's value, or GOVERNMENT_TO_GOVERNMENT
    required: Decimal
    earned: Decimal | None

    @property
    def still_needed(self) -> Decimal | None:
        if self.earned is None:
            return None
        return max(self.required - self.earned, Decimal(0))

    @property
    def is_met(self) -> bool:
        return self.earned is not None and self.earned >= self.required


@dataclass(frozen=True)
class RenewalProgress:
    window_starts: date  # exclusive: completed after this day
    window_ends: date  # inclusive: the day the certificate expires
    requirements: list[Requirement]
    counted: list[Certificate]  # the certificates in the window


def window_start(ends: date) -> date:
    """The same day five years earlier (28 February for a 29 February)."""
    try:
        return ends.replace(year=ends.year - WINDOW_YEARS)
    except ValueError:
        return ends.replace(year=ends.year - WINDOW_YEARS, day=28)


def _completed(certificate: Certificate) -> date:
    return certificate.ends_at.astimezone(ZoneInfo(certificate.time_zone)).date()


def progress(
    certificates: Iterable[Certificate],
    role: RenewalRole,
    window_ends: date,
    *,
    stem_endorsed: bool = False,
) -> RenewalProgress:
    starts = window_start(window_ends)
    counted = [
        c
        for c in valid_only(list(certificates))
        if c.credit_type == CreditType.WA_CLOCK_HOURS and starts < _completed(c) <= window_ends
    ]
    total = sum((c.credited_hours for c in counted), Decimal(0))
    by_requirement: dict[str, Decimal] = {}
    for certificate in counted:
        if requirement := counted_requirement(certificate):
            by_requirement[requirement] = (
                by_requirement.get(requirement, Decimal(0)) + certificate.credited_hours
            )
    lines = [Requirement(TOTAL, TOTAL_HOURS, total)]
    for name, percent in _SHARES[role]:
        earned = None if name == GOVERNMENT_TO_GOVERNMENT else by_requirement.get(name, Decimal(0))
        lines.append(Requirement(name, TOTAL_HOURS * percent / 100, earned))
    if stem_endorsed and role == RenewalRole.TEACHER:
        stem = by_requirement.get(Designation.STEM.value, Decimal(0))
        lines.append(Requirement(Designation.STEM.value, STEM_ENDORSED_HOURS, stem))
    return RenewalProgress(starts, window_ends, lines, counted)


def next_june_30(today: date) -> date:
    """Washington certificates expire on 30 June: the coming one is the default window."""
    this_year = date(today.year, 6, 30)
    return this_year if today <= this_year else date(today.year + 1, 6, 30)
