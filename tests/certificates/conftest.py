"""Fixtures of the certificates area."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from pdportal.models import User, Workshop
from pdportal.services.certificates import affidavits, evaluations
from pdportal.services.workshops import approval
from tests.clock_hours import RATINGS, approve_as_it_ran


@pytest.fixture
def clock_hours_ready(app) -> Callable[..., None]:
    """What Washington clock hours need besides attendance: the offering's approval, the
    educator's evaluation and their affidavit (for `hours`, else all they earned)."""

    def make(workshop: Workshop, user: User, hours: Decimal | None = None) -> None:
        if approval.state(workshop) != approval.ApprovalState.APPROVED:
            approve_as_it_ran(workshop)
        evaluations.submit(workshop, user, RATINGS, "")
        claim = affidavits.claim(workshop, user)
        affidavits.affirm(workshop, user, claim.earned_hours if hours is None else hours)

    return make
