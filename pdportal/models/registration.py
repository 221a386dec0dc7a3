"""Registrations: a user's place (or wait) in a workshop."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pdportal.extensions import db
from pdportal.orm import LabelledEnum, utcnow

if TYPE_CHECKING:
    from pdportal.models.user import User
    from pdportal.models.workshop import Workshop


MAX_CANCEL_REASON = 500  # characters of a cancellation reason (the column's length)


class RegistrationStatus(LabelledEnum):
    HELD = ("held", _l("Seat held for payment"))
    CONFIRMED = ("confirmed", _l("Confirmed"))
    WAITLISTED = ("waitlisted", _l("Waitlisted"))
    CANCELLED = ("cancelled", _l("Cancelled"))


class PaymentMethod(LabelledEnum):
    NONE = ("none", _l("No payment needed"))
    CARD = ("card", _l("Card"))
    PURCHASE_ORDER = ("purchase_order", _l("Purchase order"))
    SPONSORED = ("sponsored", _l("Sponsored seat"))
    INVOICE = ("invoice", _l("Invoice or pay at the door"))  # an organiser's walk-in


# Paid outside the portal: an admin records the money arriving ("Mark paid").
OFFLINE_PAYMENT_METHODS = frozenset({PaymentMethod.PURCHASE_ORDER, PaymentMethod.INVOICE})


class PaymentStatus(LabelledEnum):
    NOT_REQUIRED = ("not_required", _l("Not required"))
    PENDING = ("pending", _l("Pending"))
    PAID = ("paid", _l("Paid"))
    DUE = ("due", _l("Due"))
    REFUNDED = ("refunded", _l("Refunded"))
    FAILED = ("failed", _l("Failed"))
    NOT_DUE = ("not_due", _l("Not due (cancelled)"))  # an unpaid purchase order or invoice


ACTIVE_STATUSES = (
    RegistrationStatus.HELD,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
)


class Registration(db.Model):
    __tablename__ = "registration"
    __table_args__ = (
        # Invariant 2: one active registration per user and workshop.
        Index(
            "uq_registration_active_user_workshop",
            "user_id",
            "workshop_id",
            unique=True,
            postgresql_where=text("status <> 'cancelled'"),
            sqlite_where=text("status <> 'cancelled'"),
        ),
        Index("ix_registration_workshop_status", "workshop_id", "status", "created_at"),
        CheckConstraint("amount_cents >= 0", name="amount_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"))
    status: Mapped[RegistrationStatus]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)  # arrival order
    hold_expires_at: Mapped[datetime | None]
    confirmed_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    cancel_reason: Mapped[str] = mapped_column(String(MAX_CANCEL_REASON), default="")
    payment_method: Mapped[PaymentMethod] = mapped_column(default=PaymentMethod.NONE)
    payment_status: Mapped[PaymentStatus] = mapped_column(default=PaymentStatus.NOT_REQUIRED)
    amount_cents: Mapped[int] = mapped_column(default=0)
    po_district: Mapped[str] = mapped_column(String(200), default="")
    po_number: Mapped[str] = mapped_column(String(80), default="")
    reminder_sent_at: Mapped[datetime | None]
    # Registered by a district coordinator with others, on one purchase order.
    group_id: Mapped[int | None] = mapped_column(ForeignKey("registration_group.id"), index=True)
    # Any change bumps it; the catalog's cache key reads max(updated_at).
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    workshop: Mapped[Workshop] = relationship()
    cancelled_by: Mapped[User | None] = relationship(foreign_keys=[cancelled_by_id])

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES
