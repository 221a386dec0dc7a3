"""Payments: Stripe Checkout (`checkout`), webhook events each applied once (`events`),
refunds (`refunds`), what happens to the fee of a seat given up (`fees`), discount codes
(`discounts`), cancelling with the money handled (`cancellation`), and the payments report
(`reports`). Results are values; the words are the views'."""

from pdportal.services.payments.cancellation import (
    CancelResult,
    WorkshopCancellation,
    refund_for_cancellation,
)
from pdportal.services.payments.checkout import (
    PaymentError,
    PaymentFailure,
    PaymentResult,
    open_checkout,
    pay_by_card,
    pay_by_purchase_order,
    payment_for,
    release_unpaid_hold,
)
from pdportal.services.payments.fees import (
    FeeKind,
    FeeOutcome,
    close_unpaid_offline,
    fee_waived,
    given_up_in_time,
    office_refund_owed,
    refund_deadline,
    refund_quote,
)
from pdportal.services.payments.refunds import mark_refunded, refund_payment

__all__ = [
    "CancelResult",
    "FeeKind",
    "FeeOutcome",
    "PaymentError",
    "PaymentFailure",
    "PaymentResult",
    "WorkshopCancellation",
    "close_unpaid_offline",
    "fee_waived",
    "given_up_in_time",
    "mark_refunded",
    "office_refund_owed",
    "open_checkout",
    "pay_by_card",
    "pay_by_purchase_order",
    "payment_for",
    "refund_deadline",
    "refund_for_cancellation",
    "refund_payment",
    "refund_quote",
    "release_unpaid_hold",
]
