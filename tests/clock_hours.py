"""Helpers for tests of clock hours: the standard ratings, and an offering approved as it ran."""

from __future__ import annotations

from datetime import timedelta

from pdportal.extensions import db
from pdportal.models import (
    Attendance,
    AttendanceStatus,
    OfferingApproval,
    Registration,
    RegistrationStatus,
    Workshop,
)
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


def seat_and_attend(user_id: int, workshop: Workshop, minutes: int) -> Registration:
    """A confirmed registration present at the workshop's first session, made directly
    (flushed, not committed): the concurrency tests seed many at once."""
    registration = Registration(
        user_id=user_id, workshop_id=workshop.id, status=RegistrationStatus.CONFIRMED
    )
    db.session.add(registration)
    db.session.flush()
    db.session.add(
        Attendance(
            registration_id=registration.id,
            session_id=workshop.sessions[0].id,
            status=AttendanceStatus.PRESENT,
            minutes_attended=minutes,
        )
    )
    return registration
