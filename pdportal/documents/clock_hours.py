"""Clock-hour records for the office: the E-Cert-ready CSV of a network's certificates,
and the whole record of one offering as a ZIP of CSV files.

The E-Cert CSV's headings are the fixed field names an import expects (English, the same
in every language); the offering record is read by people, so its headings are words in
the reader's language. Values stay machine-readable: ISO dates, hours as 6.0.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from pdportal.documents.spreadsheet import csv_text
from pdportal.models import Certificate, Designation
from pdportal.services.certificates.exports import OfferingRecord

ECERT_HEADINGS = [
    "Credit Type",
    "Provider",
    "Provider Number",
    "Class Title",
    "Hours",
    "Begin Date",
    "End Date",
    "Type of Study",
    "STEM",
    "In-Service Number",
    "Designations",
    "Educator Name",
    "Educator Certificate Number",
    "Portal Certificate Number",
]
ECERT_CREDIT_TYPE = "Clock Hours"
# The designations as the state names them (the same in every language of the portal).
ECERT_DESIGNATIONS = {
    Designation.STEM.value: "STEM",
    Designation.EQUITY.value: "Equity",
    Designation.LEADERSHIP.value: "Leadership",
    Designation.FUNDAMENTAL_COURSE.value: "Fundamental Course of Study",
    Designation.PARAEDUCATOR.value: "Paraeducator",
}
ECERT_TYPE_OF_STUDY = "In-service"


def _day(value, zone: str) -> str:
    return value.astimezone(ZoneInfo(zone)).date().isoformat() if value else ""


def ecert_rows(certificates: Iterable[Certificate]) -> list[list[object]]:
    """One row per certificate: the class as approved and the educator's hours."""
    rows: list[list[object]] = [list(ECERT_HEADINGS)]
    for c in certificates:
        rows.append(
            [
                ECERT_CREDIT_TYPE,
                c.provider_name or c.network_name,
                c.provider_number,
                c.workshop_title,
                c.hours_text,
                _day(c.starts_at, c.time_zone),
                _day(c.ends_at, c.time_zone),
                ECERT_TYPE_OF_STUDY,
                "Y" if Designation.STEM.value in (c.designations or []) else "N",
                c.inservice_number,
                "; ".join(ECERT_DESIGNATIONS.get(v, v) for v in c.designations or []),
                c.educator_name,
                c.licence_number,
                c.number or "",
            ]
        )
    return rows


def _approval_rows(record: OfferingRecord) -> list[list[object]]:
    rows: list[list[object]] = [
        [
            _("Version"),
            _("Approved on"),
            _("Designee"),
            _("Hours approved"),
            _("Sessions approved"),
            _("Learning objectives"),
            _("Agenda"),
            _("Instructors and their qualifications"),
            _("How it meets the standards"),
        ]
    ]
    for v in sorted(record.approvals, key=lambda v: v.version):
        rows.append(
            [
                v.version,
                v.approved_on.isoformat() if v.approved_on else "",
                v.designee_name,
                f"{v.approved_hours:.1f}" if v.approved_hours is not None else "",
                " | ".join(f"{start} – {end}" for start, end in v.approved_schedule),
                v.objectives,
                v.agenda,
                v.instructors,
                v.standards_alignment,
            ]
        )
    return rows


def _participant_rows(record: OfferingRecord, zone: str) -> list[list[object]]:
    rows: list[list[object]] = [
        [
            _("Name"),
            _("Email"),
            _("Educator certificate number"),
            _("Status"),
            _("Cancel reason"),
            _("Hours earned"),
            _("Hours affirmed"),
            _("Affirmed at"),
            _("Certificate number"),
            _("Certificate status"),
            _("Hours on the certificate"),
        ]
    ]
    for p in record.participants:
        user, sworn = p.registration.user, (p.affidavits[-1] if p.affidavits else None)
        certificate = p.certificates[-1] if p.certificates else None
        rows.append(
            [
                user.name,
                user.email,
                user.licence_number,
                p.registration.status.label,
                p.registration.cancel_reason,
                f"{sworn.earned_hours:.1f}" if sworn else "",
                f"{sworn.affirmed_hours:.1f}" if sworn else "",
                sworn.affirmed_at.astimezone(ZoneInfo(zone)).isoformat() if sworn else "",
                certificate.number if certificate else "",
                certificate.status.label if certificate else "",
                certificate.hours_text if certificate else "",
            ]
        )
    return rows


def _attendance_rows(record: OfferingRecord, zone: str) -> list[list[object]]:
    names = {p.registration.id: p.registration.user.name for p in record.participants}
    rows: list[list[object]] = [
        [_("Session"), _("Name"), _("Status"), _("Minutes attended"), _("Via"), _("By"), _("When")]
    ]
    for mark in record.marks:
        rows.append(
            [
                mark.session.starts_at.astimezone(ZoneInfo(zone)).isoformat(),
                names.get(mark.registration_id, ""),
                mark.status.label,
                mark.minutes_attended,
                mark.source.label,
                mark.marked_by.name if mark.marked_by else "",
                mark.marked_at.astimezone(ZoneInfo(zone)).isoformat(),
            ]
        )
    return rows


def _change_rows(record: OfferingRecord, zone: str) -> list[list[object]]:
    names = {p.registration.id: p.registration.user.name for p in record.participants}
    rows: list[list[object]] = [
        [_("When"), _("Session"), _("Name"), _("From"), _("To"), _("By"), _("Via")]
    ]
    sessions = {s.id: s.starts_at for s in record.workshop.sessions}
    for change in record.changes:
        before = f"{change.from_status.label}, {change.from_minutes}" if change.from_status else ""
        rows.append(
            [
                change.changed_at.astimezone(ZoneInfo(zone)).isoformat(),
                sessions[change.session_id].astimezone(ZoneInfo(zone)).isoformat(),
                names.get(change.registration_id, ""),
                before,
                f"{change.to_status.label}, {change.to_minutes}",
                change.changed_by.name if change.changed_by else "",
                change.source.label,
            ]
        )
    return rows


def _evaluation_rows(record: OfferingRecord, questions: dict[str, str]) -> list[list[object]]:
    results = record.evaluation
    rows: list[list[object]] = [[_("Question"), _("Average"), _("Responses")]]
    if not results.can_show:
        rows.append([_("Too few responses to show"), "", results.responses])
        return rows
    for question in results.questions:
        rows.append(
            [
                questions.get(question.question, question.question),
                question.average,
                results.responses,
            ]
        )
    return rows


def offering_record_zip(record: OfferingRecord, questions: dict[str, str]) -> bytes:
    """approval.csv, participants.csv, attendance.csv, attendance-changes.csv and
    evaluation.csv; `questions` words the evaluation's questions (RATING_QUESTIONS keys)."""
    zone = record.workshop.network.time_zone
    files = {
        "approval.csv": _approval_rows(record),
        "participants.csv": _participant_rows(record, zone),
        "attendance.csv": _attendance_rows(record, zone),
        "attendance-changes.csv": _change_rows(record, zone),
        "evaluation.csv": _evaluation_rows(record, questions),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in files.items():
            archive.writestr(name, csv_text(rows))
    return buffer.getvalue()
