"""Attendance: marking who came to each session (with its audit trail), walk-ins, self
check-in with a rotating code, and the minutes each registration earned."""

from pdportal.services.attendance.marking import (
    AttendanceError,
    AttendanceRefusal,
    AttendanceResult,
    add_walk_in,
    attendance_totals,
    attendee_ids,
    audit_trail,
    check_markable,
    confirmed_registrations,
    has_begun,
    mark_all_present,
    minutes_attended,
    overview,
    record,
    roster,
    scheduled_minutes,
)

__all__ = [
    "AttendanceError",
    "AttendanceRefusal",
    "AttendanceResult",
    "add_walk_in",
    "attendee_ids",
    "attendance_totals",
    "audit_trail",
    "check_markable",
    "confirmed_registrations",
    "has_begun",
    "mark_all_present",
    "minutes_attended",
    "overview",
    "record",
    "roster",
    "scheduled_minutes",
]
