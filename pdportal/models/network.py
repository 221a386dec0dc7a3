"""Regional STEM networks and who administers them."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, false, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pdportal.extensions import db
from pdportal.orm import utcnow

if TYPE_CHECKING:
    from pdportal.models.user import User


class Network(db.Model):
    __tablename__ = "network"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    backbone_organisation: Mapped[str] = mapped_column(String(200), default="")
    time_zone: Mapped[str] = mapped_column(String(64), default="America/Los_Angeles")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    provider_name: Mapped[str] = mapped_column(String(200), default="")
    provider_number: Mapped[str] = mapped_column(String(80), default="")
    provider_designee: Mapped[str] = mapped_column(String(200), default="")
    # Set by a site admin only: an approved provider may give Equity-designated hours.
    may_give_equity: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The designee's signature typed ("/s/ Dr. Ana Designee"), used when no image is uploaded.
    signature_typed: Mapped[str] = mapped_column(String(200), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    admins: Mapped[list[NetworkAdmin]] = relationship(
        back_populates="network", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Network {self.slug}>"


# Names are unique whatever their case: educators and admins tell networks apart by name.
Index("uq_network_name_lower", func.lower(Network.name), unique=True)


class NetworkAdmin(db.Model):
    """Membership row: this user administers this network."""

    __tablename__ = "network_admin"
    __table_args__ = (UniqueConstraint("network_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    network: Mapped[Network] = relationship(back_populates="admins")
    user: Mapped[User] = relationship()
