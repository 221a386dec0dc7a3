"""Fixtures of the certificates area."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest

from pdportal.extensions import db
from pdportal.models import OfferingApproval, User, Workshop
from pdportal.services.certificates import affidavits, evaluations
from pdportal.services.workshops import approval

RATINGS = {"objectives_met": 5, "relevance": 4, "facilitation": 5, "likely_to_change": 4}


def approve_as_it_ran(workshop: Workshop) -> OfferingApproval:
    """The offering's approval, dated the day before it began (made directly: the approval
    rules are tested in tests/admin)."""
    record = OfferingApproval(
        workshop_id=workshop.id,
        objectives="Plan a lesson.",
        agenda="One session.",
        instructors="A teacher.",
        standards_alignment="NGSS.",
        approved_on=(workshop.starts_at - timedelta(days=1)).date(),
        designee_name="Dee Signer",
        approved_hours=workshop.credit_hours,
        approved_schedule=approval.schedule_of(workshop),
    )
    db.session.add(record)
    db.session.commit()
    return record


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
