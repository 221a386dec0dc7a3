"""PD certificates: the facts printed on them are frozen at issue time.

A licensing office may check a certificate years later, after the workshop's title,
the provider's number or the educator's profile have changed; the certificate keeps
what it said when it was issued.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Numeric, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pdportal.extensions import db
from pdportal.models.workshop import CreditType, Designation
from pdportal.orm import LabelledEnum, utcnow

if TYPE_CHECKING:
    from pdportal.models.clockhours import NetworkImage
    from pdportal.models.user import User
    from pdportal.models.workshop import Workshop


class CertificateStatus(LabelledEnum):
    VALID = ("valid", _l("Valid"))
    REVOKED = ("revoked", _l("Revoked"))
    REPLACED = ("replaced", _l("Replaced by a corrected certificate"))


def new_verification_code() -> str:
    return secrets.token_urlsafe(18)


class Certificate(db.Model):
    __tablename__ = "certificate"
    __table_args__ = (
        # One valid certificate per educator and workshop; revoked / replaced ones stay.
        Index(
            "uq_certificate_valid_user_workshop",
            "user_id",
            "workshop_id",
            unique=True,
            postgresql_where=text("status = 'valid'"),
            sqlite_where=text("status = 'valid'"),
        ),
        CheckConstraint("credited_hours >= 0", name="credited_hours_not_negative"),
        CheckConstraint("minutes_attended >= 0", name="minutes_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The human number (e.g. PSSP-2026-000123), set right after the row gets its id.
    number: Mapped[str | None] = mapped_column(String(40), unique=True)
    verification_code: Mapped[str] = mapped_column(
        String(40), unique=True, default=new_verification_code
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"), index=True)
    status: Mapped[CertificateStatus] = mapped_column(default=CertificateStatus.VALID)

    # What earned it.
    minutes_attended: Mapped[int]
    scheduled_minutes: Mapped[int]
    credited_hours: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    # The offering's hours and, for clock hours, when the educator affirmed what they earned.
    offered_hours: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    affirmed_at: Mapped[datetime | None]
    # The one requirement these hours count toward (a designation's value; "" for none).
    counted_toward: Mapped[str] = mapped_column(String(40), default="", server_default="")

    # What is printed on it, as it was at issue time.
    educator_name: Mapped[str] = mapped_column(String(200))
    licence_number: Mapped[str] = mapped_column(String(80), default="")
    workshop_title: Mapped[str] = mapped_column(String(200))
    credit_type: Mapped[CreditType]
    inservice_number: Mapped[str] = mapped_column(String(80), default="")
    designations: Mapped[list[str]] = mapped_column(JSON, default=list)
    network_name: Mapped[str] = mapped_column(String(200))
    backbone_organisation: Mapped[str] = mapped_column(String(200), default="")
    provider_name: Mapped[str] = mapped_column(String(200), default="")
    provider_number: Mapped[str] = mapped_column(String(80), default="")
    provider_designee: Mapped[str] = mapped_column(String(200), default="")
    facilitator_names: Mapped[list[str]] = mapped_column(JSON, default=list)
    time_zone: Mapped[str] = mapped_column(String(64))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]

    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    revoked_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    revoke_reason: Mapped[str] = mapped_column(String(500), default="")
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("certificate.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    workshop: Mapped[Workshop] = relationship()
    issued_by: Mapped[User | None] = relationship(foreign_keys=[issued_by_id])
    revoked_by: Mapped[User | None] = relationship(foreign_keys=[revoked_by_id])
    replaced_by: Mapped[Certificate | None] = relationship(remote_side=[id])
    # The provider's seal and the designee's signature it was issued with (clock hours).
    signing: Mapped[CertificateSigning | None] = relationship(
        back_populates="certificate", uselist=False
    )

    @property
    def is_valid(self) -> bool:
        return self.status == CertificateStatus.VALID

    @property
    def credit_label(self) -> str:
        return self.credit_type.label

    @property
    def designation_labels(self) -> list[str]:
        labels = Designation.labels()
        return [labels.get(value, value) for value in self.designations]

    @property
    def hours_text(self) -> str:
        """1.5 → "1.5", 6 → "6.0": hours as licensing offices write them."""
        return f"{self.credited_hours:.1f}"


class CertificateSigning(db.Model):
    """What a certificate was signed with: the seal and signature images in force when it
    was issued (kept, so a new upload never changes a certificate printed before it), or
    the designee's typed signature."""

    __tablename__ = "certificate_signing"

    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificate.id"), primary_key=True)
    seal_image_id: Mapped[int | None] = mapped_column(ForeignKey("network_image.id"))
    signature_image_id: Mapped[int | None] = mapped_column(ForeignKey("network_image.id"))
    signature_typed: Mapped[str] = mapped_column(String(200), default="")

    certificate: Mapped[Certificate] = relationship(back_populates="signing")
    seal_image: Mapped[NetworkImage | None] = relationship(foreign_keys=[seal_image_id])
    signature_image: Mapped[NetworkImage | None] = relationship(foreign_keys=[signature_image_id])
