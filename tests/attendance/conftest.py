"""Attendance tests share the certificates area's factories (confirmed registrants)."""

from tests.certificates.conftest import enrol  # noqa: F401
