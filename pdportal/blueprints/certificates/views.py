"""Certificates: the educator's certificates and transcript, public verification, badges,
and the educator's evaluation form."""

from __future__ import annotations

from flask import (
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from pdportal import policy
from pdportal.blueprints.certificates import bp
from pdportal.blueprints.certificates.forms import EvaluationForm, VerifyLookupForm
from pdportal.blueprints.lookups import workshop_or_404
from pdportal.extensions import db, limiter
from pdportal.models import Certificate
from pdportal.orm import utcnow
from pdportal.services import certificates
from pdportal.services.certificates import badges, evaluations, transcripts
from pdportal.services.certificates.evaluations import EvaluationError
from pdportal.services.certificates.pdf import render_certificate


@bp.get("/me/certificates")
@login_required
def my_certificates():
    own = certificates.certificates_of(current_user)
    return render_template(
        "certificates/my_certificates.html",
        certificates=own,
        totals=transcripts.totals(own),
        pending_evaluations=evaluations.pending_for(current_user, utcnow()),
    )


@bp.get("/me/certificates/<int:certificate_id>.pdf")
@login_required
def certificate_pdf(certificate_id: int):
    """The educator's own certificate (and, for records, its network's admins)."""
    certificate = db.get_or_404(Certificate, certificate_id)
    can_manage = policy.can_manage_workshop(current_user, certificate.workshop)
    policy.require(certificate.user_id == current_user.id or can_manage)
    if not certificate.is_valid and not can_manage:
        flash(f"Certificate {certificate.number} is {certificate.status.label.lower()}.", "info")
        return redirect(url_for("certificates.my_certificates"))
    pdf = render_certificate(certificate, certificates.verification_url(certificate))
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{certificate.number}.pdf"'},
    )


@bp.get("/me/transcript")
@login_required
def transcript():
    own = transcripts.valid_only(certificates.certificates_of(current_user))
    return render_template(
        "certificates/transcript.html", certificates=own, totals=transcripts.totals(own)
    )


@bp.get("/me/transcript.pdf")
@login_required
def transcript_pdf():
    pdf = transcripts.transcript_pdf(current_user, certificates.certificates_of(current_user))
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": 'inline; filename="transcript.pdf"'},
    )


@bp.get("/me/transcript.csv")
@login_required
def transcript_csv():
    body = transcripts.transcript_csv(certificates.certificates_of(current_user))
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="transcript.csv"'},
    )


@bp.get("/certificates/verify/<code>")
def verify(code: str):
    """Public: whether the certificate is valid, and the facts printed on it, nothing more."""
    certificate = certificates.find_by_code(code)
    if certificate is None:
        return render_template(
            "certificates/verify_unknown.html",
            number=code.strip() if certificates.looks_like_number(code) else "",
        ), 404
    return render_template("certificates/verify.html", certificate=certificate)


def _lookup_limit() -> str:
    return current_app.config.get("VERIFY_LOOKUP_RATE_LIMIT", "20 per minute;200 per hour")


def _failed_lookup_limit() -> str:
    return current_app.config.get("VERIFY_FAILED_LOOKUP_LIMIT", "5 per hour")


def _number_tried() -> str:
    """Failed lookups are also counted per certificate number, whatever the address."""
    return "number:" + certificates.number_key(request.form.get("number", "")[:40])


def _lookup_failed(response: Response) -> bool:
    return response.status_code == 404


@bp.route("/certificates/verify", methods=["GET", "POST"])
@limiter.limit(_lookup_limit, methods=["POST"])
@limiter.limit(
    _failed_lookup_limit, key_func=_number_tried, methods=["POST"], deduct_when=_lookup_failed
)
def verify_lookup():
    """Public: verify from the printed number; the last name keeps numbers from being
    tried one after another."""
    form = VerifyLookupForm()
    if request.method == "GET" and not form.number.data:
        form.number.data = request.args.get("number", "")[:40]
    if form.validate_on_submit():
        certificate = certificates.find_by_number(form.number.data, form.last_name.data)
        if certificate is not None:
            return render_template("certificates/verify.html", certificate=certificate)
        if not certificates.looks_like_number(form.number.data):
            form.number.errors.append(
                "Enter the number as printed, such as PSSP-2026-000003 "
                "(letters, the year and six digits)."
            )
        else:
            form.number.errors.append(
                "No certificate has this number with this last name. "
                "Check both against the certificate."
            )
        return render_template("certificates/verify_lookup.html", form=form), 404
    status = 400 if form.errors else 200
    return render_template("certificates/verify_lookup.html", form=form), status


@bp.get("/certificates/<code>/badge.json")
def badge(code: str):
    certificate = certificates.find_by_code(code)
    if certificate is None:
        abort(404)
    response = jsonify(badges.credential(certificate))
    response.mimetype = "application/ld+json"
    return response


@bp.route("/me/evaluations/<slug>", methods=["GET", "POST"])
@login_required
def evaluate(slug: str):
    workshop = workshop_or_404(slug)
    if evaluations.has_submitted(workshop, current_user):
        flash("You have already evaluated this workshop. Thank you!", "info")
        return redirect(url_for("certificates.my_certificates"))
    policy.require(evaluations.attended(workshop, current_user))
    if not evaluations.is_open(workshop, utcnow()):
        flash("The evaluation opens after the workshop's last session.", "info")
        return redirect(url_for("certificates.my_certificates"))
    form = EvaluationForm()
    if form.validate_on_submit():
        try:
            evaluations.submit(workshop, current_user, form.ratings(), form.comments.data or "")
        except EvaluationError as error:
            flash(str(error), "error")
        else:
            flash("Thank you! Your evaluation was recorded anonymously.", "success")
            return redirect(url_for("certificates.my_certificates"))
    return render_template("certificates/evaluate.html", workshop=workshop, form=form)
