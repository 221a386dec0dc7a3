"""The log of who opened which report, and the impact follow-up asked weeks after a workshop."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pdportal.extensions import db
from pdportal.orm import LabelledEnum, utcnow

if TYPE_CHECKING:
    from pdportal.models.user import User
    from pdportal.models.workshop import Workshop


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


class ImpactAnswer(LabelledEnum):
    """ "Have you used this in your teaching?" """

    USED = ("used", _l("Yes, I have used it"))
    PLANNED = ("planned", _l("Not yet, but I plan to"))
    NOT_USED = ("not_used", _l("No"))


class ImpactFollowUp(db.Model):
    """One attendee asked, weeks after a workshop, whether they used it (asked once), and
    their answer. Shown to admins only as counts with small cells hidden."""

    __tablename__ = "impact_follow_up"
    __table_args__ = (UniqueConstraint("workshop_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None]
    answer: Mapped[ImpactAnswer | None]
    how: Mapped[str] = mapped_column(Text, default="")

    workshop: Mapped[Workshop] = relationship()
    user: Mapped[User] = relationship()
