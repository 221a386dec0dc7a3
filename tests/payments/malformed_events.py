"""Well-signed Stripe events the webhook must refuse (400, nothing stored) or ignore (200).

Each case spoils a paid Checkout Session's event for the held seat under test: `spoil`
takes the Webhooks helper and the paid session and returns the JSON body to sign.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from tests.payments.conftest import Webhooks

Spoil = Callable[[Webhooks, dict[str, Any]], Any]
HUGE = 10**30


def _completed(webhooks: Webhooks, session: dict[str, Any], **changes: Any) -> dict[str, Any]:
    event = webhooks.event("checkout.session.completed", copy.deepcopy(session))
    event.update(changes)
    return event


def _session(**changes: Any) -> Spoil:
    def spoil(webhooks: Webhooks, session: dict[str, Any]) -> dict[str, Any]:
        return webhooks.event("checkout.session.completed", {**session, **changes})

    return spoil


def _new_session(**changes: Any) -> Spoil:
    """A session we never stored: its payment would be created from the event's facts."""

    def spoil(webhooks: Webhooks, session: dict[str, Any]) -> dict[str, Any]:
        return webhooks.event(
            "checkout.session.completed",
            {**session, "id": "cs_test_never_stored", "payment_intent": "pi_new", **changes},
        )

    return spoil


def _charge(**changes: Any) -> Spoil:
    def spoil(webhooks: Webhooks, session: dict[str, Any]) -> dict[str, Any]:
        return webhooks.event("charge.refunded", {**webhooks.charge(session), **changes})

    return spoil


def _without(*keys: str) -> Spoil:
    def spoil(webhooks: Webhooks, session: dict[str, Any]) -> dict[str, Any]:
        event = _completed(webhooks, session)
        for key in keys:
            event.pop(key)
        return event

    return spoil


def _envelope(**changes: Any) -> Spoil:
    return lambda webhooks, session: _completed(webhooks, session, **changes)


def _object_is(value: Any) -> Spoil:
    def spoil(webhooks: Webhooks, session: dict[str, Any]) -> dict[str, Any]:
        event = _completed(webhooks, session)
        event["data"]["object"] = value(session) if callable(value) else value
        return event

    return spoil


REFUSED = [
    pytest.param(lambda webhooks, session: [session], id="event-is-a-list"),
    pytest.param(lambda webhooks, session: None, id="event-is-null"),
    pytest.param(_object_is(lambda session: [session]), id="object-is-a-list"),
    pytest.param(_object_is("cs_test"), id="object-is-a-string"),
    pytest.param(_object_is(None), id="object-is-null"),
    pytest.param(_envelope(data=[]), id="data-is-a-list"),
    pytest.param(_without("data"), id="no-data"),
    pytest.param(_without("id"), id="no-id"),
    pytest.param(_envelope(id=None), id="id-null"),
    pytest.param(_envelope(id=42), id="id-a-number"),
    pytest.param(_envelope(id=""), id="id-empty"),
    pytest.param(_envelope(id="evt_" + "x" * 252), id="id-256-characters"),
    pytest.param(_envelope(id="evt_\x00nul"), id="id-with-nul"),
    pytest.param(_without("type"), id="no-type"),
    pytest.param(_envelope(type=["checkout.session.completed"]), id="type-a-list"),
    pytest.param(_envelope(type="checkout." + "x" * 100), id="type-too-long"),
    pytest.param(_session(amount_total="lots"), id="amount-total-not-a-number"),
    pytest.param(_session(amount_total=HUGE), id="amount-total-huge"),
    pytest.param(_session(amount_total=-1), id="amount-total-negative"),
    pytest.param(_session(amount_total=125.5), id="amount-total-fraction"),
    pytest.param(_new_session(amount_total="lots"), id="new-session-amount-not-a-number"),
    pytest.param(_new_session(amount_total=HUGE), id="new-session-amount-huge"),
    pytest.param(_new_session(currency="dollars"), id="new-session-currency-too-long"),
    pytest.param(_session(id=None), id="session-without-id"),
    pytest.param(_session(id=["cs_test"]), id="session-id-a-list"),
    pytest.param(_new_session(id="cs_" + "x" * 300), id="session-id-over-255"),
    pytest.param(_session(payment_intent="pi_" + "x" * 300), id="intent-over-255"),
    pytest.param(_session(payment_intent={"id": "pi_1"}), id="intent-an-object"),
    pytest.param(_session(metadata=["registration_id"]), id="metadata-a-list"),
    pytest.param(_new_session(metadata={"registration_id": 7}), id="registration-id-a-number"),
    pytest.param(_charge(amount_refunded="all"), id="refund-amount-not-a-number"),
    pytest.param(_charge(amount_refunded=HUGE), id="refund-amount-huge"),
    pytest.param(_charge(amount=HUGE), id="charge-amount-huge"),
    pytest.param(_charge(payment_intent=["pi_1"]), id="charge-intent-a-list"),
    pytest.param(_charge(payment_intent="pi_" + "x" * 300), id="charge-intent-over-255"),
]

IGNORED = [
    pytest.param(
        lambda webhooks, session: webhooks.event("customer.created", {"id": "cus_1", "x": HUGE}),
        id="unused-type-with-odd-fields",
    ),
    *(
        pytest.param(_new_session(metadata={"registration_id": text}), id=name)
        for name, text in [
            ("no-such-registration", "999999999"),
            ("registration-id-long", "9" * 400),
            ("registration-id-18-digits", "9" * 18),
            ("registration-id-2-31", "2147483648"),
            ("registration-id-superscript", "\u00b2"),
        ]
    ),
    pytest.param(_new_session(metadata=None), id="new-session-without-metadata"),
]


def stored_state(session: Any) -> tuple:
    """Every row a webhook could change: events, payments, registrations, outbox."""
    from sqlalchemy import func, select

    from pdportal.models import OutboxMessage, Payment, Registration, StripeEvent

    session.expire_all()
    return (
        session.execute(select(StripeEvent.event_id, StripeEvent.processed_at)).all(),
        session.execute(
            select(
                Payment.id,
                Payment.checkout_session_id,
                Payment.status,
                Payment.amount_cents,
                Payment.refunded_cents,
                Payment.payment_intent_id,
            ).order_by(Payment.id)
        ).all(),
        session.execute(
            select(Registration.id, Registration.status, Registration.payment_status).order_by(
                Registration.id
            )
        ).all(),
        session.scalar(select(func.count()).select_from(OutboxMessage)),
    )
