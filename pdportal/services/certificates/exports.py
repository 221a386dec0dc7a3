"""What a clock-hour provider hands the state and keeps on file: the certificates of a
network over a period (for OSPI's E-Cert), and the whole record of one offering.

Nothing here deletes or changes anything: records are kept seven years, cancelled
registrations and revoked certificates included (their rows stay, with why).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from pdportal.extensions import db
from pdportal.models import (
    Attendance,
    AttendanceChange,
    Certificate,
    CertificateStatus,
    CreditType,
    HoursAffidavit,
    Network,
    OfferingApproval,
    Registration,
    Workshop,
    WorkshopSession,
)
from pdportal.services.certificates import evaluations
from pdportal.services.certificates.evaluations import EvaluationResults
from pdportal.services.workshops import approval

MAX_RANGE_DAYS = 366 * 7  # the seven years the records are kept


def _local_midnight(day: date, zone: str) -> datetime:
    return datetime.combine(day, time(), tzinfo=ZoneInfo(zone))


def ecert_certificates(network: Network, first_day: date, last_day: date) -> list[Certificate]:
    """Valid Washington clock-hour certificates of the network whose workshop ended from
    `first_day` to `last_day` (in the network's zone), by completion then educator."""
    starts = _local_midnight(first_day, network.time_zone)
    ends = _local_midnight(last_day + timedelta(days=1), network.time_zone)
    return list(
        db.session.scalars(
            select(Certificate)
            .join(Workshop, Certificate.workshop_id == Workshop.id)
            .where(
                Workshop.network_id == network.id,
                Certificate.status == CertificateStatus.VALID,
                Certificate.credit_type == CreditType.WA_CLOCK_HOURS,
                Certificate.ends_at >= starts,
                Certificate.ends_at < ends,
            )
            .order_by(Certificate.ends_at, Certificate.educator_name, Certificate.id)
        )
    )


@dataclass(frozen=True)
class ParticipantRecord:
    """One registration of the offering, whatever became of it."""

    registration: Registration
    affidavits: list[HoursAffidavit]  # oldest first
    certificates: list[Certificate]  # oldest first, revoked and replaced ones included


@dataclass(frozen=True)
class OfferingRecord:
    workshop: Workshop
    approvals: list[OfferingApproval]  # newest first
    participants: list[ParticipantRecord]
    marks: list[Attendance]
    changes: list[AttendanceChange]
    evaluation: EvaluationResults


def offering_record(workshop: Workshop) -> OfferingRecord:
    """Everything on file for one offering, in a fixed number of queries."""
    registrations = db.session.scalars(
        select(Registration)
        .options(joinedload(Registration.user))
        .where(Registration.workshop_id == workshop.id)
        .order_by(Registration.created_at, Registration.id)
    ).all()
    affidavits: dict[int, list[HoursAffidavit]] = {}
    for row in db.session.scalars(
        select(HoursAffidavit)
        .where(HoursAffidavit.workshop_id == workshop.id)
        .order_by(HoursAffidavit.affirmed_at, HoursAffidavit.id)
    ):
        affidavits.setdefault(row.user_id, []).append(row)
    issued: dict[int, list[Certificate]] = {}
    for row in db.session.scalars(
        select(Certificate)
        .where(Certificate.workshop_id == workshop.id)
        .order_by(Certificate.issued_at, Certificate.id)
    ):
        issued.setdefault(row.user_id, []).append(row)
    in_workshop = select(WorkshopSession.id).where(WorkshopSession.workshop_id == workshop.id)
    marks = db.session.scalars(
        select(Attendance)
        .options(joinedload(Attendance.session), joinedload(Attendance.marked_by))
        .where(Attendance.session_id.in_(in_workshop))
        .order_by(Attendance.session_id, Attendance.registration_id)
    ).all()
    changes = db.session.scalars(
        select(AttendanceChange)
        .options(joinedload(AttendanceChange.changed_by))
        .where(AttendanceChange.session_id.in_(in_workshop))
        .order_by(AttendanceChange.changed_at, AttendanceChange.id)
    ).all()
    return OfferingRecord(
        workshop=workshop,
        approvals=approval.versions(workshop),
        participants=[
            ParticipantRecord(r, affidavits.get(r.user_id, []), issued.get(r.user_id, []))
            for r in registrations
        ],
        marks=list(marks),
        changes=list(changes),
        evaluation=evaluations.results(workshop),
    )
