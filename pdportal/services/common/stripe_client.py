"""The app's one `stripe.StripeClient`, built from configuration, and whether cards are on.

Without `STRIPE_SECRET_KEY` and `STRIPE_WEBHOOK_SECRET` the portal still runs: card
payment is off and admins are told why. `STRIPE_API_BASE` points the client at a
local stand-in of the Stripe API (the tests use one).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import stripe
from flask import Flask, current_app

if TYPE_CHECKING:
    from pdportal.models import Payment

EXTENSION_KEY = "pdportal_stripe_client"
LIVE_KEY_PREFIXES = ("sk_live_", "rk_live_")  # secret and restricted live-mode keys
DASHBOARD = "https://dashboard.stripe.com"
_lock = threading.Lock()


REQUIRED_SETTINGS = ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET")


def missing_settings(app: Flask | None = None) -> tuple[str, ...]:
    """The Stripe settings the server lacks: card payment is off while any is missing
    (the payments views say so in words an admin can act on)."""
    config = (app or current_app).config
    return tuple(name for name in REQUIRED_SETTINGS if not config.get(name))


class CardPaymentsDisabled(RuntimeError):
    """Card payment was asked for while Stripe is not configured; `missing` names the
    settings that are not set."""

    def __init__(self, missing: tuple[str, ...]) -> None:
        super().__init__(", ".join(missing))
        self.missing = missing


def card_payments_enabled(app: Flask | None = None) -> bool:
    return not missing_settings(app)


def build_client(app: Flask) -> stripe.StripeClient:
    base = app.config.get("STRIPE_API_BASE")
    return stripe.StripeClient(
        app.config["STRIPE_SECRET_KEY"],
        base_addresses={"api": base} if base else None,
        max_network_retries=2,
    )


def get_client(app: Flask | None = None) -> stripe.StripeClient:
    """The app's client, built on first use and kept in `app.extensions`."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    missing = missing_settings(app)
    if missing:
        raise CardPaymentsDisabled(missing)
    client = app.extensions.get(EXTENSION_KEY)
    if client is None:
        with _lock:
            client = app.extensions.get(EXTENSION_KEY)
            if client is None:
                client = app.extensions[EXTENSION_KEY] = build_client(app)
    return client


def is_live_mode(app: Flask | None = None) -> bool:
    """Whether the secret key is a live-mode key (real money), not a test-mode one."""
    key = (app or current_app).config.get("STRIPE_SECRET_KEY") or ""
    return key.startswith(LIVE_KEY_PREFIXES)


def dashboard_url(payment: Payment | None, app: Flask | None = None) -> str:
    """The payment in Stripe's dashboard, in the mode of our key ("" without a payment
    intent): Stripe shows a live payment under /payments and a test one under /test."""
    if payment is None or not payment.payment_intent_id:
        return ""
    mode = "" if is_live_mode(app) else "/test"
    return f"{DASHBOARD}{mode}/payments/{payment.payment_intent_id}"
