"""Admin routes for a workshop's certificates, and evaluation results for its team."""

from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from pdportal import policy
from pdportal.blueprints.certificates.messages import (
    RATING_LABELS,
    certificate_refusal,
    issue_report,
    not_issuable_text,
)
from pdportal.blueprints.confirm import confirm_page, is_confirmed
from pdportal.blueprints.facilitate import bp
from pdportal.blueprints.facilitate.forms import RevokeForm
from pdportal.blueprints.lookups import (
    facilitated_workshop_or_404,
    managed_certificate_or_404,
    workshop_or_404,
)
from pdportal.models import Workshop
from pdportal.orm import utcnow
from pdportal.services import certificates
from pdportal.services.certificates import CertificateError, CertificateRefusal, evaluations


def _managed_workshop_or_404(slug: str) -> Workshop:
    """As lookups.managed_workshop_or_404, but the workshop's own facilitator is told who
    does issue its certificates, not just "No"."""
    workshop = workshop_or_404(slug)
    can_manage = policy.can_manage_workshop(current_user, workshop)
    if not can_manage and policy.can_facilitate(current_user, workshop):
        abort(
            make_response(
                render_template("facilitate/certificates_by_admins.html", workshop=workshop), 403
            )
        )
    policy.require(can_manage)
    return workshop


def _render(workshop: Workshop, revoke_forms: dict[int, RevokeForm] | None = None):
    blocked = certificates.why_not_issuable(workshop, utcnow())
    return render_template(
        "facilitate/certificates.html",
        workshop=workshop,
        rows=certificates.eligibility(workshop),
        issued=certificates.certificates_for_workshop(workshop),
        blocked=blocked,
        blocked_text=not_issuable_text(blocked, workshop.network.time_zone) if blocked else "",
        revoke_forms=revoke_forms or {},
        new_revoke_form=RevokeForm,
    )


@bp.get("/workshops/<slug>/certificates")
@login_required
def certificates_desk(slug: str):
    return _render(_managed_workshop_or_404(slug))


@bp.post("/workshops/<slug>/certificates/issue")
@login_required
def issue_certificates(slug: str):
    workshop = _managed_workshop_or_404(slug)
    if not is_confirmed() and (to_issue := _to_issue(workshop)):
        return _confirm_issue(workshop, to_issue)
    try:
        report = certificates.issue_for_workshop(workshop, current_user)
    except CertificateError as error:
        flash(certificate_refusal(error, workshop.network.time_zone), "error")
    else:
        flash(*issue_report(report))
    return redirect(url_for("facilitate.certificates_desk", slug=slug))


def _to_issue(workshop: Workshop) -> int:
    """How many certificates `issue_for_workshop` would issue now (0 when it would refuse)."""
    if certificates.why_not_issuable(workshop, utcnow()):
        return 0
    rows = certificates.eligibility(workshop)
    return sum(1 for row in rows if row.is_eligible and row.certificate is None)


def _confirm_issue(workshop: Workshop, to_issue: int) -> str:
    return confirm_page(
        heading=_("Issue certificates for “%(workshop)s”?", workshop=workshop.title),
        consequences=[
            ngettext(
                "%(num)s eligible educator without a certificate gets one, numbered, and is "
                "emailed a link to it.",
                "%(num)s eligible educators without a certificate get one each, numbered, and "
                "are emailed a link to it.",
                to_issue,
            ),
            _(
                "An issued certificate cannot be taken back, only revoked with a reason, "
                "which its verification page then shows."
            ),
        ],
        action=url_for("facilitate.issue_certificates", slug=workshop.slug),
        confirm_label=_("Issue certificates"),
        cancel_url=url_for("facilitate.certificates_desk", slug=workshop.slug),
        audited=False,
    )


@bp.post("/certificates/<int:certificate_id>/revoke")
@login_required
def revoke_certificate(certificate_id: int):
    certificate = managed_certificate_or_404(certificate_id)
    desk = url_for("facilitate.certificates_desk", slug=certificate.workshop.slug)
    form = RevokeForm(prefix=f"revoke-{certificate.id}")
    if form.validate():
        try:
            certificates.revoke(certificate, current_user, form.reason.data)
        except CertificateError as error:
            message = certificate_refusal(error, certificate.time_zone)
            if error.reason != CertificateRefusal.REVOKE_REASON_MISSING:
                flash(message, "error")  # no form to show it by: it is not valid any more
                return redirect(desk)
            form.reason.errors.append(message)
        else:
            flash(_("Certificate %(number)s revoked.", number=certificate.number), "success")
            return redirect(desk)
    return _render(certificate.workshop, {certificate.id: form}), 400


@bp.post("/certificates/<int:certificate_id>/reissue")
@login_required
def reissue_certificate(certificate_id: int):
    certificate = managed_certificate_or_404(certificate_id)
    try:
        replacement = certificates.reissue(certificate, current_user)
    except CertificateError as error:
        flash(certificate_refusal(error, certificate.workshop.network.time_zone), "error")
    else:
        flash(
            _(
                "Certificate %(number)s issued for %(hours)s hours; "
                "%(old_number)s now shows as replaced.",
                number=replacement.number,
                hours=replacement.hours_text,
                old_number=certificate.number,
            ),
            "success",
        )
    return redirect(url_for("facilitate.certificates_desk", slug=certificate.workshop.slug))


@bp.get("/workshops/<slug>/evaluations")
@login_required
def evaluation_results(slug: str):
    workshop = facilitated_workshop_or_404(slug)
    return render_template(
        "facilitate/evaluations.html",
        workshop=workshop,
        results=evaluations.results(workshop),
        minimum=evaluations.MIN_RESPONSES,
        rating_labels={**RATING_LABELS, **evaluations.own_labels(workshop)},
    )
