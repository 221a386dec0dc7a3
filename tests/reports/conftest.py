"""Fixtures of the reports: a network whose workshop many educators registered for."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from pdportal.extensions import db
from pdportal.models import Registration, RegistrationStatus, User, Workshop


@pytest.fixture
def register_many(make_user) -> Callable[..., list[User]]:
    """`register_many(workshop, n, **profile)`: n new educators, each confirmed."""

    def make(workshop: Workshop, n: int, **profile) -> list[User]:
        users = [make_user(**profile) for _ in range(n)]
        db.session.add_all(
            Registration(user_id=u.id, workshop_id=workshop.id, status=RegistrationStatus.CONFIRMED)
            for u in users
        )
        db.session.commit()
        return users

    return make


@pytest.fixture
def this_year():
    today = datetime.now(UTC).date()
    return today - timedelta(days=200), today + timedelta(days=200)
