"""Payments fixtures: the Stripe stand-in, an app pointed at it, signed webhooks, paid workshops."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
import stripe
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash

from pdportal.extensions import db as _db
from pdportal.models import Network, User, Workshop, WorkshopSession, WorkshopStatus
from pdportal.orm import utcnow
from pdportal.services.common import stripe_client
from tests.payments.stripe_standin import StandInServer, StripeStandIn

STRIPE_SECRET_KEY = "sk_test_pdportal_standin"
STRIPE_WEBHOOK_SECRET = "whsec_test_pdportal_standin"
STRIPE_KEYS = ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE")
_event_ids = itertools.count(1)


@pytest.fixture(scope="session")
def _stripe_server() -> Iterator[StripeStandIn]:
    with StandInServer(STRIPE_SECRET_KEY) as standin:
        yield standin


@pytest.fixture
def stripe_standin(_stripe_server: StripeStandIn) -> StripeStandIn:
    _stripe_server.reset()
    return _stripe_server


def _with_stripe(app: Flask, standin: StripeStandIn) -> Iterator[Flask]:
    saved = {key: app.config.get(key) for key in STRIPE_KEYS}
    app.config.update(
        STRIPE_SECRET_KEY=STRIPE_SECRET_KEY,
        STRIPE_WEBHOOK_SECRET=STRIPE_WEBHOOK_SECRET,
        STRIPE_API_BASE=standin.base_url,
    )
    app.extensions.pop(stripe_client.EXTENSION_KEY, None)
    yield app
    app.config.update(saved)
    app.extensions.pop(stripe_client.EXTENSION_KEY, None)


@pytest.fixture
def stripe_app(app: Flask, stripe_standin: StripeStandIn) -> Iterator[Flask]:
    """The test app (SQLite) with Stripe keys, talking to the stand-in."""
    yield from _with_stripe(app, stripe_standin)


@pytest.fixture
def pg_stripe_app(pg_app: Flask, stripe_standin: StripeStandIn) -> Iterator[Flask]:
    yield from _with_stripe(pg_app, stripe_standin)


def sign(payload: str, *, secret: str = STRIPE_WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """A Stripe-Signature header, computed exactly as Stripe does (t=…,v1=HMAC-SHA256)."""
    return stripe.WebhookSignature.generate_signature_header(payload, secret, timestamp)


class Webhooks:
    """Builds Stripe events and POSTs them, signed, to the portal's webhook."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    @staticmethod
    def event(event_type: str, obj: dict[str, Any], event_id: str | None = None) -> dict[str, Any]:
        return {
            "id": event_id or f"evt_test_{next(_event_ids):06d}",
            "object": "event",
            "type": event_type,
            "created": int(time.time()),
            "livemode": False,
            "api_version": "2024-06-20",
            "data": {"object": obj},
        }

    def post(
        self,
        event: dict[str, Any],
        *,
        timestamp: int | None = None,
        secret: str = STRIPE_WEBHOOK_SECRET,
        signature: str | None = None,
    ):
        payload = json.dumps(event)
        header = signature
        if header is None:
            header = sign(payload, secret=secret, timestamp=timestamp)
        headers = {"Stripe-Signature": header} if header else {}
        return self.client.post(
            "/payments/stripe/webhook",
            data=payload,
            headers=headers,
            content_type="application/json",
        )

    def send(self, event_type: str, obj: dict[str, Any], event_id: str | None = None):
        response = self.post(self.event(event_type, obj, event_id))
        assert response.status_code == 200, response.get_data(as_text=True)
        return response

    @staticmethod
    def charge(session: dict[str, Any], amount_refunded: int | None = None) -> dict[str, Any]:
        amount = session["amount_total"]
        return {
            "id": f"ch_for_{session['payment_intent']}",
            "object": "charge",
            "payment_intent": session["payment_intent"],
            "amount": amount,
            "amount_refunded": amount if amount_refunded is None else amount_refunded,
            "refunded": amount_refunded in (None, amount),
        }


@pytest.fixture
def webhooks(client: FlaskClient) -> Webhooks:
    return Webhooks(client)


@pytest.fixture
def paid_workshop(make_workshop: Callable[..., Workshop]) -> Callable[..., Workshop]:
    def make(**fields: Any) -> Workshop:
        fields.setdefault("price_cents", 12500)
        return make_workshop(**fields)

    return make


@pytest.fixture
def educator(make_user: Callable[..., User]) -> User:
    return make_user(name="Rosa Educator")


@pytest.fixture
def checkout(stripe_app: Flask, stripe_standin: StripeStandIn):
    """Hold a seat by card: returns (registration, the stand-in's Checkout Session)."""
    from pdportal.services import payments

    def start(user: User, workshop: Workshop, code: str = ""):
        result = payments.pay_by_card(user, workshop, code=code)
        assert result.checkout_url, result.message
        session_id = result.checkout_url.rsplit("/", 1)[1]
        return result.registration, stripe_standin.sessions[session_id]

    return start


class PostgresFactories:
    """Small factories on the PostgreSQL app (the shared ones are bound to the SQLite app)."""

    def __init__(self) -> None:
        self._counter = itertools.count(1)
        self.network = Network(
            name="PG Network", slug="pg-network", time_zone="America/Los_Angeles"
        )
        _db.session.add(self.network)
        _db.session.commit()

    def make_user(self, **fields: Any) -> User:
        n = next(self._counter)
        user = User(
            email=f"pg{n}@example.org",
            name=f"PG Educator {n}",
            password_hash=generate_password_hash("x", method="pbkdf2:sha256:1000"),
            **fields,
        )
        _db.session.add(user)
        _db.session.commit()
        return user

    def paid_workshop(self, **fields: Any) -> Workshop:
        start = (utcnow() + timedelta(days=14)).replace(microsecond=0)
        workshop = Workshop(
            network=self.network,
            slug=f"pg-workshop-{next(self._counter)}",
            title="Teaching with Phenomena",
            price_cents=fields.pop("price_cents", 12500),
            status=WorkshopStatus.PUBLISHED,
            credit_hours=Decimal("3"),
            starts_at=start,
            ends_at=start + timedelta(hours=3),
            **fields,
        )
        workshop.sessions.append(
            WorkshopSession(starts_at=start, ends_at=start + timedelta(hours=3))
        )
        _db.session.add(workshop)
        _db.session.commit()
        return workshop


@pytest.fixture
def pg_factories(pg_app: Flask) -> PostgresFactories:
    return PostgresFactories()
