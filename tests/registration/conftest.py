"""Registration fixtures: outbox inspection and a quick way to fill seats."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from pdportal.extensions import db
from pdportal.models import OutboxMessage, Registration, User, Workshop
from pdportal.services import registration


@pytest.fixture
def outbox() -> Callable[[str | None], list[OutboxMessage]]:
    """Queued emails, optionally only those to one address."""

    def messages(to_email: str | None = None) -> list[OutboxMessage]:
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if to_email:
            query = query.where(OutboxMessage.to_email == to_email)
        return list(db.session.scalars(query))

    return messages


@pytest.fixture
def fill(make_user: Callable[..., User]) -> Callable[[Workshop, int], list[Registration]]:
    """Register `count` new educators for a workshop, one after another."""

    def register_many(workshop: Workshop, count: int) -> list[Registration]:
        return [registration.take_seat(make_user(), workshop).registration for _ in range(count)]

    return register_many
