"""Clock-hour records a provider must keep: the offering's approval and the hours each
educator affirmed.

Neither is ever deleted (records are kept seven years): an approval edited after it was
given becomes a new version, and a new affidavit supersedes an older one without
removing it.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    LargeBinary,
    Numeric,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pdportal.extensions import db
from pdportal.orm import utcnow

if TYPE_CHECKING:
    from pdportal.models.user import User
    from pdportal.models.workshop import Workshop


class OfferingApproval(db.Model):
    """One version of a clock-hour offering's approval record.

    The newest version of a workshop is its record. Once approved it holds what was
    approved: the hours and the live sessions' times (`approved_schedule`, ISO pairs), so a
    later change to either shows that the offering needs approving again.
    """

    __tablename__ = "offering_approval"
    __table_args__ = (Index("ix_offering_approval_workshop_version", "workshop_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"))
    version: Mapped[int] = mapped_column(default=1)
    objectives: Mapped[str] = mapped_column(Text, default="")
    agenda: Mapped[str] = mapped_column(Text, default="")
    instructors: Mapped[str] = mapped_column(Text, default="")  # names and qualifications
    standards_alignment: Mapped[str] = mapped_column(Text, default="")
    approved_on: Mapped[date | None]
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    designee_name: Mapped[str] = mapped_column(String(200), default="")
    approved_hours: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    approved_schedule: Mapped[list[list[str]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    workshop: Mapped[Workshop] = relationship()
    approved_by: Mapped[User | None] = relationship()

    @property
    def is_approved(self) -> bool:
        return self.approved_on is not None


class HoursAffidavit(db.Model):
    """The educator's "I affirm that I earned __ of __ clock hours", and when.

    `earned_hours` is what attendance allowed when they affirmed; they may claim fewer.
    """

    __tablename__ = "hours_affidavit"
    __table_args__ = (
        Index("ix_hours_affidavit_workshop_user", "workshop_id", "user_id"),
        CheckConstraint(
            "affirmed_hours >= 0 AND affirmed_hours <= earned_hours", name="affirmed_within_earned"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    offered_hours: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    earned_hours: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    affirmed_hours: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    affirmed_at: Mapped[datetime] = mapped_column(default=utcnow)


class NetworkImage(db.Model):
    """A provider's seal (or logo) or its designee's signature, as printed on clock-hour
    records: normalised to a small JPEG at upload. Every upload is kept, and a
    certificate points at the ones it was printed with."""

    __tablename__ = "network_image"
    __table_args__ = (
        Index("ix_network_image_network_kind", "network_id", "kind"),
        CheckConstraint("kind IN ('seal', 'signature')", name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id"))
    kind: Mapped[str] = mapped_column(String(16))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    width: Mapped[int]
    height: Mapped[int]
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
