"""The words of the payments area's outcomes, in the reader's language: what paying did,
why a payment step could not go ahead, what an admin recorded, what cancelling a workshop
did to its money. A fee's fate is told by `registration.messages.fee_sentence`."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from pdportal.blueprints.registration import messages as registration_messages
from pdportal.i18n import format_amount
from pdportal.models import DiscountCode, PaymentMethod, Registration
from pdportal.services.common import stripe_client
from pdportal.services.payments import PaymentError, PaymentFailure, PaymentResult
from pdportal.services.payments.cancellation import WorkshopCancellation
from pdportal.services.payments.discounts import DiscountError, DiscountProblem
from pdportal.services.payments.refunds import CardRefundsPreview, WorkshopRefunds
from pdportal.services.payments.reports import OfflineRecord, PaymentRow
from pdportal.services.registration import Outcome

Flash = tuple[str, str]  # (message, category)


def paid(result: PaymentResult, title: str) -> Flash:
    """What choosing a way to pay did to the seat."""
    if result.checkout_failed is not None:
        return failure_text(result.checkout_failed), "warning"
    message, category = registration_messages.registered(result.seat, title)
    if result.is_sponsored and result.seat.outcome == Outcome.CONFIRMED:
        message = _("Your code covers the whole fee. %(registered)s", registered=message)
    return message, category


def failure(error: PaymentError) -> str:
    return failure_text(error.reason, error.registration)


def failure_text(reason: PaymentFailure, registration: Registration | None = None) -> str:
    """Why a payment step could not go ahead, and what to do next."""
    if reason == PaymentFailure.NO_REFUND_OWED and registration is not None:
        name = registration.user.name
        if _is_purchase_order(registration):
            return _(
                "No refund is owed on %(name)s's purchase order %(po)s: only a paid one whose"
                " registration was cancelled before the refund deadline (or whose workshop"
                " was cancelled) is refunded.",
                name=name,
                po=registration.po_number,
            )
        return _(
            "No refund is owed on %(name)s's invoice or door payment: only a paid one whose"
            " registration was cancelled before the refund deadline (or whose workshop was"
            " cancelled) is refunded.",
            name=name,
        )
    return {
        PaymentFailure.FREE_WORKSHOP: _("This workshop is free; register from its page."),
        PaymentFailure.CARDS_OFF: _(
            "Card payment is not available right now. Please choose another way."
        ),
        PaymentFailure.NO_PURCHASE_ORDERS: _("This workshop does not take purchase orders."),
        PaymentFailure.HOLD_EXPIRED: _(
            "Your seat hold has expired, so the seat was released. You can register again"
            " from the workshop page if seats are left."
        ),
        PaymentFailure.STRIPE_UNREACHABLE: _(
            "We could not reach the card processor. Your seat is still held; please try"
            " again in a minute."
        ),
        PaymentFailure.REFUND_FAILED: _(
            "We could not start your refund just now. We will try again automatically and"
            " email you when it goes through; you do not need to do anything."
        ),
        PaymentFailure.NOT_OFFLINE: _(
            "Only purchase-order and invoiced registrations can be marked paid."
        ),
        PaymentFailure.NOTHING_DUE: _("That registration is cancelled; nothing is due."),
        PaymentFailure.NOT_OFFLINE_REFUND: _(
            "Only purchase-order and invoiced registrations are refunded by the network"
            " office; card payments are refunded through Stripe."
        ),
        PaymentFailure.NO_REFUND_OWED: _("No refund is owed on that registration."),
    }[reason]


def cards_unavailable() -> str:
    """Said to an educator when card payment is off (the admin is told why)."""
    return _("Card payment is not available right now.")


def discount_problem(error: DiscountError) -> str:
    if error.reason == DiscountProblem.CODE_EXISTS:
        return _("The code %(code)s already exists here.", code=error.code)
    # One answer for every code that cannot be used here, whether it does not exist, has
    # expired or is used up: the answer must not tell a guesser which codes exist.
    unusable = _(
        "That code cannot be used for this workshop. Check it with whoever gave it to you."
    )
    return {
        DiscountProblem.UNKNOWN: unusable,
        DiscountProblem.EXPIRED: unusable,
        DiscountProblem.USED_UP: unusable,
        DiscountProblem.JUST_USED_UP: unusable,
        DiscountProblem.ONE_SCOPE: _("A code belongs to one workshop or one network."),
        DiscountProblem.ONE_KIND: _("Give either a percentage or an amount off, not both."),
    }[error.reason]


def discount_label(code: DiscountCode) -> str:
    """ "50% off", "$25.00 off"."""
    if code.percent_off is not None:
        return _("%(percent)s%% off", percent=code.percent_off)
    return _("%(amount)s off", amount=format_amount(code.amount_off_cents or 0))


def _is_purchase_order(registration: Registration) -> bool:
    return registration.payment_method == PaymentMethod.PURCHASE_ORDER and bool(
        registration.po_number.strip()
    )


def offline_recorded(record: OfflineRecord, registration: Registration) -> Flash:
    """What an admin's record of money moving outside the portal did."""
    name = registration.user.name
    if _is_purchase_order(registration):
        po = registration.po_number.strip()
        message = {
            OfflineRecord.MARKED_PAID: _(
                "Marked %(name)s's purchase order %(po)s paid.", name=name, po=po
            ),
            OfflineRecord.ALREADY_PAID: _(
                "%(name)s's purchase order %(po)s was already marked paid.", name=name, po=po
            ),
            OfflineRecord.MARKED_REFUNDED: _(
                "Marked %(name)s's purchase order %(po)s refunded.", name=name, po=po
            ),
            OfflineRecord.ALREADY_REFUNDED: _(
                "%(name)s's purchase order %(po)s was already marked refunded.", name=name, po=po
            ),
        }[record]
    else:
        message = {
            OfflineRecord.MARKED_PAID: _(
                "Marked %(name)s's invoice or door payment paid.", name=name
            ),
            OfflineRecord.ALREADY_PAID: _(
                "%(name)s's invoice or door payment was already marked paid.", name=name
            ),
            OfflineRecord.MARKED_REFUNDED: _(
                "Marked %(name)s's invoice or door payment refunded.", name=name
            ),
            OfflineRecord.ALREADY_REFUNDED: _(
                "%(name)s's invoice or door payment was already marked refunded.", name=name
            ),
        }[record]
    return message, "success"


def payment_status_text(row: PaymentRow) -> str:
    """A registration's payment status as the report and the roster show it: a purchase
    order or invoice still on the waitlist owes nothing yet."""
    if row.is_due_once_seated:
        return _("Not due while waitlisted")
    return str(row.payment_status.label)


def cards_off_reason() -> str:
    """Why card payment is off ("" when it is on), in words an admin can act on."""
    missing = stripe_client.missing_settings()
    if not missing:
        return ""
    if len(missing) == 1:
        return _(
            "Card payment is off because %(setting)s is not set in the server's environment."
            " Educators can still use purchase orders and sponsored codes; ask your operator"
            " to add the Stripe keys to take cards.",
            setting=missing[0],
        )
    return _(
        "Card payment is off because %(first)s and %(second)s are not set in the server's"
        " environment. Educators can still use purchase orders and sponsored codes; ask your"
        " operator to add the Stripe keys to take cards.",
        first=missing[0],
        second=missing[1],
    )


# --- cancelling a workshop (the admin's pages) -------------------------------------------


def admin_card_refunds_paused(count: int) -> str:
    return ngettext(
        "Card refunds are paused right now (the Stripe keys are not set): %(num)s card"
        " payment will be refunded in full automatically as soon as card payments are back"
        " on, whatever the refund deadline, and each educator will be emailed then.",
        "Card refunds are paused right now (the Stripe keys are not set): %(num)s card"
        " payments will be refunded in full automatically as soon as card payments are back"
        " on, whatever the refund deadline, and each educator will be emailed then.",
        count,
    )


def card_refunds_preview(preview: CardRefundsPreview | None) -> str:
    """What cancelling the workshop would do to its card payments ("" if it has none)."""
    if preview is None:
        return ""
    if preview.paused:
        return admin_card_refunds_paused(preview.paid)
    if preview.paid <= preview.at_once:
        return ngettext(
            "%(num)s card payment will be refunded in full at once, whatever the refund deadline.",
            "%(num)s card payments will be refunded in full at once, whatever the refund deadline.",
            preview.paid,
        )
    return ngettext(
        "%(num)s card payment will be refunded in full, whatever the refund deadline:"
        " %(at_once)s at once, the rest within a few minutes.",
        "%(num)s card payments will be refunded in full, whatever the refund deadline:"
        " %(at_once)s at once, the rest within a few minutes.",
        preview.paid,
        at_once=preview.at_once,
    )


def workshop_cancelled(done: WorkshopCancellation) -> Flash:
    """What cancelling a workshop did: registrations, card refunds, office refunds."""
    sentences = [_("Workshop cancelled.")]
    if done.registrations:
        sentences.append(
            ngettext(
                "%(num)s registration cancelled; each person is told.",
                "%(num)s registrations cancelled; each person is told.",
                done.registrations,
            )
        )
    sentences += _card_refunds(done.refunds)
    if done.refunds.office:
        sentences.append(
            ngettext(
                "%(num)s purchase order or invoice already paid must be refunded by the"
                " network office: see the payment report.",
                "%(num)s purchase orders or invoices already paid must be refunded by the"
                " network office: see the payment report.",
                done.refunds.office,
            )
        )
    return " ".join(sentences), "success"


def _card_refunds(refunds: WorkshopRefunds) -> list[str]:
    if refunds.paused:
        return [admin_card_refunds_paused(refunds.paused)]
    said = []
    if refunds.refunded:
        said.append(
            ngettext(
                "%(num)s card payment refunded in full.",
                "%(num)s card payments refunded in full.",
                refunds.refunded,
            )
        )
    if not refunds.left:
        return said
    if refunds.failed and refunds.refunded:
        rest = ngettext(
            "Stripe could not be reached just now, so %(num)s more card payment will be"
            " refunded automatically when it answers; each educator is emailed when theirs"
            " goes through.",
            "Stripe could not be reached just now, so %(num)s more card payments will be"
            " refunded automatically when it answers; each educator is emailed when theirs"
            " goes through.",
            refunds.left,
        )
    elif refunds.failed:
        rest = ngettext(
            "Stripe could not be reached just now, so %(num)s card payment will be refunded"
            " automatically when it answers; each educator is emailed when theirs goes"
            " through.",
            "Stripe could not be reached just now, so %(num)s card payments will be refunded"
            " automatically when it answers; each educator is emailed when theirs goes"
            " through.",
            refunds.left,
        )
    elif refunds.refunded:
        rest = ngettext(
            "%(num)s more card payment will be refunded within a few minutes; each educator"
            " is emailed when theirs goes through.",
            "%(num)s more card payments will be refunded within a few minutes; each educator"
            " is emailed when theirs goes through.",
            refunds.left,
        )
    else:
        rest = ngettext(
            "%(num)s card payment will be refunded within a few minutes; each educator is"
            " emailed when theirs goes through.",
            "%(num)s card payments will be refunded within a few minutes; each educator is"
            " emailed when theirs goes through.",
            refunds.left,
        )
    return [*said, rest]
