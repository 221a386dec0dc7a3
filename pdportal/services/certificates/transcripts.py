"""An educator's transcript: their valid certificates and the hours they add up to.

The documents made from it (the PDF and the CSV) are drawn in `pdportal.documents`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from pdportal.models import Certificate, CreditType, Designation


@dataclass(frozen=True)
class Totals:
    """Hours of valid certificates: in all, by credit type, by designation (its value,
    such as "stem"), and by the year of completion (newest first)."""

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


def totals(certificates: list[Certificate]) -> Totals:
    by_type: dict[CreditType, Decimal] = defaultdict(Decimal)
    by_designation: dict[str, Decimal] = defaultdict(Decimal)
    by_year: dict[int, Decimal] = defaultdict(Decimal)
    for certificate in valid_only(certificates):
        by_type[certificate.credit_type] += certificate.credited_hours
        for value in certificate.designations or []:
            by_designation[value] += certificate.credited_hours
        by_year[completion_year(certificate)] += certificate.credited_hours
    credit_types = list(CreditType)
    return Totals(
        dict(sorted(by_type.items(), key=lambda item: credit_types.index(item[0]))),
        dict(sorted(by_designation.items(), key=lambda item: _designation_order(item[0]))),
        dict(sorted(by_year.items(), reverse=True)),
        sum(by_type.values(), Decimal(0)),
    )
