"""Discount codes cannot be guessed (issue 16): wrong codes are limited per user and per
address, and every code that cannot be used gets the same answer."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask import Flask

from pdportal.extensions import db, limiter
from pdportal.orm import utcnow
from pdportal.services import accounts
from pdportal.services.payments import discounts
from tests.conftest import build_app


@pytest.fixture
def guarded_app(app: Flask, sqlite_url: str) -> Iterator[Flask]:
    guarded = build_app(sqlite_url, RATELIMIT_ENABLED=True, DISCOUNT_CODE_RATE_LIMIT="3 per minute")
    yield guarded
    with guarded.app_context():
        db.engine.dispose()
    limiter.init_app(app)  # one limiter serves every app in the process


def _signed_in(app: Flask, user, address: str = "10.0.0.1"):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    with client.session_transaction() as session:
        session["_user_id"] = accounts.start_session(user).token
    return client


def _try(client, slug: str, code: str):
    return client.post(
        f"/payments/workshops/{slug}/pay", data={"card-code": code, "card-submit": "1"}
    )


def test_wrong_codes_are_limited_per_user_whatever_the_address(
    guarded_app, make_user, paid_workshop
):
    workshop = paid_workshop()
    guesser = make_user("guesser@example.org")
    statuses = [
        _try(
            _signed_in(guarded_app, guesser, f"10.0.0.{n}"), workshop.slug, f"GUESS{n}"
        ).status_code
        for n in range(4)
    ]
    assert statuses == [422, 422, 422, 429]


def test_wrong_codes_are_limited_per_address_whoever_tries(guarded_app, make_user, paid_workshop):
    workshop = paid_workshop()
    statuses = [
        _try(
            _signed_in(guarded_app, make_user(f"u{n}@example.org")), workshop.slug, "GUESS"
        ).status_code
        for n in range(4)
    ]
    assert statuses == [422, 422, 422, 429]


def test_unknown_expired_and_used_up_codes_get_one_answer(client, auth, make_user, paid_workshop):
    workshop = paid_workshop()
    admin = make_user("office@example.org", is_site_admin=True)
    discounts.create_code(
        admin,
        workshop=workshop,
        code="OLD",
        percent_off=50,
        expires_at=utcnow() - timedelta(days=1),
    )
    used_up = discounts.create_code(
        admin, workshop=workshop, code="GONE", percent_off=50, max_uses=1
    )
    used_up.uses = 1
    db.session.commit()
    auth.login(make_user())
    answers = set()
    for code in ("NOSUCH", "OLD", "GONE"):
        page = _try(client, workshop.slug, code).get_data(as_text=True)
        start = page.index('id="card-code-error"')
        answers.add(page[start : page.index("</p>", start)])
    assert len(answers) == 1
    assert "That code cannot be used for this workshop." in answers.pop()
