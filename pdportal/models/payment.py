"""Card payments (Stripe Checkout), the Stripe events applied once, and discount codes."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pdportal.extensions import db
from pdportal.orm import LabelledEnum, utcnow

if TYPE_CHECKING:
    from pdportal.models.registration import Registration


class PaymentState(LabelledEnum):
    """Where one Checkout Session stands. A later stage is never undone by an earlier one."""

    CREATED = ("created", _l("Awaiting payment"))
    EXPIRED = ("expired", _l("Expired unpaid"))
    FAILED = ("failed", _l("Failed"))
    PAID = ("paid", _l("Paid"))
    REFUNDED = ("refunded", _l("Refunded"))


class Payment(db.Model):
    """One Stripe Checkout Session opened for a registration."""

    __tablename__ = "payment"
    __table_args__ = (
        CheckConstraint("amount_cents >= 0", name="amount_not_negative"),
        CheckConstraint(
            "refunded_cents >= 0 AND refunded_cents <= amount_cents",
            name="refunded_within_amount",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id"), index=True)
    checkout_session_id: Mapped[str] = mapped_column(String(255), unique=True)
    checkout_url: Mapped[str] = mapped_column(String(1000), default="")
    payment_intent_id: Mapped[str] = mapped_column(String(255), default="", index=True)
    amount_cents: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3), default="usd")
    status: Mapped[PaymentState] = mapped_column(default=PaymentState.CREATED, index=True)
    refunded_cents: Mapped[int] = mapped_column(default=0)
    expires_at: Mapped[datetime | None]
    paid_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    registration: Mapped[Registration] = relationship()
    # Its page in Stripe's dashboard: stripe_client.dashboard_url (the mode is the key's).


class StripeEvent(db.Model):
    """Every webhook event id, stored once: the unique index makes a duplicate a no-op.

    `payment_intent_id` and `amount_refunded_cents` keep the facts of a refund that
    arrives before the payment it refunds, so the payment picks them up later.
    """

    __tablename__ = "stripe_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(String(255), unique=True)
    type: Mapped[str] = mapped_column(String(100))
    payment_intent_id: Mapped[str] = mapped_column(String(255), default="", index=True)
    amount_refunded_cents: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    processed_at: Mapped[datetime | None]


class DiscountCode(db.Model):
    """A scholarship or discount code for one workshop or every workshop of a network.

    Codes are stored upper-cased, so uniqueness per scope is case-insensitive.
    """

    __tablename__ = "discount_code"
    __table_args__ = (
        UniqueConstraint("network_id", "code"),
        UniqueConstraint("workshop_id", "code"),
        CheckConstraint(
            "(network_id IS NULL AND workshop_id IS NOT NULL)"
            " OR (network_id IS NOT NULL AND workshop_id IS NULL)",
            name="exactly_one_scope",
        ),
        CheckConstraint(
            "(percent_off IS NULL AND amount_off_cents IS NOT NULL)"
            " OR (percent_off IS NOT NULL AND amount_off_cents IS NULL)",
            name="exactly_one_discount",
        ),
        CheckConstraint(
            "percent_off IS NULL OR percent_off BETWEEN 1 AND 100", name="percent_range"
        ),
        CheckConstraint(
            "amount_off_cents IS NULL OR amount_off_cents >= 1", name="amount_off_positive"
        ),
        CheckConstraint("uses >= 0", name="uses_not_negative"),
        CheckConstraint("max_uses IS NULL OR uses <= max_uses", name="uses_within_max"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int | None] = mapped_column(ForeignKey("network.id"), index=True)
    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshop.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(String(200), default="")
    percent_off: Mapped[int | None]
    amount_off_cents: Mapped[int | None]
    max_uses: Mapped[int | None]
    uses: Mapped[int] = mapped_column(default=0)
    expires_at: Mapped[datetime | None]
    is_active: Mapped[bool] = mapped_column(default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def price_after(self, price_cents: int) -> int:
        if self.percent_off is not None:
            return price_cents - price_cents * self.percent_off // 100
        return max(price_cents - (self.amount_off_cents or 0), 0)

    @property
    def label(self) -> str:
        if self.percent_off is not None:
            return f"{self.percent_off}% off"
        cents = self.amount_off_cents or 0
        return f"${cents // 100:,}.{cents % 100:02d} off"


class DiscountRedemption(db.Model):
    """One use of a code by one registration; released (and the use given back) if unpaid."""

    __tablename__ = "discount_redemption"

    id: Mapped[int] = mapped_column(primary_key=True)
    discount_code_id: Mapped[int] = mapped_column(ForeignKey("discount_code.id"), index=True)
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registration.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    released_at: Mapped[datetime | None]

    discount_code: Mapped[DiscountCode] = relationship()
