"""District coordinators, the groups they register, and supervisors' approvals."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pdportal.extensions import db
from pdportal.orm import LabelledEnum, utcnow

if TYPE_CHECKING:
    from pdportal.models.directory import District
    from pdportal.models.network import Network
    from pdportal.models.registration import Registration
    from pdportal.models.user import User
    from pdportal.models.workshop import Workshop


class DistrictCoordinator(db.Model):
    """A user who registers staff of one district for one network's workshops. The
    district is the directory's where it is listed (`district_id`), else only a name;
    `district_name` is kept either way (what the coordinator and the roster show)."""

    __tablename__ = "district_coordinator"
    __table_args__ = (
        Index(
            "uq_district_coordinator_current",
            "network_id",
            "user_id",
            "district_name",
            unique=True,
            postgresql_where=text("ended_at IS NULL"),
            sqlite_where=text("ended_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("district.id"))
    district_name: Mapped[str] = mapped_column(String(200))
    appointed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The role ended (the row stays: the groups it registered point to it).
    ended_at: Mapped[datetime | None]

    network: Mapped[Network] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    district: Mapped[District | None] = relationship()


class RegistrationGroup(db.Model):
    """Staff a coordinator registered in one step, on one purchase order."""

    __tablename__ = "registration_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"), index=True)
    coordinator_id: Mapped[int] = mapped_column(ForeignKey("district_coordinator.id"), index=True)
    registered_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    po_number: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    workshop: Mapped[Workshop] = relationship()
    coordinator: Mapped[DistrictCoordinator] = relationship()


class ApprovalStatus(LabelledEnum):
    PENDING = ("pending", _l("Awaiting the supervisor"))
    APPROVED = ("approved", _l("Approved"))
    DECLINED = ("declined", _l("Declined"))
    EXPIRED = ("expired", _l("Not answered in time"))


class SupervisorApproval(db.Model):
    """A supervisor's answer to one registration, given through a signed link."""

    __tablename__ = "supervisor_approval"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id"), unique=True)
    supervisor_email: Mapped[str] = mapped_column(String(254))
    status: Mapped[ApprovalStatus] = mapped_column(default=ApprovalStatus.PENDING, index=True)
    expires_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]
    substitute_needed: Mapped[bool | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    registration: Mapped[Registration] = relationship()
