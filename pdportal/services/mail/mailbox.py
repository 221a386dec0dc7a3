"""What the development mailbox shows: the newest messages, written or not yet."""

from __future__ import annotations

from sqlalchemy import select

from pdportal.extensions import db
from pdportal.models import OutboxMessage

MAILBOX_SIZE = 50


def newest_messages(to_email: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(MAILBOX_SIZE)
    if to_email:
        query = query.where(OutboxMessage.to_email == to_email.lower())
    return list(db.session.scalars(query))
