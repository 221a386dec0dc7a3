"""Certificates: the educator's certificates and transcript, public verification, badges,
and the educator's evaluation form. Documents come out in the reader's language."""

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
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from pdportal import policy
from pdportal.blueprints.certificates import bp, messages
from pdportal.blueprints.certificates.forms import (
    AffidavitForm,
    CountTowardForm,
    RenewalForm,
    VerifyLookupForm,
    evaluation_form,
)
from pdportal.blueprints.lookups import (
    certificate_by_code_or_404,
    held_or_managed_certificate_or_404,
    network_or_404,
    workshop_or_404,
)
from pdportal.documents import badge as badge_document
from pdportal.documents import certificate as certificate_document
from pdportal.documents import clock_hour_record
from pdportal.documents import transcript as transcript_document
from pdportal.documents.spreadsheet import csv_download
from pdportal.extensions import limiter
from pdportal.models import CreditType, Designation
from pdportal.orm import utcnow
from pdportal.services import certificates
from pdportal.services.certificates import affidavits, evaluations, renewal, transcripts
from pdportal.services.certificates.affidavits import AffidavitError
from pdportal.services.certificates.evaluations import EvaluationError
from pdportal.services.workshops import approval

# Why someone may not have a certificate, in words: `{{ reason | ineligibility }}`.
bp.add_app_template_filter(messages.ineligibility_text, "ineligibility")
# A clock-hour offering's approved record, for its objectives on the public workshop page.
bp.add_app_template_global(approval.latest_approved, "approved_offering")


@bp.app_template_global("has_ended")
def has_ended(workshop) -> bool:
    """Whether the workshop is over (its evaluation summary is linked from its page)."""
    return evaluations.is_open(workshop, utcnow())


@bp.get("/me/certificates")
@login_required
def my_certificates():
    own = certificates.certificates_of(current_user)
    return render_template(
        "certificates/my_certificates.html",
        certificates=own,
        totals=transcripts.totals(own),
        designation_labels=Designation.labels(),
        pending_evaluations=evaluations.pending_for(current_user, utcnow()),
        pending_affidavits=affidavits.pending_for(current_user, utcnow()),
    )


@bp.get("/me/certificates/<int:certificate_id>.pdf")
@login_required
def certificate_pdf(certificate_id: int):
    """The educator's own certificate (and, for records, its network's admins)."""
    certificate = held_or_managed_certificate_or_404(certificate_id)
    if not policy.can_download_certificate(current_user, certificate):
        flash(
            _(
                "Certificate %(number)s is %(status)s.",
                number=certificate.number,
                status=certificate.status.label.lower(),
            ),
            "info",
        )
        return redirect(url_for("certificates.my_certificates"))
    pdf = certificate_document.render_certificate(
        certificate,
        certificates.verification_url(certificate),
        certificate_document.certificate_labels(),
    )
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{certificate.number}.pdf"'},
    )


@bp.get("/me/certificates/<int:certificate_id>/clock-hours.pdf")
@login_required
def clock_hour_record_pdf(certificate_id: int):
    """The Form-1125-style record of a Washington clock-hour certificate."""
    certificate = held_or_managed_certificate_or_404(certificate_id)
    policy.require(policy.can_download_certificate(current_user, certificate))
    if certificate.credit_type != CreditType.WA_CLOCK_HOURS:
        abort(404)
    pdf = clock_hour_record.render_clock_hour_record(
        certificate, certificates.verification_url(certificate)
    )
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="clock-hours-{certificate.number}.pdf"'},
    )


@bp.get("/me/pdu-log.pdf")
@login_required
def pdu_log_pdf():
    """The Oregon educator's PDU log: 1 hour = 1 PDU, with their signature line."""
    own = [
        c
        for c in transcripts.valid_only(certificates.certificates_of(current_user))
        if c.credit_type == CreditType.OR_PDUS
    ]
    pdf = clock_hour_record.render_pdu_log(current_user, own, clock_hour_record.pdu_labels())
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": 'inline; filename="pdu-log.pdf"'},
    )


@bp.get("/me/transcript")
@login_required
def transcript():
    own = transcripts.valid_only(certificates.certificates_of(current_user))
    return render_template(
        "certificates/transcript.html",
        certificates=own,
        totals=transcripts.totals(own),
        designation_labels=Designation.labels(),
        counted=transcripts.counted_requirement,
    )


@bp.post("/me/certificates/<int:certificate_id>/counts-toward")
@login_required
def count_toward(certificate_id: int):
    """The educator chooses the one requirement a certificate's hours count toward."""
    certificate = held_or_managed_certificate_or_404(certificate_id)
    policy.require(policy.is_certificate_holder(current_user, certificate))
    labels = Designation.labels()
    form = CountTowardForm()
    form.designation.choices = [SelectChoice(v, labels.get(v, v)) for v in certificate.designations]
    if form.validate():
        try:
            transcripts.count_toward(certificate, form.designation.data)
        except transcripts.CountError:
            flash(_("A revoked or replaced certificate counts toward nothing."), "error")
        else:
            flash(
                _(
                    "%(title)s now counts toward %(designation)s.",
                    title=certificate.workshop_title,
                    designation=labels.get(form.designation.data, form.designation.data),
                ),
                "success",
            )
    else:
        flash(_("Choose one of the certificate's designations."), "error")
    return redirect(url_for("certificates.transcript"))


@bp.get("/me/renewal")
@login_required
def renewal_tracker():
    """Progress toward renewing a Washington certificate, from the educator's answers."""
    form = RenewalForm(request.args)
    valid = form.validate() if request.args else True
    expires = (valid and form.expires_on.data) or renewal.next_june_30(utcnow().date())
    role = renewal.RenewalRole(form.role.data if valid else "teacher")
    found = renewal.progress(
        certificates.certificates_of(current_user),
        role,
        expires,
        stem_endorsed=bool(valid and form.stem_endorsed.data),
    )
    return render_template(
        "certificates/renewal.html",
        form=form,
        progress=found,
        names=messages.requirement_names(),
    ), (200 if valid else 400)


@bp.get("/me/transcript.pdf")
@login_required
def transcript_pdf():
    pdf = transcript_document.transcript_pdf(
        current_user,
        certificates.certificates_of(current_user),
        transcript_document.transcript_labels(),
    )
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": 'inline; filename="transcript.pdf"'},
    )


@bp.get("/me/transcript.csv")
@login_required
def transcript_csv():
    rows = transcript_document.transcript_rows(
        certificates.certificates_of(current_user), transcript_document.transcript_labels()
    )
    return csv_download(rows, "transcript.csv")


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
                _(
                    "Enter the number as printed, such as PSSP-2026-000003 "
                    "(letters, the year and six digits)."
                )
            )
        else:
            form.number.errors.append(
                _(
                    "No certificate has this number with this last name. "
                    "Check both against the certificate."
                )
            )
        return render_template("certificates/verify_lookup.html", form=form), 404
    status = 400 if form.errors else 200
    return render_template("certificates/verify_lookup.html", form=form), status


@bp.get("/certificates/<code>/badge.json")
def badge(code: str):
    certificate = certificate_by_code_or_404(code)
    response = jsonify(badge_document.credential(certificate))
    response.mimetype = "application/ld+json"
    return response


@bp.route("/me/evaluations/<slug>", methods=["GET", "POST"])
@login_required
def evaluate(slug: str):
    workshop = workshop_or_404(slug)
    if evaluations.has_submitted(workshop, current_user):
        flash(messages.already_evaluated(), "info")
        return redirect(url_for("certificates.my_certificates"))
    policy.require(policy.can_evaluate(current_user, workshop))
    if not evaluations.is_open(workshop, utcnow()):
        flash(messages.evaluation_not_open(), "info")
        return redirect(url_for("certificates.my_certificates"))
    form = evaluation_form(evaluations.own_questions(workshop))
    if form.validate_on_submit():
        try:
            evaluations.submit(
                workshop,
                current_user,
                form.ratings(),
                form.comments.data or "",
                own=form.own_ratings(),
            )
        except EvaluationError as error:
            flash(messages.evaluation_refusal(error), "error")
        else:
            flash(_("Thank you! Your evaluation was recorded anonymously."), "success")
            return redirect(url_for("certificates.my_certificates"))
    return render_template("certificates/evaluate.html", workshop=workshop, form=form)


@bp.route("/me/clock-hours/<slug>", methods=["GET", "POST"])
@login_required
def affirm_hours(slug: str):
    """The educator affirms the clock hours they earned (and may claim fewer)."""
    workshop = workshop_or_404(slug)
    try:
        claim = affidavits.claim(workshop, current_user)
    except AffidavitError as error:
        flash(messages.affidavit_refusal(error), "info")
        return redirect(url_for("certificates.my_certificates"))
    form = AffidavitForm()
    if not form.is_submitted():
        form.hours.data = claim.affidavit.affirmed_hours if claim.affidavit else claim.earned_hours
    elif form.validate():
        try:
            affidavits.affirm(workshop, current_user, form.hours.data)
        except AffidavitError as error:
            form.hours.errors = [messages.affidavit_refusal(error)]
        else:
            flash(
                _(
                    "Affirmed: %(hours)s of %(offered)s clock hours. Your certificate is "
                    "issued for these hours.",
                    hours=f"{form.hours.data:.1f}",
                    offered=f"{claim.offered_hours:.1f}",
                ),
                "success",
            )
            return redirect(url_for("certificates.my_certificates"))
    status = 400 if form.errors else 200
    return render_template(
        "certificates/affirm.html", workshop=workshop, claim=claim, form=form
    ), status


@bp.get("/evaluations/<network_slug>")
def evaluation_summary(network_slug: str):
    """Public: how participants rated a network's ended workshops, aggregates only."""
    network = network_or_404(network_slug)
    return render_template(
        "certificates/evaluation_summary.html",
        network=network,
        summaries=evaluations.network_summary(network.id, utcnow()),
        minimum=evaluations.PUBLIC_MIN_RESPONSES,
        questions=messages.RATING_LABELS,
    )
