"""Routes where educators pay: how to pay, paying a held seat, Checkout's return pages,
and Stripe's webhook."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from pdportal import policy
from pdportal.blueprints.lookups import own_registration_or_404, public_workshop_or_404
from pdportal.blueprints.payments import bp, messages
from pdportal.blueprints.payments.forms import CODE_HINT, CardForm, PurchaseOrderForm
from pdportal.blueprints.registration import messages as registration_messages
from pdportal.blueprints.registration.forms import checked_answers, details_form
from pdportal.extensions import csrf, limiter
from pdportal.forms import PortalForm
from pdportal.models import PaymentMethod, RegistrationStatus, Workshop, WorkshopQuestion
from pdportal.services import payments, registration
from pdportal.services.common import stripe_client
from pdportal.services.payments import discounts, fees
from pdportal.services.payments import events as payment_events
from pdportal.services.payments.events import HoldEnd


def _after_payment(result: payments.PaymentResult, workshop: Workshop):
    flash(*messages.paid(result, workshop.title))
    if result.checkout_url:
        return redirect(result.checkout_url, code=303)
    held = result.registration
    if held is not None and held.status == RegistrationStatus.HELD:
        return redirect(url_for("payments.pay_hold", registration_id=held.id), code=303)
    return redirect(url_for("registration.my_registrations"), code=303)


def _discount_code_limit() -> str:
    return current_app.config["DISCOUNT_CODE_RATE_LIMIT"]


def _user_key() -> str:
    # The account, not the session (get_id is per browser): a new log-in gets no new tries.
    return f"discount-user:{getattr(current_user, 'id', 'anonymous')}"


def _code_refused(response: Response) -> bool:
    """Only tries with a code that did not go through count against the code limits."""
    tried = request.form.get("card-code") or request.form.get("po-code")
    return bool(tried) and response.status_code != 303


def _answers(
    chosen: PortalForm, answers_form: PortalForm | None, questions: list[WorkshopQuestion]
) -> dict[int, Any] | None:
    """The answers to keep ({} when none are asked), or None when the chosen way of
    paying or the answers have problems (each on its field, all shown at once)."""
    valid = chosen.validate_on_submit()
    if answers_form is None:
        return {} if valid else None
    kept = checked_answers(answers_form, questions) if answers_form.validate() else None
    return kept if valid else None


@bp.route("/workshops/<slug>/pay", methods=["GET", "POST"])
@login_required
@limiter.limit(_discount_code_limit, methods=["POST"], deduct_when=_code_refused)
@limiter.limit(
    _discount_code_limit, key_func=_user_key, methods=["POST"], deduct_when=_code_refused
)
def checkout_options(slug: str):
    workshop = public_workshop_or_404(slug)
    if workshop.is_free:
        return redirect(url_for("catalog.detail", slug=slug))
    seats = registration.status_for(current_user, workshop)
    existing = seats.registration
    if existing is not None and existing.status == RegistrationStatus.HELD:
        return redirect(url_for("payments.pay_hold", registration_id=existing.id))
    card_form = CardForm(prefix="card")
    po_form = PurchaseOrderForm(prefix="po")
    chosen = card_form if "card-submit" in request.form else po_form
    questions = registration.asked(workshop.id)
    answers_form = details_form(questions, False, prefix="answers") if questions else None
    closed_reason = registration_messages.closed_reason(seats) if existing is None else ""
    if closed_reason and request.method == "POST":
        flash(closed_reason, "error")
    can_register = existing is None and not closed_reason
    posted = request.method == "POST" and can_register
    answers = _answers(chosen, answers_form, questions) if posted else None
    if answers is not None:
        try:
            if chosen is card_form:
                result = payments.pay_by_card(
                    current_user, workshop, code=card_form.code.data or "", answers=answers
                )
            else:
                result = payments.pay_by_purchase_order(
                    current_user,
                    workshop,
                    district=po_form.district.data,
                    po_number=po_form.po_number.data,
                    code=po_form.code.data or "",
                    answers=answers,
                )
            return _after_payment(result, workshop)
        except discounts.DiscountError as error:
            chosen.code.errors = [*chosen.code.errors, messages.discount_problem(error)]
        except payments.PaymentError as error:
            flash(messages.failure(error), "error")
        except registration.RegistrationError as error:
            flash(registration_messages.refusal(error), "error")
    status = 200 if request.method == "GET" or existing is not None else 422
    return render_template(
        "payments/checkout_options.html",
        workshop=workshop,
        existing=existing,
        closed_reason=closed_reason,
        joins_waitlist=seats.joins_waitlist,
        terms=fees.refund_terms(workshop),
        card_form=card_form,
        po_form=po_form,
        answers_form=answers_form,
        questions=questions,
        code_hint=CODE_HINT,
        cards_enabled=stripe_client.card_payments_enabled(),
        disabled_reason=messages.cards_off_reason(),
        can_manage=policy.can_manage_workshop(current_user, workshop),
    ), status


@bp.route("/registrations/<int:registration_id>/pay", methods=["GET", "POST"])
@login_required
def pay_hold(registration_id: int):
    held = own_registration_or_404(registration_id)
    is_live = registration.hold_is_live(held)
    if request.method == "POST" and is_live:
        try:
            return redirect(payments.open_checkout(held.id), code=303)
        except payments.PaymentError as error:
            flash(messages.failure(error), "error")
        except stripe_client.CardPaymentsDisabled:
            flash(messages.failure_text(payments.PaymentFailure.CARDS_OFF), "error")
        return redirect(url_for("payments.pay_hold", registration_id=held.id), code=303)
    settled = (
        held.status == RegistrationStatus.CANCELLED and held.payment_method != PaymentMethod.CARD
    )
    return render_template(
        "payments/pay_hold.html",
        registration=held,
        workshop=held.workshop,
        is_live=is_live,
        cards_enabled=stripe_client.card_payments_enabled(),
        cancelled_fee=fees.as_cancelled(held) if settled else None,
    )


@bp.get("/registrations/<int:registration_id>/success")
@login_required
def success(registration_id: int):
    paid = own_registration_or_404(registration_id)
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
    held = own_registration_or_404(registration_id)
    return render_template(
        "payments/cancelled.html",
        registration=held,
        workshop=held.workshop,
        is_live=registration.hold_is_live(held),
    )


@bp.post("/registrations/<int:registration_id>/release")
@login_required
def release(registration_id: int):
    held = own_registration_or_404(registration_id)
    if held.status != RegistrationStatus.HELD:
        flash(_("That seat is not held for payment, so there is nothing to release."), "info")
        return redirect(url_for("registration.my_registrations"), code=303)
    outcome = payment_events.release_hold_now(held.id, registration.SystemReason.RELEASED)
    if outcome == HoldEnd.PAID:
        flash(_("Your payment had already gone through, so your seat is confirmed."), "success")
    elif outcome == HoldEnd.UNREACHABLE:
        flash(_("We could not reach the card processor; please try again in a minute."), "error")
    else:
        flash(_("The seat is released. You have not been charged."), "success")
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
