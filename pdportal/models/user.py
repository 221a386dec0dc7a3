"""Educator accounts, their profile and optional self-identified demographics."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pdportal.extensions import db
from pdportal.models.directory import School
from pdportal.orm import LabelledEnum, utcnow


class EducatorType(LabelledEnum):
    CLASSROOM_TEACHER = ("classroom_teacher", _l("Classroom teacher"))
    INSTRUCTIONAL_COACH = ("instructional_coach", _l("Instructional coach"))
    LEADER = ("leader", _l("School or district leader"))
    COMMUNITY_EDUCATOR = ("community_educator", _l("Out-of-school / community educator"))
    PRE_SERVICE = ("pre_service", _l("Pre-service educator"))
    OTHER = ("other", _l("Other"))


class GradeBand(LabelledEnum):
    PRE_K = ("pre_k", _l("Pre-K"))
    K_2 = ("k_2", _l("K–2"))
    GRADES_3_5 = ("3_5", _l("Grades 3–5"))
    GRADES_6_8 = ("6_8", _l("Grades 6–8"))
    GRADES_9_12 = ("9_12", _l("Grades 9–12"))
    ADULT = ("adult", _l("Adult / post-secondary"))


class Subject(LabelledEnum):
    SCIENCE = ("science", _l("Science"))
    MATHEMATICS = ("mathematics", _l("Mathematics"))
    COMPUTER_SCIENCE = ("computer_science", _l("Computer science"))
    ENGINEERING = ("engineering", _l("Engineering"))
    TECHNOLOGY = ("technology", _l("Technology"))
    ENVIRONMENTAL = ("environmental", _l("Environmental education"))
    OTHER = ("other", _l("Other"))


class RaceEthnicity(LabelledEnum):
    """Multi-select; a person counts in every group they select (maximum representation)."""

    AMERICAN_INDIAN = ("american_indian_alaska_native", _l("American Indian or Alaska Native"))
    ASIAN = ("asian", _l("Asian"))
    BLACK = ("black_african_american", _l("Black or African American"))
    HISPANIC = ("hispanic_latino", _l("Hispanic or Latino/a/e"))
    MIDDLE_EASTERN = ("middle_eastern_north_african", _l("Middle Eastern or North African"))
    PACIFIC_ISLANDER = (
        "native_hawaiian_pacific_islander",
        _l("Native Hawaiian or Pacific Islander"),
    )
    WHITE = ("white", _l("White"))
    SELF_DESCRIBE = ("self_describe", _l("Prefer to self-describe"))


class User(UserMixin, db.Model):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-cased
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(256))
    email_verified_at: Mapped[datetime | None]
    is_site_admin: Mapped[bool] = mapped_column(default=False)
    calendar_token: Mapped[str] = mapped_column(
        String(64), unique=True, default=lambda: secrets.token_urlsafe(24)
    )

    educator_type: Mapped[EducatorType | None]
    # The school from the directory, else `school` as typed ("not listed").
    school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id"), index=True)
    school: Mapped[str] = mapped_column(String(200), default="")
    district: Mapped[str] = mapped_column(String(200), default="")
    grade_bands: Mapped[list[str]] = mapped_column(JSON, default=list)
    subjects: Mapped[list[str]] = mapped_column(JSON, default=list)
    licence_number: Mapped[str] = mapped_column(String(80), default="")
    preferred_language: Mapped[str] = mapped_column(String(16), default="en")

    # Optional, self-identified, shown to nobody but the educator; reports aggregate only.
    race_ethnicity: Mapped[list[str]] = mapped_column(JSON, default=list)
    race_ethnicity_self_described: Mapped[str] = mapped_column(String(200), default="")
    gender: Mapped[str] = mapped_column(String(80), default="")
    # Self-described, optional, like gender: the language(s) spoken at home (not the
    # portal's language, `preferred_language`). Reports count it in aggregates only.
    home_language: Mapped[str] = mapped_column(String(80), default="", server_default="")

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A site admin's deactivation: sign-in refused, sessions ended (kept for the record).
    deactivated_at: Mapped[datetime | None]
    # Closed by its owner: personal data erased, clock-hour records kept (never reopened).
    closed_at: Mapped[datetime | None]
    # A duplicate merged into another account keeps its row (old references stay valid).
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    # The session this request is signed in with (set by the session loader, not stored).
    current_session = None  # the SignInSession of this request (models.account)
    # Staff without a second factor, as the session loader found them (see policy).
    must_set_up_two_step = False

    listed_school: Mapped[School | None] = relationship()

    def get_id(self) -> str:
        """Flask-Login's id: the token of this browser's session (see `SignInSession`)."""
        if self.current_session is None:
            raise RuntimeError("start a session (accounts.start_session) before logging in")
        return self.current_session.token

    def __eq__(self, other: object) -> bool:
        """The same account (Flask-Login compares ids, which differ between sessions)."""
        if not isinstance(other, User):
            return NotImplemented
        return self is other or (self.id is not None and self.id == other.id)

    __hash__ = object.__hash__

    @property
    def is_active(self) -> bool:
        return self.deactivated_at is None

    @property
    def is_email_verified(self) -> bool:
        return self.email_verified_at is not None

    def __repr__(self) -> str:
        return f"<User {self.email}>"
