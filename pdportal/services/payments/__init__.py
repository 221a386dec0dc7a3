"""Payments: Stripe Checkout, webhook events (each applied once), refunds, purchase
orders and invoices, discount codes, cancelling with the money handled, and the payments
report."""

from pdportal.services.payments.checkout import (
    PaymentError,
    PaymentResult,
    cancelled_fee_note,
    close_unpaid_offline,
    fee_waived,
    given_up_in_time,
    mark_refunded,
    office_refund_owed,
    offline_fee,
    offline_payment_name,
    open_checkout,
    pay_by_card,
    pay_by_purchase_order,
    payment_for,
    refund_deadline,
    refund_for_cancellation,
    refund_payment,
    refund_quote,
    release_unpaid_hold,
)

__all__ = [
    "PaymentError",
    "PaymentResult",
    "cancelled_fee_note",
    "close_unpaid_offline",
    "fee_waived",
    "given_up_in_time",
    "mark_refunded",
    "office_refund_owed",
    "offline_fee",
    "offline_payment_name",
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
