"""Certificates fixtures: the real-browser ones (past workshops, enrol and mark are shared)."""

from __future__ import annotations

# The real-browser fixtures, for test_accessibility.py.
from tests.e2e.conftest import (  # noqa: F401
    assert_accessible,
    axe,
    browser,
    chromium_path,
    live_server,
    page,
)
