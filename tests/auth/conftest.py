"""Fixtures of the auth tests: links read from emails, and Spanish template words marked
(`marked_spanish`, from the calendar tests)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from flask import Flask

from pdportal.extensions import limiter
from pdportal.models import OutboxMessage
from tests.calendar.conftest import marked_spanish  # noqa: F401 - a fixture, shared


@pytest.fixture
def link_in() -> Callable[[OutboxMessage], str]:
    """The path of the first portal link in a message (BASE_URL is http://localhost)."""

    def path(message: OutboxMessage) -> str:
        match = re.search(r"http://localhost(/\S+)", message.body_text)
        assert match, message.body_text
        return match.group(1)

    return path


@pytest.fixture
def restore_limiter(app: Flask) -> Iterator[None]:
    """Put the shared limiter back as the test app configured it (disabled).

    `limiter` is one instance for every app in the process; building an app with rate
    limits on switches it on for all of them until it is initialised again.
    """
    yield
    limiter.init_app(app)
