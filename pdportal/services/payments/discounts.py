"""Scholarship and discount codes: what they take off, and their uses counted without races.

A use is reserved with one conditional UPDATE (`uses < max_uses`, not expired, active)
that the database applies atomically, so two educators can never both take the last
use. The seat decision runs in the registration service's own locked transaction, so a
use is reserved just before it and given back if no seat (or no payment) follows.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from pdportal import database
from pdportal.extensions import db
from pdportal.models import DiscountCode, DiscountRedemption, Network, User, Workshop
from pdportal.orm import utcnow


class DiscountProblem(enum.StrEnum):
    """Why a code cannot be used or created."""

    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED_UP = "used_up"
    JUST_USED_UP = "just_used_up"  # the last use went to someone else just now
    CODE_EXISTS = "code_exists"  # code
    ONE_SCOPE = "one_scope"  # a code belongs to one workshop or one network
    ONE_KIND = "one_kind"  # a percentage or an amount off


class DiscountError(Exception):
    """A code that cannot be used or created (nothing changed); `field` is the form field
    the message belongs next to."""

    def __init__(self, reason: DiscountProblem, *, code: str = "", field: str = "code") -> None:
        super().__init__(reason.value)
        self.reason = reason
        self.code = code
        self.field = field


@dataclass(frozen=True)
class PriceQuote:
    """What the educator pays for a workshop, with or without a code."""

    price_cents: int
    amount_cents: int
    code: DiscountCode | None = None

    @property
    def is_sponsored(self) -> bool:
        """A 100%-off code: a sponsored seat that needs no payment."""
        return self.code is not None and self.amount_cents == 0


def normalise_code(code: str) -> str:
    return code.strip().upper()


def _usable(now: datetime):
    return (
        DiscountCode.is_active.is_(True),
        or_(DiscountCode.expires_at.is_(None), DiscountCode.expires_at > now),
        or_(DiscountCode.max_uses.is_(None), DiscountCode.uses < DiscountCode.max_uses),
    )


def find_code(workshop: Workshop, code: str) -> DiscountCode | None:
    """The workshop's own code of that name, else its network's."""
    candidates = db.session.scalars(
        select(DiscountCode).where(
            DiscountCode.code == normalise_code(code),
            or_(
                DiscountCode.workshop_id == workshop.id,
                DiscountCode.network_id == workshop.network_id,
            ),
        )
    ).all()
    return min(candidates, key=lambda c: c.workshop_id is None, default=None)


def quote(workshop: Workshop, code: str = "", now: datetime | None = None) -> PriceQuote:
    """The price after `code`; raises DiscountError for an unknown, expired or used-up code."""
    if not code.strip():
        return PriceQuote(workshop.price_cents, workshop.price_cents)
    now = now or utcnow()
    found = find_code(workshop, code)
    if found is None or not found.is_active:
        raise DiscountError(DiscountProblem.UNKNOWN)
    if found.expires_at is not None and found.expires_at <= now:
        raise DiscountError(DiscountProblem.EXPIRED)
    if found.max_uses is not None and found.uses >= found.max_uses:
        raise DiscountError(DiscountProblem.USED_UP)
    return PriceQuote(workshop.price_cents, found.price_after(workshop.price_cents), found)


def reserve_use(code: DiscountCode, now: datetime | None = None) -> int:
    """Count one use of `code` (atomically) and return the redemption's id.

    Raises DiscountError if the last use went to someone else in the meantime.
    """
    now = now or utcnow()
    code_id = code.id
    database.begin_write_locked_transaction()
    counted = db.session.execute(
        update(DiscountCode)
        .where(DiscountCode.id == code_id, *_usable(now))
        .values(uses=DiscountCode.uses + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    if counted != 1:
        db.session.rollback()
        raise DiscountError(DiscountProblem.JUST_USED_UP)
    redemption = DiscountRedemption(discount_code_id=code_id)
    db.session.add(redemption)
    db.session.commit()
    return redemption.id


def attach_use(redemption_id: int, registration_id: int) -> None:
    database.begin_write_locked_transaction()
    db.session.execute(
        update(DiscountRedemption)
        .where(DiscountRedemption.id == redemption_id)
        .values(registration_id=registration_id)
    )
    db.session.commit()


def release_use(redemption_id: int, now: datetime | None = None) -> bool:
    """Give a reserved use back (once). True if this call released it."""
    now = now or utcnow()
    database.begin_write_locked_transaction()
    released = db.session.execute(
        update(DiscountRedemption)
        .where(DiscountRedemption.id == redemption_id, DiscountRedemption.released_at.is_(None))
        .values(released_at=now)
    ).rowcount
    if released:
        code_id = db.session.scalar(
            select(DiscountRedemption.discount_code_id).where(
                DiscountRedemption.id == redemption_id
            )
        )
        db.session.execute(
            update(DiscountCode)
            .where(DiscountCode.id == code_id, DiscountCode.uses > 0)
            .values(uses=DiscountCode.uses - 1)
            .execution_options(synchronize_session=False)
        )
    db.session.commit()
    return bool(released)


def release_use_of_registration(registration_id: int) -> bool:
    """A registration ended unpaid (hold expired, cancelled while waiting): its use goes back."""
    redemption_id = db.session.scalar(
        select(DiscountRedemption.id).where(
            DiscountRedemption.registration_id == registration_id,
            DiscountRedemption.released_at.is_(None),
        )
    )
    return release_use(redemption_id) if redemption_id is not None else False


# --- administration ---------------------------------------------------------------


def create_code(
    actor: User,
    *,
    code: str,
    workshop: Workshop | None = None,
    network: Network | None = None,
    percent_off: int | None = None,
    amount_off_cents: int | None = None,
    max_uses: int | None = None,
    expires_at: datetime | None = None,
    description: str = "",
) -> DiscountCode:
    if (workshop is None) == (network is None):
        raise DiscountError(DiscountProblem.ONE_SCOPE)
    if (percent_off is None) == (amount_off_cents is None):
        raise DiscountError(DiscountProblem.ONE_KIND, field="kind")
    discount = DiscountCode(
        code=normalise_code(code),
        workshop_id=workshop.id if workshop else None,
        network_id=network.id if network else None,
        percent_off=percent_off,
        amount_off_cents=amount_off_cents,
        max_uses=max_uses,
        expires_at=expires_at,
        description=description.strip(),
        created_by_id=actor.id,
    )
    db.session.add(discount)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise DiscountError(DiscountProblem.CODE_EXISTS, code=normalise_code(code)) from None
    return discount


def codes_for(*, workshop: Workshop | None = None, network: Network | None = None):
    query = select(DiscountCode).order_by(DiscountCode.is_active.desc(), DiscountCode.code)
    if workshop is not None:
        query = query.where(DiscountCode.workshop_id == workshop.id)
    else:
        query = query.where(DiscountCode.network_id == network.id)
    return db.session.scalars(query).all()


def deactivate(discount: DiscountCode) -> None:
    discount.is_active = False
    db.session.commit()
