"""Admin routes of the payments area: payment reports, CSV, purchase orders, discount codes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from pdportal import policy
from pdportal.blueprints.confirm import confirm_page, is_confirmed
from pdportal.blueprints.lookups import (
    discount_code_or_404,
    managed_network_or_404,
    managed_networks,
    managed_workshop_or_404,
    offline_payment_or_404,
)
from pdportal.blueprints.payments import bp, messages
from pdportal.blueprints.payments.forms import DiscountCodeForm
from pdportal.documents.spreadsheet import csv_download
from pdportal.extensions import db
from pdportal.models import Network, Registration, Workshop
from pdportal.services import payments
from pdportal.services.payments import discounts
from pdportal.services.payments import reports as payment_reports


@bp.get("/admin/")
@login_required
def admin_index():
    policy.require(policy.can_see_payments(current_user))
    return render_template(
        "payments/admin_index.html",
        networks=managed_networks(),
        disabled_reason=messages.cards_off_reason(),
    )


def _render_report(*, workshop: Workshop | None = None, network: Network | None = None):
    return render_template(
        "payments/admin_report.html",
        workshop=workshop,
        network=network or workshop.network,
        report=payment_reports.report(workshop=workshop, network=network),
        disabled_reason=messages.cards_off_reason(),
    )


def _dollars(cents: int) -> str:
    return f"{cents / 100:.2f}"


def _report_rows(report: payment_reports.PaymentReport) -> list[list[object]]:
    """The report as CSV: headings and statuses in the reader's language, amounts as plain
    numbers a spreadsheet reads."""
    rows: list[list[object]] = [
        [
            _("Workshop"),
            _("Educator"),
            _("Email"),
            _("Registration status"),
            _("Method"),
            _("Payment status"),
            _("Amount (USD)"),
            _("Paid (USD)"),
            _("Refunded (USD)"),
            _("Due (USD)"),
            _("District"),
            _("PO number"),
            _("Stripe payment"),
            _("Refund owed by the network office (USD)"),
        ]
    ]
    for row in report.rows:
        registration = row.registration
        rows.append(
            [
                registration.workshop.title,
                registration.user.name,
                registration.user.email,
                registration.status.label,
                registration.payment_method.label,
                messages.payment_status_text(row),
                _dollars(registration.amount_cents),
                _dollars(row.paid_cents),
                _dollars(row.refunded_cents),
                _dollars(row.due_cents),
                registration.po_district,
                registration.po_number,
                row.payment.payment_intent_id if row.payment else "",
                _dollars(row.office_refund_cents),
            ]
        )
    return rows


def _csv_response(report: payment_reports.PaymentReport, slug: str) -> Response:
    return csv_download(_report_rows(report), f"payments-{slug}.csv")


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
    return _render_report(network=managed_network_or_404(slug))


@bp.get("/admin/networks/<slug>/payments.csv")
@login_required
def network_csv(slug: str):
    network = managed_network_or_404(slug)
    return _csv_response(payment_reports.report(network=network), network.slug)


def _record_offline(
    registration_id: int,
    record: Callable[[Registration, object], payment_reports.OfflineRecord],
) -> Response:
    """Record money moving outside the portal (a purchase order paid or refunded)."""
    found = offline_payment_or_404(registration_id)
    try:
        flash(*messages.offline_recorded(record(found, current_user), found))
    except payments.PaymentError as error:
        flash(messages.failure(error), "error")
    return redirect(url_for("payments.workshop_report", slug=found.workshop.slug), code=303)


@bp.post("/admin/registrations/<int:registration_id>/mark-paid")
@login_required
def mark_po_paid(registration_id: int):
    if not is_confirmed():
        return _confirm_mark_paid(offline_payment_or_404(registration_id))
    return _record_offline(registration_id, payment_reports.mark_po_paid)


def _confirm_mark_paid(found: Registration) -> str:
    report_url = url_for("payments.workshop_report", slug=found.workshop.slug)
    return confirm_page(
        heading=_(
            "Mark %(name)s's payment for “%(workshop)s” paid?",
            name=found.user.name,
            workshop=found.workshop.title,
        ),
        consequences=[
            _(
                "The payment of 1 person, %(name)s (%(reference)s), is recorded as received: "
                "it cannot be marked unpaid again.",
                name=found.user.name,
                reference=(found.po_number or "").strip() or found.payment_method.label,
            ),
            _("%(name)s is emailed that the payment was received.", name=found.user.name),
        ],
        action=url_for("payments.mark_po_paid", registration_id=found.id),
        confirm_label=_("Mark paid"),
        cancel_url=report_url,
        audited=False,
    )


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
            field = next((f for f in form if f.name == error.field), form.code)
            field.errors = [*field.errors, messages.discount_problem(error)]
        else:
            flash(
                _(
                    "Code %(code)s created: %(discount)s.",
                    code=created.code,
                    discount=messages.discount_label(created),
                ),
                "success",
            )
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
    network = managed_network_or_404(slug)
    return _codes_page(DiscountCodeForm(), workshop=None, network=network)


@bp.post("/admin/codes/<int:code_id>/deactivate")
@login_required
def deactivate_code(code_id: int):
    code = discount_code_or_404(code_id)
    workshop = db.session.get(Workshop, code.workshop_id) if code.workshop_id else None
    network = workshop.network if workshop else db.session.get(Network, code.network_id)
    discounts.deactivate(code)
    flash(_("Code %(code)s no longer works.", code=code.code), "success")
    return redirect(_codes_url(workshop, network), code=303)
