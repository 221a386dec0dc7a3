"""Attendance: one row per registration and session, and the audit trail of every change."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pdportal.extensions import db
from pdportal.orm import LabelledEnum, utcnow

if TYPE_CHECKING:
    from pdportal.models.registration import Registration
    from pdportal.models.user import User
    from pdportal.models.workshop import WorkshopSession


class AttendanceStatus(LabelledEnum):
    PRESENT = ("present", _l("Present"))
    LATE = ("late", _l("Late"))
    LEFT_EARLY = ("left_early", _l("Left early"))
    ABSENT = ("absent", _l("Absent"))
    EXCUSED = ("excused", _l("Excused"))

    @property
    def counts_as_attendance(self) -> bool:
        """Excused absences are recorded but earn no minutes."""
        return self in ATTENDED_STATUSES


ATTENDED_STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.LEFT_EARLY)


class AttendanceSource(LabelledEnum):
    ROSTER = ("roster", _l("Roster"))
    SELF_CHECKIN = ("self_checkin", _l("Self check-in"))
    WALK_IN = ("walk_in", _l("Walk-in"))


class Attendance(db.Model):
    __tablename__ = "attendance"
    __table_args__ = (
        UniqueConstraint("registration_id", "session_id"),
        CheckConstraint("minutes_attended >= 0", name="minutes_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[int] = mapped_column(
        ForeignKey("workshop_session.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[AttendanceStatus]
    minutes_attended: Mapped[int] = mapped_column(default=0)
    source: Mapped[AttendanceSource] = mapped_column(default=AttendanceSource.ROSTER)
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    marked_at: Mapped[datetime] = mapped_column(default=utcnow)

    registration: Mapped[Registration] = relationship()
    session: Mapped[WorkshopSession] = relationship()
    marked_by: Mapped[User | None] = relationship()


class AttendanceChange(db.Model):
    """Audit trail: who changed whose attendance, when, how, from what to what."""

    __tablename__ = "attendance_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[int] = mapped_column(
        ForeignKey("workshop_session.id", ondelete="CASCADE"), index=True
    )
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    source: Mapped[AttendanceSource]
    from_status: Mapped[AttendanceStatus | None]
    from_minutes: Mapped[int | None]
    to_status: Mapped[AttendanceStatus]
    to_minutes: Mapped[int]

    registration: Mapped[Registration] = relationship()
    changed_by: Mapped[User | None] = relationship()
