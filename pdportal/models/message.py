"""Messages that organisers send to a workshop's registrants, kept for the record."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pdportal.extensions import db
from pdportal.orm import LabelledEnum, utcnow

if TYPE_CHECKING:
    from pdportal.models.user import User


class MessageAudience(LabelledEnum):
    CONFIRMED = ("confirmed", _l("Registered educators (confirmed seats)"))
    WAITLISTED = ("waitlisted", _l("Educators on the waitlist"))
    ALL = ("all", _l("Both registered and waitlisted educators"))


class WorkshopMessage(db.Model):
    __tablename__ = "workshop_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    sender_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    audience: Mapped[MessageAudience]
    recipient_count: Mapped[int] = mapped_column(default=0)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)

    sender: Mapped[User | None] = relationship()
