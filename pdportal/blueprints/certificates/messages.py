"""The words for what the certificate services return: why someone is not eligible, why
certificates cannot be issued (yet), refused actions, what issuing did, evaluation
refusals and questions. Chosen at request time, in the reader's language; the facilitate
area's certificate desk and the educator's registrations use them too (the `ineligibility`
template filter)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from pdportal.i18n import format_local
from pdportal.models import Designation
from pdportal.services.certificates import (
    CertificateError,
    CertificateRefusal,
    Ineligibility,
    Ineligible,
    IssueReport,
    NotIssuable,
)
from pdportal.services.certificates.affidavits import AffidavitError, AffidavitRefusal
from pdportal.services.certificates.evaluations import EvaluationError, EvaluationRefusal
from pdportal.services.reports.impact import FollowUpError, FollowUpRefusal

# The evaluation's questions (the keys of models.RATING_QUESTIONS), as the reader reads them.
RATING_LABELS = {
    "objectives_met": _l("The workshop's objectives were met"),
    "relevance": _l("Relevance to my work"),
    "facilitation": _l("Quality of facilitation"),
    "likely_to_change": _l("How likely I am to change my practice"),
}


def hours(minutes: int) -> str:
    """Minutes as hours the way certificates count them: 288 → "4.8"."""
    return f"{minutes / 60:.1f}"


def ineligibility_text(ineligibility: Ineligibility | None) -> str:
    """Why someone may not have a certificate, as a short phrase ("" when they may)."""
    if ineligibility is None:
        return ""
    reason = ineligibility.reason
    if reason == Ineligible.BELOW_THRESHOLD:
        attended = hours(ineligibility.minutes_attended)
        scheduled = hours(ineligibility.scheduled_minutes)
        if ineligibility.threshold_pct < 100:
            return _(
                "attended %(attended)s of %(scheduled)s hours (needs %(percent)s%%)",
                attended=attended,
                scheduled=scheduled,
                percent=ineligibility.threshold_pct,
            )
        return _(
            "attended %(attended)s of %(scheduled)s hours", attended=attended, scheduled=scheduled
        )
    if reason == Ineligible.EVALUATION_MISSING:
        return _("evaluation not submitted")
    if reason == Ineligible.AFFIDAVIT_MISSING:
        return _("clock hours not yet affirmed by the educator")
    if reason == Ineligible.REVOKED:
        return _("certificate revoked: %(reason)s", reason=ineligibility.revoke_reason)
    return _("no longer a confirmed registrant")


def not_issuable_text(blocked: NotIssuable, time_zone: str) -> str:
    """Why certificates cannot be issued for a workshop, yet or ever."""
    if blocked.reason == CertificateRefusal.DRAFT_WORKSHOP:
        return _("A draft workshop has no certificates.")
    if blocked.reason == CertificateRefusal.CANCELLED_WORKSHOP:
        return _("A cancelled workshop has no certificates.")
    if blocked.reason == CertificateRefusal.NOT_APPROVED:
        return _(
            "Washington clock hours are issued only for an offering approved as it ran: "
            "the designee approves it (again) under Clock-hour approval first."
        )
    if blocked.ends_at is None:
        return _("Certificates can be issued once the workshop's last session ends.")
    return _(
        "Certificates can be issued once the last session ends: from %(time)s.",
        time=format_local(blocked.ends_at, time_zone),
    )


def certificate_refusal(error: CertificateError, time_zone: str) -> str:
    """Why an admin's action on certificates was refused."""
    reason = error.reason
    if reason == CertificateRefusal.REVOKE_REASON_MISSING:
        return _("Give the reason for revoking; it is shown when it is verified.")
    if reason == CertificateRefusal.NOT_VALID:
        return _("Only a valid certificate can be revoked.")
    if reason == CertificateRefusal.ALREADY_REPLACED:
        return _("This certificate was already replaced; reissue the newest one.")
    if reason == CertificateRefusal.NO_LONGER_ELIGIBLE:
        return _(
            "Not eligible any more: %(reason)s. Revoke it instead.",
            reason=ineligibility_text(error.values["ineligibility"]),
        )
    ends_at = error.values.get("ends_at")
    return not_issuable_text(NotIssuable(reason, ends_at is None, ends_at), time_zone)


def issue_report(report: IssueReport) -> tuple[str, str]:
    """(message, flash category) of issuing for a workshop: each count a clause."""
    parts = [
        ngettext("%(num)s certificate issued", "%(num)s certificates issued", len(report.issued))
    ]
    if report.already_issued:
        parts.append(
            ngettext(
                "%(num)s already had one", "%(num)s already had one", len(report.already_issued)
            )
        )
    if report.not_eligible:
        parts.append(
            ngettext(
                "%(num)s not eligible (see the reasons below)",
                "%(num)s not eligible (see the reasons below)",
                len(report.not_eligible),
            )
        )
    return "; ".join(parts) + ".", "success" if report.issued else "info"


def evaluation_refusal(error: EvaluationError) -> str:
    if error.reason == EvaluationRefusal.NOT_OPEN_YET:
        return evaluation_not_open()
    if error.reason == EvaluationRefusal.NOT_ATTENDED:
        return _("Only people who attended this workshop can evaluate it.")
    if error.reason == EvaluationRefusal.ALREADY_SUBMITTED:
        return already_evaluated()
    if error.reason == EvaluationRefusal.TOO_MANY_QUESTIONS:
        return _("Ask at most five questions of your own.")
    if error.reason == EvaluationRefusal.QUESTION_TOO_LONG:
        return _("Keep each question to 200 characters or fewer.")
    if error.reason == EvaluationRefusal.ALREADY_ANSWERED:
        return _("Someone has answered the evaluation already, so its questions stay as they are.")
    return _("Please answer every question with a rating from 1 to 5.")


def evaluation_not_open() -> str:
    return _("The evaluation opens after the workshop's last session.")


def already_evaluated() -> str:
    return _("You have already evaluated this workshop. Thank you!")


def follow_up_refusal(error: FollowUpError) -> str:
    if error.reason == FollowUpRefusal.EXPIRED_LINK:
        return _("This link has expired. Thank you all the same!")
    if error.reason == FollowUpRefusal.ALREADY_ANSWERED:
        return _("You have already answered. Thank you!")
    return _("This link is not complete. Copy the whole link from the email into your browser.")


def affidavit_refusal(error: AffidavitError) -> str:
    """Why the educator cannot affirm hours (now, or for this workshop)."""
    reason = error.reason
    if reason == AffidavitRefusal.OUT_OF_RANGE:
        return _(
            "Enter from 0.5 to %(earned)s hours: you may claim fewer hours than your "
            "attendance earned, never more.",
            earned=f"{error.values['earned']:.1f}",
        )
    if reason == AffidavitRefusal.NOT_HALF_HOURS:
        return _("Enter whole or half hours, such as 3 or 2.5.")
    if reason == AffidavitRefusal.ALREADY_CERTIFIED:
        return _("Your certificate already states your hours. Ask the organisers to correct it.")
    if reason == AffidavitRefusal.NOT_ENDED:
        return _("You can affirm your hours once the workshop's last session ends.")
    if reason == AffidavitRefusal.NOTHING_EARNED:
        return _("Your attendance earned no clock hours for this workshop.")
    if reason == AffidavitRefusal.NOT_REGISTERED:
        return _("Only confirmed registrants of this workshop can affirm hours for it.")
    return _("This workshop does not give Washington clock hours.")


def requirement_names() -> dict[str, str]:
    """The renewal tracker's lines: the total, each designation, and the training the
    portal does not record."""
    return {
        "total": _("All clock hours"),
        **{
            value: _("%(designation)s hours", designation=label)
            for value, label in Designation.labels().items()
        },
        "government_to_government": _("Government-to-government training (not recorded here)"),
    }
