"""Routes where educators pay: how to pay, paying a held seat, Checkout's return pages,
and Stripe's webhook."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from pdportal import policy
from pdportal.blueprints.payments import bp
from pdportal.blueprints.payments.forms import CODE_HINT, CardForm, PurchaseOrderForm
from pdportal.extensions import csrf, db
from pdportal.models import PaymentMethod, Registration, RegistrationStatus
from pdportal.orm import utcnow
from pdportal.services import catalog, payments, registration
from pdportal.services.common import stripe_client
from pdportal.services.payments import discounts
from pdportal.services.payments import events as payment_events
from pdportal.services.registration import waitlist


def _own_registration_or_404(registration_id: int) -> Registration:
    found = db.get_or_404(Registration, registration_id)
    policy.require(found.user_id == current_user.id)
    return found


def _after_payment(result: payments.PaymentResult):
    flash(result.message, result.category)
    if result.checkout_url:
        return redirect(result.checkout_url, code=303)
    held = result.registration
    if held is not None and held.status == RegistrationStatus.HELD:
        return redirect(url_for("payments.pay_hold", registration_id=held.id), code=303)
    return redirect(url_for("registration.my_registrations"), code=303)


@bp.route("/workshops/<slug>/pay", methods=["GET", "POST"])
@login_required
def checkout_options(slug: str):
    workshop = catalog.get_public_workshop_or_404(slug)
    if workshop.is_free:
        return redirect(url_for("catalog.detail", slug=slug))
    existing = waitlist.active_registration(current_user, workshop)
    if existing is not None and existing.status == RegistrationStatus.HELD:
        return redirect(url_for("payments.pay_hold", registration_id=existing.id))
    card_form = CardForm(prefix="card")
    po_form = PurchaseOrderForm(prefix="po")
    chosen = card_form if "card-submit" in request.form else po_form
    closed_reason = registration.closed_reason(workshop) if existing is None else None
    if closed_reason and request.method == "POST":
        flash(closed_reason, "error")
    can_register = existing is None and closed_reason is None
    if request.method == "POST" and can_register and chosen.validate_on_submit():
        try:
            if chosen is card_form:
                result = payments.pay_by_card(
                    current_user, workshop, code=card_form.code.data or ""
                )
            else:
                result = payments.pay_by_purchase_order(
                    current_user,
                    workshop,
                    district=po_form.district.data,
                    po_number=po_form.po_number.data,
                    code=po_form.code.data or "",
                )
            return _after_payment(result)
        except discounts.DiscountError as error:
            chosen.code.errors = [*chosen.code.errors, error.message]
        except (payments.PaymentError, registration.RegistrationError) as error:
            flash(error.message, "error")
    status = 200 if request.method == "GET" or existing is not None else 422
    counts = registration.seat_counts([workshop.id])[workshop.id]
    deadline = payments.refund_deadline(workshop)
    return render_template(
        "payments/checkout_options.html",
        workshop=workshop,
        existing=existing,
        closed_reason=closed_reason,
        joins_waitlist=counts.taken + counts.waitlisted >= workshop.capacity,
        refund_deadline=deadline,
        refund_deadline_passed=deadline is not None and deadline <= utcnow(),
        card_form=card_form,
        po_form=po_form,
        code_hint=CODE_HINT,
        cards_enabled=stripe_client.card_payments_enabled(),
        disabled_reason=stripe_client.disabled_reason(),
        can_manage=policy.can_manage_workshop(current_user, workshop),
    ), status


@bp.route("/registrations/<int:registration_id>/pay", methods=["GET", "POST"])
@login_required
def pay_hold(registration_id: int):
    held = _own_registration_or_404(registration_id)
    is_live = held.status == RegistrationStatus.HELD and held.hold_expires_at > utcnow()
    if request.method == "POST" and is_live:
        try:
            return redirect(payments.open_checkout(held.id), code=303)
        except (payments.PaymentError, stripe_client.CardPaymentsDisabled) as error:
            flash(str(getattr(error, "message", error)), "error")
        return redirect(url_for("payments.pay_hold", registration_id=held.id), code=303)
    return render_template(
        "payments/pay_hold.html",
        registration=held,
        workshop=held.workshop,
        is_live=is_live,
        cards_enabled=stripe_client.card_payments_enabled(),
        cancelled_fee_note=(
            payments.cancelled_fee_note(held)
            if held.status == RegistrationStatus.CANCELLED
            and held.payment_method != PaymentMethod.CARD
            else None
        ),
    )


@bp.get("/registrations/<int:registration_id>/success")
@login_required
def success(registration_id: int):
    paid = _own_registration_or_404(registration_id)
    return render_template(
        "payments/success.html",
        registration=paid,
        workshop=paid.workshop,
        payment=payments.payment_for(paid.id),
        is_confirmed=paid.status == RegistrationStatus.CONFIRMED,
        is_cancelled=paid.status == RegistrationStatus.CANCELLED,
    )


@bp.get("/registrations/<int:registration_id>/cancelled")
@login_required
def cancelled(registration_id: int):
    held = _own_registration_or_404(registration_id)
    return render_template(
        "payments/cancelled.html",
        registration=held,
        workshop=held.workshop,
        is_live=held.status == RegistrationStatus.HELD and held.hold_expires_at > utcnow(),
    )


@bp.post("/registrations/<int:registration_id>/release")
@login_required
def release(registration_id: int):
    held = _own_registration_or_404(registration_id)
    if held.status != RegistrationStatus.HELD:
        flash("That seat is not held for payment, so there is nothing to release.", "info")
        return redirect(url_for("registration.my_registrations"), code=303)
    outcome = payment_events.release_hold_now(held.id, "You released the seat without paying.")
    if outcome == "paid":
        flash("Your payment had already gone through, so your seat is confirmed.", "success")
    elif outcome == "unreachable":
        flash("We could not reach the card processor; please try again in a minute.", "error")
    else:
        flash("The seat is released. You have not been charged.", "success")
    return redirect(url_for("registration.my_registrations"), code=303)


@bp.post("/stripe/webhook")
@csrf.exempt
def stripe_webhook():
    try:
        note = payment_events.handle_webhook(
            request.get_data(cache=False), request.headers.get("Stripe-Signature")
        )
    except payment_events.WebhookRejected as error:
        current_app.logger.warning("Stripe webhook rejected: %s", error)
        return {"error": "invalid signature or payload"}, 400
    return {"received": note}, 200
