"""Scholarship and discount codes: amounts, sponsored seats, expiry, uses counted without races."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from pdportal.extensions import db as _db
from pdportal.models import (
    DiscountCode,
    DiscountRedemption,
    PaymentMethod,
    Registration,
    RegistrationStatus,
    User,
)
from pdportal.orm import utcnow
from pdportal.services import payments
from pdportal.services.payments import discounts
from pdportal.services.payments import events as payment_events

# One answer for a code that is unknown, expired, used up or withdrawn (issue 16).
UNUSABLE = "That code cannot be used for this workshop."


def _code(workshop, actor, **fields) -> DiscountCode:
    fields.setdefault("code", "equity50")
    if "amount_off_cents" not in fields:
        fields.setdefault("percent_off", 50)
    return discounts.create_code(actor, workshop=workshop, **fields)


@pytest.fixture
def admin(make_user) -> User:
    return make_user(is_site_admin=True, name="Pat Admin")


def test_percent_code_lowers_the_checkout_amount(
    db, checkout, educator, admin, paid_workshop, stripe_standin
):
    workshop = paid_workshop(price_cents=12500)
    _code(workshop, admin, code="Equity50", percent_off=50)

    held, session = checkout(educator, workshop, code="  equity50 ")  # any case, spaces

    assert session["amount_total"] == 6250
    assert held.amount_cents == 6250
    assert db.session.get(DiscountCode, 1).uses == 1


def test_amount_code_lowers_the_price_and_never_below_zero(admin, paid_workshop):
    workshop = paid_workshop(price_cents=12500)
    _code(workshop, admin, code="TWENTY", amount_off_cents=2000)
    _code(workshop, admin, code="HUGE", amount_off_cents=50000)

    assert discounts.quote(workshop, "twenty").amount_cents == 10500
    huge = discounts.quote(workshop, "huge")
    assert (huge.amount_cents, huge.is_sponsored) == (0, True)


def test_network_code_works_for_every_workshop_of_the_network(admin, paid_workshop):
    workshop = paid_workshop(price_cents=10000)
    discounts.create_code(admin, network=workshop.network, code="REGION", percent_off=10)
    assert discounts.quote(workshop, "region").amount_cents == 9000
    other = paid_workshop(price_cents=10000)  # another network
    with pytest.raises(discounts.DiscountError) as refused:
        discounts.quote(other, "region")
    assert refused.value.reason == discounts.DiscountProblem.UNKNOWN


def test_full_code_gives_a_sponsored_seat_without_payment(
    db, client, auth, educator, admin, paid_workshop, stripe_standin, stripe_app
):
    workshop = paid_workshop()
    _code(workshop, admin, code="SPONSOR", percent_off=100)
    auth.login(educator)

    response = client.post(
        f"/payments/workshops/{workshop.slug}/pay",
        data={"card-code": "sponsor", "card-submit": "1"},
    )

    assert response.status_code == 303
    seat = db.session.scalar(select(Registration).where(Registration.user_id == educator.id))
    assert (seat.status, seat.payment_method, seat.amount_cents) == (
        RegistrationStatus.CONFIRMED,
        PaymentMethod.SPONSORED,
        0,
    )
    assert stripe_standin.requests == []


def test_sponsored_code_works_even_when_card_payment_is_off(
    app, db, educator, admin, paid_workshop
):
    workshop = paid_workshop()
    _code(workshop, admin, code="SPONSOR", percent_off=100)
    result = payments.pay_by_card(educator, workshop, code="SPONSOR")
    assert result.registration.status == RegistrationStatus.CONFIRMED


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"expires_at": utcnow() - timedelta(minutes=1)}, UNUSABLE),
        ({"max_uses": 1, "uses_taken": 1}, UNUSABLE),
        ({"deactivated": True}, UNUSABLE),
    ],
)
def test_unusable_codes_are_refused_next_to_the_field_and_nothing_changes(
    db, client, auth, educator, admin, make_user, paid_workshop, stripe_app, fields, message
):
    workshop = paid_workshop()
    uses_taken = fields.pop("uses_taken", 0)
    deactivated = fields.pop("deactivated", False)
    code = _code(workshop, admin, code="LIMITED", **fields)
    code.uses = uses_taken
    if deactivated:
        discounts.deactivate(code)
    db.session.commit()
    auth.login(educator)

    response = client.post(
        f"/payments/workshops/{workshop.slug}/pay",
        data={"card-code": "limited", "card-submit": "1"},
    )

    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(Registration)) is None


def test_unknown_code_is_refused(db, client, auth, educator, paid_workshop, stripe_app):
    workshop = paid_workshop()
    auth.login(educator)
    response = client.post(
        f"/payments/workshops/{workshop.slug}/pay",
        data={"card-code": "NOPE", "card-submit": "1"},
    )
    assert UNUSABLE in response.get_data(as_text=True)


def test_code_use_is_given_back_when_the_hold_expires_unpaid(
    db, checkout, educator, admin, paid_workshop, stripe_standin
):
    workshop = paid_workshop()
    code = _code(workshop, admin, max_uses=1)
    held, _ = checkout(educator, workshop, code="equity50")
    assert db.session.get(DiscountCode, code.id).uses == 1

    held.hold_expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    payment_events.expire_unpaid_holds(utcnow())

    db.session.expire_all()
    assert db.session.get(DiscountCode, code.id).uses == 0
    assert db.session.scalar(select(DiscountRedemption)).released_at is not None


def test_code_use_is_given_back_when_no_seat_is_kept(
    db, educator, admin, make_user, paid_workshop, stripe_app
):
    workshop = paid_workshop(capacity=1, has_waitlist=False)
    code = _code(workshop, admin, max_uses=5)
    payments.pay_by_card(make_user(), workshop)

    result = payments.pay_by_card(educator, workshop, code="equity50")

    assert result.registration is None
    assert db.session.get(DiscountCode, code.id).uses == 0


def test_duplicate_code_in_the_same_scope_is_refused_case_insensitively(admin, paid_workshop):
    workshop = paid_workshop()
    _code(workshop, admin, code="Teach")
    with pytest.raises(discounts.DiscountError) as refused:
        _code(workshop, admin, code="TEACH")
    assert (refused.value.reason, refused.value.code) == (
        discounts.DiscountProblem.CODE_EXISTS,
        "TEACH",
    )


def _race_for_last_uses(app, workshop_id: int, user_ids: list[int], code: str) -> list[str]:
    """Each thread (its own session) tries to register with the code; returns outcomes."""
    from pdportal.models import Workshop

    outcomes: list[str] = []
    barrier = threading.Barrier(len(user_ids))

    def attempt(user_id: int) -> None:
        with app.app_context():
            user = _db.session.get(User, user_id)
            workshop = _db.session.get(Workshop, workshop_id)
            barrier.wait()
            try:
                result = payments.pay_by_purchase_order(
                    user, workshop, district="D", po_number="1", code=code
                )
                outcomes.append("ok" if result.registration else "none")
            except discounts.DiscountError:
                outcomes.append("used up")
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=attempt, args=(uid,)) for uid in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def _check_race(app, db, make_user, paid_workshop, admin) -> None:
    workshop = paid_workshop(capacity=50, allows_purchase_order=True)
    code = _code(workshop, admin, code="RACE", max_uses=3)
    user_ids = [make_user().id for _ in range(8)]
    workshop_id, code_id = workshop.id, code.id
    db.session.remove()

    outcomes = _race_for_last_uses(app, workshop_id, user_ids, "race")

    assert sorted(outcomes) == ["ok"] * 3 + ["used up"] * 5
    assert db.session.get(DiscountCode, code_id).uses == 3
    discounted = db.session.scalar(
        select(func.count()).select_from(Registration).where(Registration.amount_cents < 12500)
    )
    assert discounted == 3


def test_last_uses_of_a_code_go_to_exactly_max_uses_people_on_sqlite(
    app, db, make_user, paid_workshop, admin
):
    _check_race(app, db, make_user, paid_workshop, admin)


@pytest.mark.postgres
def test_last_uses_of_a_code_go_to_exactly_max_uses_people_on_postgresql(pg_app, pg_factories):
    _check_race(
        pg_app,
        _db,
        pg_factories.make_user,
        pg_factories.paid_workshop,
        pg_factories.make_user(is_site_admin=True),
    )
