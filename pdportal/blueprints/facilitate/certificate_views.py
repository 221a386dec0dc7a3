"""Admin routes for a workshop's certificates, and evaluation results for its team."""

from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, url_for
from flask_login import current_user, login_required

from pdportal import policy
from pdportal.blueprints.facilitate import bp
from pdportal.blueprints.facilitate.forms import RevokeForm
from pdportal.blueprints.lookups import workshop_or_404
from pdportal.extensions import db
from pdportal.models import Certificate, Workshop
from pdportal.orm import utcnow
from pdportal.services import certificates
from pdportal.services.certificates import evaluations
from pdportal.services.certificates.issuing import CertificateError


def _managed_workshop_or_404(slug: str) -> Workshop:
    workshop = workshop_or_404(slug)
    can_manage = policy.can_manage_workshop(current_user, workshop)
    if not can_manage and policy.can_facilitate(current_user, workshop):
        # The workshop's own facilitator gets told who does issue them, not just "No".
        abort(
            make_response(
                render_template("facilitate/certificates_by_admins.html", workshop=workshop), 403
            )
        )
    policy.require(can_manage)
    return workshop


def _managed_certificate_or_404(certificate_id: int) -> Certificate:
    certificate = db.get_or_404(Certificate, certificate_id)
    policy.require(policy.can_manage_workshop(current_user, certificate.workshop))
    return certificate


def _render(workshop: Workshop, revoke_forms: dict[int, RevokeForm] | None = None):
    return render_template(
        "facilitate/certificates.html",
        workshop=workshop,
        rows=certificates.eligibility(workshop),
        issued=certificates.certificates_for_workshop(workshop),
        blocked=certificates.why_not_issuable(workshop, utcnow()),
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
    try:
        report = certificates.issue_for_workshop(workshop, current_user)
    except CertificateError as error:
        flash(str(error), "error")
    else:
        flash(report.message, "success" if report.issued else "info")
    return redirect(url_for("facilitate.certificates_desk", slug=slug))


@bp.post("/certificates/<int:certificate_id>/revoke")
@login_required
def revoke_certificate(certificate_id: int):
    certificate = _managed_certificate_or_404(certificate_id)
    form = RevokeForm(prefix=f"revoke-{certificate.id}")
    if form.validate():
        try:
            certificates.revoke(certificate, current_user, form.reason.data)
        except CertificateError as error:
            form.reason.errors.append(str(error))
        else:
            flash(f"Certificate {certificate.number} revoked.", "success")
            return redirect(url_for("facilitate.certificates_desk", slug=certificate.workshop.slug))
    return _render(certificate.workshop, {certificate.id: form}), 400


@bp.post("/certificates/<int:certificate_id>/reissue")
@login_required
def reissue_certificate(certificate_id: int):
    certificate = _managed_certificate_or_404(certificate_id)
    try:
        replacement = certificates.reissue(certificate, current_user)
    except CertificateError as error:
        flash(str(error), "error")
    else:
        flash(
            f"Certificate {replacement.number} issued for {replacement.hours_text} hours; "
            f"{certificate.number} now shows as replaced.",
            "success",
        )
    return redirect(url_for("facilitate.certificates_desk", slug=certificate.workshop.slug))


@bp.get("/workshops/<slug>/evaluations")
@login_required
def evaluation_results(slug: str):
    workshop = workshop_or_404(slug)
    policy.require(policy.can_facilitate(current_user, workshop))
    return render_template(
        "facilitate/evaluations.html",
        workshop=workshop,
        results=evaluations.results(workshop),
        minimum=evaluations.MIN_RESPONSES,
    )
