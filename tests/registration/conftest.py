"""Registration fixtures: a quick way to fill seats."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from flask import Flask

from pdportal.models import Registration, User, Workshop
from pdportal.services import registration
from tests.conftest import clean_context


@pytest.fixture
def fill(make_user: Callable[..., User]) -> Callable[[Workshop, int], list[Registration]]:
    """Register `count` new educators for a workshop, one after another."""

    def register_many(workshop: Workshop, count: int) -> list[Registration]:
        return [registration.take_seat(make_user(), workshop).registration for _ in range(count)]

    return register_many


BOTH_DATABASES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def app_on_both_databases(request: pytest.FixtureRequest) -> Iterator[Flask]:
    """An `app` fixture for a module whose every test runs on SQLite and on PostgreSQL
    (the factories build on `app`): `app = pytest.fixture(params=BOTH_DATABASES)(…)`."""
    if request.param == "postgres":
        yield request.getfixturevalue("pg_app")
        return
    with clean_context(request.getfixturevalue("_session_app")) as sqlite_app:
        yield sqlite_app
