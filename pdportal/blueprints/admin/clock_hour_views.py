"""Washington clock-hour records: an offering's approval record (written by the network's
admins, approved in the name of its designee, every version kept), the whole record of an
offering as a ZIP, and a network's E-Cert-ready CSV for a period."""

from __future__ import annotations

from flask import Response as FlaskResponse
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from pdportal.blueprints.admin import bp
from pdportal.blueprints.admin import messages as say
from pdportal.blueprints.admin.clock_hour_forms import (
    ApprovalRecordForm,
    ApproveForm,
    NetworkImageForm,
    OwnQuestionsForm,
    PeriodForm,
    TypedSignatureForm,
)
from pdportal.blueprints.admin.views import back_if_cancelled, show_error
from pdportal.blueprints.certificates.messages import RATING_LABELS, evaluation_refusal
from pdportal.blueprints.lookups import managed_network_or_404, managed_workshop_or_404
from pdportal.documents import clock_hours as clock_hour_documents
from pdportal.documents.spreadsheet import csv_download
from pdportal.extensions import db
from pdportal.models import Network, Workshop
from pdportal.orm import utcnow
from pdportal.services.certificates import evaluations, exports, seals
from pdportal.services.workshops import WorkshopError, approval

APPROVAL = "/workshops/<slug>/approval"


def _page(
    workshop: Workshop,
    record_form: ApprovalRecordForm,
    approve_form: ApproveForm,
    questions_form: OwnQuestionsForm | None = None,
) -> str:
    if questions_form is None:
        questions = "\n".join(q.text for q in evaluations.own_questions(workshop))
        questions_form = OwnQuestionsForm(formdata=None, questions=questions)
    return render_template(
        "admin/approval.html",
        workshop=workshop,
        state=approval.state(workshop),
        versions=approval.versions(workshop),
        record_form=record_form,
        approve_form=approve_form,
        questions_form=questions_form,
    )


def _approve_form() -> ApproveForm:
    return ApproveForm(formdata=None)


@bp.get(APPROVAL)
@login_required
def approval_page(slug: str) -> str:
    workshop = managed_workshop_or_404(slug)
    record_form = ApprovalRecordForm(formdata=None, obj=approval.current(workshop))
    approve_form = _approve_form()
    approve_form.designee_name.data = workshop.network.provider_designee
    return _page(workshop, record_form, approve_form)


@bp.post(APPROVAL + "/record")
@login_required
def save_approval_record(slug: str) -> str | Response | tuple[str, int]:
    workshop = managed_workshop_or_404(slug)
    if refused := back_if_cancelled(workshop):
        return refused
    form = ApprovalRecordForm()
    if form.validate():
        try:
            saved = approval.save_record(
                workshop,
                approval.ApprovalRecord(
                    form.objectives.data or "",
                    form.agenda.data or "",
                    form.instructors.data or "",
                    form.standards_alignment.data or "",
                ),
            )
        except WorkshopError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            if saved.is_approved:
                flash(_("Nothing changed in the record."), "info")
            else:
                flash(_("Record saved. The designee approves it next."), "success")
            return redirect(url_for("admin.approval_page", slug=slug))
    return _page(workshop, form, _approve_form()), 400


def _show_approval_problems(
    error: WorkshopError, record_form: ApprovalRecordForm, form: ApproveForm
) -> None:
    """An empty part of the record on its field of the record; the rest on the approval."""
    for problem in error.problems:
        if problem.field and problem.field in record_form:
            record_form[problem.field].errors = [_("Fill this in before approving.")]
        elif problem.field and problem.field in form:
            form[problem.field].errors = [*form[problem.field].errors, say.problem(problem)]
        else:
            flash(say.problem(problem), "error")


@bp.post(APPROVAL + "/approve")
@login_required
def approve_offering(slug: str) -> str | Response | tuple[str, int]:
    workshop = managed_workshop_or_404(slug)
    if refused := back_if_cancelled(workshop):
        return refused
    form = ApproveForm()
    record_form = ApprovalRecordForm(formdata=None, obj=approval.current(workshop))
    if form.validate():
        try:
            approval.approve(workshop, current_user, form.approved_on.data, form.designee_name.data)
        except WorkshopError as error:
            db.session.rollback()
            _show_approval_problems(error, record_form, form)
        else:
            flash(_("Approved: the offering may be published."), "success")
            return redirect(url_for("admin.approval_page", slug=slug))
    return _page(workshop, record_form, form), 400


@bp.post(APPROVAL + "/questions")
@login_required
def save_own_questions(slug: str) -> str | Response | tuple[str, int]:
    """The workshop's own evaluation questions, one a line, after the standard ones."""
    workshop = managed_workshop_or_404(slug)
    if refused := back_if_cancelled(workshop):
        return refused
    form = OwnQuestionsForm()
    if form.validate():
        try:
            evaluations.set_own_questions(workshop, (form.questions.data or "").splitlines())
        except evaluations.EvaluationError as error:
            form.questions.errors = [evaluation_refusal(error)]
        else:
            flash(_("Evaluation questions saved."), "success")
            return redirect(url_for("admin.approval_page", slug=slug))
    record_form = ApprovalRecordForm(formdata=None, obj=approval.current(workshop))
    return _page(workshop, record_form, _approve_form(), form), 400


@bp.get("/workshops/<slug>/clock-hour-record.zip")
@login_required
def offering_record(slug: str) -> FlaskResponse:
    """Everything on file for one offering: approvals, participants with the hours they
    affirmed, attendance and its audit trail, the evaluation summary."""
    workshop = managed_workshop_or_404(slug)
    data = clock_hour_documents.offering_record_zip(
        exports.offering_record(workshop),
        {**{k: str(v) for k, v in RATING_LABELS.items()}, **evaluations.own_labels(workshop)},
    )
    return FlaskResponse(
        data,
        mimetype="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="clock-hour-record-{workshop.slug}.zip"'
        },
    )


@bp.get("/networks/<slug>/clock-hours")
@login_required
def clock_hour_exports(slug: str) -> str | FlaskResponse | tuple[str, int]:
    """The E-Cert-ready CSV of a network's clock-hour certificates over a period."""
    network = managed_network_or_404(slug)
    form = PeriodForm(request.args)
    if request.args.get("download") and form.validate():
        found = exports.ecert_certificates(network, form.first_day.data, form.last_day.data)
        name = f"ecert-{network.slug}-{form.first_day.data}-{form.last_day.data}.csv"
        return csv_download(clock_hour_documents.ecert_rows(found), name)
    if not request.args:
        today = utcnow().date()
        form.first_day.data, form.last_day.data = today.replace(month=1, day=1), today
    status = 400 if form.errors else 200
    return _records_page(network, form), status


def _records_page(
    network: Network,
    form: PeriodForm | None = None,
    image_form: NetworkImageForm | None = None,
    typed_form: TypedSignatureForm | None = None,
) -> str:
    if form is None:
        form = PeriodForm(formdata=None)
    return render_template(
        "admin/clock_hours.html",
        network=network,
        form=form,
        image_form=image_form or NetworkImageForm(formdata=None),
        typed_form=typed_form
        or TypedSignatureForm(formdata=None, signature_typed=network.signature_typed),
        seal=seals.current(network.id, seals.ImageKind.SEAL),
        signature=seals.current(network.id, seals.ImageKind.SIGNATURE),
    )


@bp.post("/networks/<slug>/clock-hours/images")
@login_required
def upload_network_image(slug: str) -> str | Response | tuple[str, int]:
    """A new seal or signature (`edge.FILE_UPLOADS` limits the body before it is read)."""
    network = managed_network_or_404(slug)
    form = NetworkImageForm()
    if form.validate():
        try:
            seals.upload(
                network, seals.ImageKind(form.kind.data), form.image.data.read(), current_user
            )
        except seals.ImageError as error:
            form.image.errors = [say.image_refusal(error)]
        else:
            flash(_("Saved: certificates issued from now on carry it."), "success")
            return redirect(url_for("admin.clock_hour_exports", slug=slug))
    return _records_page(network, image_form=form), 400


@bp.post("/networks/<slug>/clock-hours/typed-signature")
@login_required
def save_typed_signature(slug: str) -> str | Response | tuple[str, int]:
    network = managed_network_or_404(slug)
    form = TypedSignatureForm()
    if form.validate():
        seals.set_typed_signature(network, form.signature_typed.data or "")
        flash(_("Saved: certificates issued from now on carry it."), "success")
        return redirect(url_for("admin.clock_hour_exports", slug=slug))
    return _records_page(network, typed_form=form), 400


@bp.get("/networks/<slug>/clock-hours/images/<int:image_id>.jpg")
@login_required
def network_image(slug: str, image_id: int) -> FlaskResponse:
    network = managed_network_or_404(slug)
    found = seals.image(network.id, image_id)
    if found is None:
        abort(404)
    return FlaskResponse(found.data, mimetype="image/jpeg")
