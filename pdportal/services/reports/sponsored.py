"""Sponsored seats: for the funder who paid for scholarship and discount codes, the seats
those codes gave (confirmed registrations holding a use of a code) and the amount they
covered, by code and by the flags of the educators' schools (high-poverty, rural, tribal,
priority). A person at a school with two flags counts in both; totals count each person
once; small cells are hidden as in every report. One query whatever the data size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import select

from pdportal.extensions import db
from pdportal.models import (
    DiscountCode,
    DiscountRedemption,
    Network,
    Registration,
    RegistrationStatus,
    School,
    SchoolFlag,
    User,
    Workshop,
)
from pdportal.services.reports import tables
from pdportal.services.reports.reach import FIXED_KEYS, Dimension, flag_keys
from pdportal.services.reports.suppression import Position
from pdportal.services.reports.tables import Entry, Value

FLAG_KEYS = FIXED_KEYS[Dimension.SCHOOL_FLAG]


class SponsoredMeasure(StrEnum):
    SEATS = "seats"
    AMOUNT = "amount"  # dollars the codes took off the price


@dataclass(frozen=True)
class SponsoredQuery:
    network_ids: frozenset[int] | None  # None: every network (site admins)
    starts_on: date  # workshops that start on or after
    ends_on: date  # … and on or before
    measure: SponsoredMeasure = SponsoredMeasure.SEATS


@dataclass(frozen=True)
class CodeRow:
    """A code as the table names it (codes of different networks may share a name)."""

    code: str
    description: str
    network: str
    percent_off: int | None
    amount_off_cents: int | None


@dataclass
class SponsoredTable:
    query: SponsoredQuery
    row_keys: list[str]  # code ids
    codes: dict[str, CodeRow]
    values: dict[Position, Value | None]
    people: int | None

    column_keys = FLAG_KEYS

    def value(self, row: int | None, column: int | None) -> Value | None:
        return self.values[(row, column)]


def build(query: SponsoredQuery) -> SponsoredTable:
    start, end = tables.period(query.starts_on, query.ends_on)
    statement = (
        select(
            Registration.user_id,
            Workshop.price_cents,
            DiscountCode.id,
            DiscountCode.code,
            DiscountCode.description,
            DiscountCode.percent_off,
            DiscountCode.amount_off_cents,
            Network.name,
            School.id,
            School.is_high_poverty,
            School.is_rural,
            School.is_tribal,
            School.is_priority,
        )
        .join(DiscountRedemption, DiscountRedemption.registration_id == Registration.id)
        .join(DiscountCode, DiscountCode.id == DiscountRedemption.discount_code_id)
        .join(Workshop, Workshop.id == Registration.workshop_id)
        .join(Network, Network.id == Workshop.network_id)
        .join(User, User.id == Registration.user_id)
        .outerjoin(School, School.id == User.school_id)
        .where(
            Registration.status == RegistrationStatus.CONFIRMED,
            DiscountRedemption.released_at.is_(None),
            Workshop.starts_at >= start,
            Workshop.starts_at < end,
        )
    )
    if query.network_ids is not None:
        statement = statement.where(Workshop.network_id.in_(query.network_ids))
    codes: dict[str, CodeRow] = {}
    entries: list[Entry] = []
    for row in db.session.execute(statement):
        user_id, price, code_id, code, description, percent, amount_off, network = row[:8]
        school_id, *flag_values = row[8:]
        key = str(code_id)
        codes[key] = CodeRow(code, description, network, percent, amount_off)
        if query.measure == SponsoredMeasure.SEATS:
            value: Value = 1
        else:
            covered = price * percent // 100 if percent is not None else min(amount_off, price)
            value = Decimal(covered) / 100
        flags = [f.value for f, on in zip(SchoolFlag, flag_values, strict=True) if on]
        entries.append(Entry([key], flag_keys(school_id is not None, flags), user_id, value))
    row_keys = sorted(codes, key=lambda key: (codes[key].code, codes[key].network, int(key)))
    counted = tables.count(row_keys, FLAG_KEYS, entries)
    return SponsoredTable(query, row_keys, codes, counted.values, counted.people)
