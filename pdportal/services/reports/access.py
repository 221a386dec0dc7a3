"""Who opened which report: written on every view and download, read by site admins."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from pdportal.extensions import db
from pdportal.models import ReportAccess, User

LOG_SHOWN = 200


def record(user: User, report: str, parameters: str) -> None:
    db.session.add(ReportAccess(user_id=user.id, report=report, parameters=parameters[:500]))
    db.session.commit()


def latest(limit: int = LOG_SHOWN) -> list[ReportAccess]:
    return list(
        db.session.scalars(
            select(ReportAccess)
            .options(joinedload(ReportAccess.user))
            .order_by(ReportAccess.opened_at.desc(), ReportAccess.id.desc())
            .limit(limit)
        )
    )
