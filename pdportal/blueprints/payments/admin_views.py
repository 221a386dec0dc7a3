"""Admin routes of the payments area: payment reports, CSV, purchase orders, discount codes."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Response, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from pdportal import policy
from pdportal.blueprints.lookups import managed_networks, managed_workshop_or_404, network_or_404
from pdportal.blueprints.payments import bp
from pdportal.blueprints.payments.forms import DiscountCodeForm
from pdportal.extensions import db
from pdportal.models import DiscountCode, Network, Registration, Workshop
from pdportal.services import payments
from pdportal.services.common import stripe_client
from pdportal.services.payments import discounts
from pdportal.services.payments import reports as payment_reports


def _network_or_404(slug: str) -> Network:
    network = network_or_404(slug)
    policy.require(policy.can_manage_network(current_user, network.id))
    return network


@bp.get("/admin/")
@login_required
def admin_index():
    policy.require(policy.is_any_admin(current_user))
    return render_template(
        "payments/admin_index.html",
        networks=managed_networks(),
        disabled_reason=stripe_client.disabled_reason(),
    )


def _render_report(*, workshop: Workshop | None = None, network: Network | None = None):
    return render_template(
        "payments/admin_report.html",
        workshop=workshop,
        network=network or workshop.network,
        report=payment_reports.report(workshop=workshop, network=network),
        disabled_reason=stripe_client.disabled_reason(),
    )


def _csv_response(report: payment_reports.PaymentReport, slug: str) -> Response:
    return Response(
        payment_reports.report_csv(report),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="payments-{slug}.csv"'},
    )


@bp.get("/admin/workshops/<slug>")
@login_required
def workshop_report(slug: str):
    return _render_report(workshop=managed_workshop_or_404(slug))


@bp.get("/admin/workshops/<slug>/payments.csv")
@login_required
def workshop_csv(slug: str):
    workshop = managed_workshop_or_404(slug)
    return _csv_response(payment_reports.report(workshop=workshop), workshop.slug)


@bp.get("/admin/networks/<slug>")
@login_required
def network_report(slug: str):
    return _render_report(network=_network_or_404(slug))


@bp.get("/admin/networks/<slug>/payments.csv")
@login_required
def network_csv(slug: str):
    network = _network_or_404(slug)
    return _csv_response(payment_reports.report(network=network), network.slug)


def _record_offline(registration_id: int, record) -> Response:
    """Record money moving outside the portal (a purchase order paid or refunded)."""
    found = db.get_or_404(Registration, registration_id)
    policy.require(policy.can_manage_workshop(current_user, found.workshop))
    try:
        flash(record(found, current_user), "success")
    except payments.PaymentError as error:
        flash(error.message, "error")
    return redirect(url_for("payments.workshop_report", slug=found.workshop.slug), code=303)


@bp.post("/admin/registrations/<int:registration_id>/mark-paid")
@login_required
def mark_po_paid(registration_id: int):
    return _record_offline(registration_id, payment_reports.mark_po_paid)


@bp.post("/admin/registrations/<int:registration_id>/mark-refunded")
@login_required
def mark_office_refunded(registration_id: int):
    return _record_offline(registration_id, payment_reports.mark_office_refunded)


def _codes_page(form: DiscountCodeForm, *, workshop: Workshop | None, network: Network):
    form.time_zone = network.time_zone
    if form.validate_on_submit():
        expires_at = form.expires_at_utc()
        percent = form.value.data if form.kind.data == "percent" else None
        amount = form.value.data * 100 if form.kind.data == "amount" else None
        try:
            created = discounts.create_code(
                current_user,
                code=form.code.data,
                workshop=workshop,
                network=None if workshop else network,
                percent_off=percent,
                amount_off_cents=amount,
                max_uses=form.max_uses.data,
                expires_at=expires_at,
                description=form.description.data or "",
            )
        except discounts.DiscountError as error:
            form.code.errors = [*form.code.errors, error.message]
        else:
            flash(f"Code {created.code} created: {created.label}.", "success")
            return redirect(_codes_url(workshop, network), code=303)
    return render_template(
        "payments/admin_codes.html",
        form=form,
        workshop=workshop,
        network=network,
        codes=discounts.codes_for(workshop=workshop, network=None if workshop else network),
        now=datetime.now(ZoneInfo("UTC")),
    ), (422 if form.errors else 200)


def _codes_url(workshop: Workshop | None, network: Network) -> str:
    if workshop is not None:
        return url_for("payments.workshop_codes", slug=workshop.slug)
    return url_for("payments.network_codes", slug=network.slug)


@bp.route("/admin/workshops/<slug>/codes", methods=["GET", "POST"])
@login_required
def workshop_codes(slug: str):
    workshop = managed_workshop_or_404(slug)
    return _codes_page(DiscountCodeForm(), workshop=workshop, network=workshop.network)


@bp.route("/admin/networks/<slug>/codes", methods=["GET", "POST"])
@login_required
def network_codes(slug: str):
    network = _network_or_404(slug)
    return _codes_page(DiscountCodeForm(), workshop=None, network=network)


@bp.post("/admin/codes/<int:code_id>/deactivate")
@login_required
def deactivate_code(code_id: int):
    code = db.get_or_404(DiscountCode, code_id)
    workshop = db.session.get(Workshop, code.workshop_id) if code.workshop_id else None
    network_id = workshop.network_id if workshop else code.network_id
    policy.require(policy.can_manage_network(current_user, network_id))
    discounts.deactivate(code)
    flash(f"Code {code.code} no longer works.", "success")
    return redirect(_codes_url(workshop, db.session.get(Network, network_id)), code=303)
