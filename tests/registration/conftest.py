"""Registration fixtures: a quick way to fill seats."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pdportal.models import Registration, User, Workshop
from pdportal.services import registration


@pytest.fixture
def fill(make_user: Callable[..., User]) -> Callable[[Workshop, int], list[Registration]]:
    """Register `count` new educators for a workshop, one after another."""

    def register_many(workshop: Workshop, count: int) -> list[Registration]:
        return [registration.take_seat(make_user(), workshop).registration for _ in range(count)]

    return register_many
