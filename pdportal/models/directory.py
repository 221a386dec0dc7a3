"""The directory of school districts and schools: state codes, county, and the flags a
network reports reach by (high-poverty, rural, tribal, priority)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pdportal.extensions import db
from pdportal.orm import LabelledEnum, utcnow


class SchoolFlag(LabelledEnum):
    """A school's flags; each is a boolean column `is_<value>` of `School`."""

    HIGH_POVERTY = ("high_poverty", _l("High-poverty / Title I"))
    RURAL = ("rural", _l("Rural"))
    TRIBAL = ("tribal", _l("Tribal school or tribal-compact"))
    PRIORITY = ("priority", _l("Priority school"))


class District(db.Model):
    """A school district (or another local education agency), by its state code."""

    __tablename__ = "district"
    __table_args__ = (UniqueConstraint("state", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[str] = mapped_column(String(2))  # USPS code, upper case: "WA"
    code: Mapped[str] = mapped_column(String(20))  # the state's code, e.g. OSPI's "17210"
    name: Mapped[str] = mapped_column(String(200))
    county: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    schools: Mapped[list[School]] = relationship(back_populates="district")

    def __repr__(self) -> str:
        return f"<District {self.state}-{self.code} {self.name}>"


class School(db.Model):
    __tablename__ = "school"
    __table_args__ = (UniqueConstraint("state", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[str] = mapped_column(String(2))
    code: Mapped[str] = mapped_column(String(20))  # the state's school code
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(100), default="")
    county: Mapped[str] = mapped_column(String(100), default="")
    is_high_poverty: Mapped[bool] = mapped_column(default=False)
    is_rural: Mapped[bool] = mapped_column(default=False)
    is_tribal: Mapped[bool] = mapped_column(default=False)
    is_priority: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    district: Mapped[District] = relationship(back_populates="schools")

    @property
    def flags(self) -> list[SchoolFlag]:
        return [flag for flag in SchoolFlag if getattr(self, f"is_{flag.value}")]

    @property
    def is_flagged(self) -> bool:
        return bool(self.flags)

    def __repr__(self) -> str:
        return f"<School {self.state}-{self.code} {self.name}>"
