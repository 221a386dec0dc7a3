"""Outgoing email, written in the same transaction as the change it reports."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pdportal.extensions import db
from pdportal.orm import LabelledEnum, utcnow


class OutboxStatus(LabelledEnum):
    PENDING = ("pending", _l("Pending"))
    SENT = ("sent", _l("Sent"))
    FAILED = ("failed", _l("Failed for good"))


class OutboxMessage(db.Model):
    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    to_email: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    # [{"filename": "workshop.ics", "content_type": "text/calendar", "content": "..."}]
    attachments: Mapped[list[dict]] = mapped_column(JSON, default=list)
    # A message queued as facts is written (subject, body, attachments) by the worker
    # before it is sent: `template` names it, `facts` holds the values it reports.
    # Subject and body stay empty until then. Messages written at once leave both empty.
    template: Mapped[str] = mapped_column(String(80), default="", server_default="")
    facts: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[OutboxStatus] = mapped_column(default=OutboxStatus.PENDING, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]

    @property
    def is_written(self) -> bool:
        return not self.template or bool(self.subject)
