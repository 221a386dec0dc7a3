"""An educator's transcript: their valid certificates and the hours they add up to.

The same hours count toward one requirement only (WAC 181-85): a certificate carrying
several designations counts toward the one its educator chooses (else the first in the
portal's order), so the totals by requirement never add up to more than the total.
The documents made from it (the PDF and the CSV) are drawn in `pdportal.documents`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

from pdportal.extensions import db
from pdportal.models import Certificate, CreditType, Designation


@dataclass(frozen=True)
class Totals:
    """Hours of valid certificates: in all, by credit type, by the requirement they count
    toward (a designation's value, such as "stem"; each certificate's hours in one only),
    and by the year of completion (newest first)."""

    by_credit_type: dict[CreditType, Decimal]
    by_designation: dict[str, Decimal]
    by_year: dict[int, Decimal]
    total: Decimal


def valid_only(certificates: list[Certificate]) -> list[Certificate]:
    return [c for c in certificates if c.is_valid]


def completion_year(certificate: Certificate) -> int:
    """The year the workshop ended, in its network's zone."""
    return certificate.ends_at.astimezone(ZoneInfo(certificate.time_zone)).year


def _designation_order(value: str) -> tuple[int, str]:
    """Designations in the order the portal lists them; any retired one after them."""
    order = [member.value for member in Designation]
    return (order.index(value), value) if value in order else (len(order), value)


def counted_requirement(certificate: Certificate) -> str:
    """The one designation the certificate's hours count toward ("" when it has none)."""
    values = list(certificate.designations or [])
    if certificate.counted_toward in values:
        return certificate.counted_toward
    return min(values, key=_designation_order, default="")


class CountRefusal(StrEnum):
    NOT_VALID = "not_valid"  # a revoked or replaced certificate counts toward nothing
    NOT_ITS_DESIGNATION = "not_its_designation"


class CountError(Exception):
    def __init__(self, reason: CountRefusal) -> None:
        super().__init__(reason)
        self.reason = reason


def count_toward(certificate: Certificate, designation: str) -> None:
    """The educator's choice of the requirement a certificate's hours count toward."""
    if not certificate.is_valid:
        raise CountError(CountRefusal.NOT_VALID)
    if designation not in (certificate.designations or []):
        raise CountError(CountRefusal.NOT_ITS_DESIGNATION)
    certificate.counted_toward = designation
    db.session.commit()


def totals(certificates: list[Certificate]) -> Totals:
    by_type: dict[CreditType, Decimal] = defaultdict(Decimal)
    by_designation: dict[str, Decimal] = defaultdict(Decimal)
    by_year: dict[int, Decimal] = defaultdict(Decimal)
    for certificate in valid_only(certificates):
        by_type[certificate.credit_type] += certificate.credited_hours
        if requirement := counted_requirement(certificate):
            by_designation[requirement] += certificate.credited_hours
        by_year[completion_year(certificate)] += certificate.credited_hours
    credit_types = list(CreditType)
    return Totals(
        dict(sorted(by_type.items(), key=lambda item: credit_types.index(item[0]))),
        dict(sorted(by_designation.items(), key=lambda item: _designation_order(item[0]))),
        dict(sorted(by_year.items(), reverse=True)),
        sum(by_type.values(), Decimal(0)),
    )
