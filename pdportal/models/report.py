"""The log of who opened which report."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pdportal.extensions import db
from pdportal.orm import utcnow

if TYPE_CHECKING:
    from pdportal.models.user import User


class ReportAccess(db.Model):
    """Who opened which report, with what filters: the site admins' log (demographics are
    only ever shown in aggregate, and even that is accounted for)."""

    __tablename__ = "report_access"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    report: Mapped[str] = mapped_column(String(40))
    parameters: Mapped[str] = mapped_column(String(500), default="")
    opened_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    user: Mapped[User] = relationship()
