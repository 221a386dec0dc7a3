"""Workshops, their sessions and facilitators."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pdportal.extensions import db
from pdportal.orm import LabelledEnum, utcnow

if TYPE_CHECKING:
    from pdportal.models.network import Network
    from pdportal.models.question import WorkshopQuestion
    from pdportal.models.user import User


class Topic(LabelledEnum):
    NGSS_SCIENCE = ("ngss_science", _l("NGSS science"))
    MATHEMATICS = ("mathematics", _l("Mathematics"))
    COMPUTER_SCIENCE = ("computer_science", _l("Computer science"))
    ENGINEERING = ("engineering", _l("Engineering"))
    ASSESSMENT = ("assessment", _l("Assessment"))
    CAREER_CONNECTED = ("career_connected", _l("Career-connected learning"))
    ENVIRONMENTAL = ("environmental", _l("Environmental & climate education"))
    EQUITY = ("equity", _l("Equity in STEM"))


class WorkshopFormat(LabelledEnum):
    IN_PERSON = ("in_person", _l("In person"))
    ONLINE = ("online", _l("Online"))
    HYBRID = ("hybrid", _l("Hybrid"))


class WorkshopStatus(LabelledEnum):
    DRAFT = ("draft", _l("Draft"))
    PUBLISHED = ("published", _l("Published"))
    CANCELLED = ("cancelled", _l("Cancelled"))
    COMPLETED = ("completed", _l("Completed"))


class CreditType(LabelledEnum):
    WA_CLOCK_HOURS = ("wa_clock_hours", _l("Washington clock hours"))
    OR_PDUS = ("or_pdus", _l("Oregon PDUs"))
    COMPLETION = ("completion", _l("Certificate of completion"))


class Designation(LabelledEnum):
    STEM = ("stem", _l("STEM"))
    EQUITY = ("equity", _l("Equity"))
    LEADERSHIP = ("leadership", _l("Leadership"))
    FUNDAMENTAL_COURSE = ("fundamental_course", _l("Fundamental Course of Study"))
    PARAEDUCATOR = ("paraeducator", _l("Paraeducator subject matter"))


class Workshop(db.Model):
    __tablename__ = "workshop"
    __table_args__ = (
        CheckConstraint("capacity >= 1", name="capacity_positive"),
        CheckConstraint("price_cents >= 0", name="price_not_negative"),
        CheckConstraint("attendance_threshold_pct BETWEEN 1 AND 100", name="threshold_percentage"),
        CheckConstraint("credit_hours >= 0", name="credit_hours_not_negative"),
        CheckConstraint("approval_days BETWEEN 1 AND 60", name="approval_days_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id"), index=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text, default="")  # Markdown, sanitised on render
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    grade_bands: Mapped[list[str]] = mapped_column(JSON, default=list)
    audience: Mapped[str] = mapped_column(String(300), default="")
    format: Mapped[WorkshopFormat] = mapped_column(default=WorkshopFormat.IN_PERSON)
    venue: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    online_url: Mapped[str] = mapped_column(String(500), default="")  # registered educators only
    capacity: Mapped[int] = mapped_column(default=30)
    has_waitlist: Mapped[bool] = mapped_column(default=True)
    registration_opens_at: Mapped[datetime | None]
    registration_closes_at: Mapped[datetime | None]
    price_cents: Mapped[int] = mapped_column(default=0)
    allows_purchase_order: Mapped[bool] = mapped_column(default=False)
    refund_deadline_at: Mapped[datetime | None]
    credit_type: Mapped[CreditType] = mapped_column(default=CreditType.COMPLETION)
    credit_hours: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal("0"))
    inservice_number: Mapped[str] = mapped_column(String(80), default="")
    designations: Mapped[list[str]] = mapped_column(JSON, default=list)
    attendance_threshold_pct: Mapped[int] = mapped_column(default=100)
    requires_evaluation: Mapped[bool] = mapped_column(default=False)
    # A supervisor approves each registration; the seat is held for `approval_days`.
    requires_approval: Mapped[bool] = mapped_column(default=False, server_default=false())
    approval_days: Mapped[int] = mapped_column(default=5, server_default="5")
    status: Mapped[WorkshopStatus] = mapped_column(default=WorkshopStatus.DRAFT, index=True)
    cancelled_reason: Mapped[str] = mapped_column(String(500), default="")
    # Denormalised from the sessions (kept by the workshop service) so the catalog can
    # sort and filter by date without a join.
    starts_at: Mapped[datetime | None] = mapped_column(index=True)
    ends_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)

    network: Mapped[Network] = relationship()
    sessions: Mapped[list[WorkshopSession]] = relationship(
        back_populates="workshop",
        cascade="all, delete-orphan",
        order_by="WorkshopSession.starts_at",
    )
    questions: Mapped[list[WorkshopQuestion]] = relationship(
        cascade="all, delete-orphan",
        order_by="WorkshopQuestion.position",
    )
    facilitators: Mapped[list[User]] = relationship(
        secondary="workshop_facilitator", order_by="User.name"
    )

    @property
    def is_free(self) -> bool:
        return self.price_cents == 0

    @property
    def is_clock_hours(self) -> bool:
        """Washington clock hours: approved before they run, evaluated, affirmed."""
        return self.credit_type == CreditType.WA_CLOCK_HOURS

    @property
    def needs_evaluation(self) -> bool:
        """Washington clock hours always need one; other credit when the admin asks."""
        return self.requires_evaluation or self.is_clock_hours

    @property
    def is_public(self) -> bool:
        """Anyone holding the link may see it (cancelled ones say so)."""
        return self.status != WorkshopStatus.DRAFT

    def __repr__(self) -> str:
        return f"<Workshop {self.slug}>"


class WorkshopSession(db.Model):
    """One meeting of a workshop; times in UTC, shown in the network's zone."""

    __tablename__ = "workshop_session"
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    location: Mapped[str] = mapped_column(String(300), default="")  # overrides the venue
    # iCalendar SEQUENCE: raised whenever the time or place changes.
    sequence: Mapped[int] = mapped_column(default=0)
    is_cancelled: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)

    workshop: Mapped[Workshop] = relationship(back_populates="sessions")

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class WorkshopFacilitator(db.Model):
    __tablename__ = "workshop_facilitator"
    __table_args__ = (UniqueConstraint("workshop_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
