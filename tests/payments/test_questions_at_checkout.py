"""A paid workshop's registration questions are asked on the checkout page and kept in
the seat's own transaction: a required answer missing refuses the checkout, changing
nothing; on PostgreSQL a seat with answers takes the general path, one without them the
one-statement path."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from pdportal.extensions import db as _db
from pdportal.models import (
    QuestionKind,
    Registration,
    RegistrationAnswer,
    RegistrationStatus,
)
from pdportal.services import payments, registration
from pdportal.services.payments import discounts
from pdportal.services.registration import booking, seat_statement


def _pay_url(workshop) -> str:
    return f"/payments/workshops/{workshop.slug}/pay"


def _ask(workshop):
    role = registration.add_question(
        workshop, QuestionKind.SHORT_TEXT, "Your role", [], is_required=True
    )
    sub = registration.add_question(workshop, QuestionKind.YES_NO, "Substitute needed", [])
    return role, sub


def _count(model) -> int:
    return _db.session.scalar(select(func.count()).select_from(model))


def test_the_checkout_page_asks_the_questions_and_a_missing_required_answer_changes_nothing(
    db, client, auth, educator, paid_workshop, stripe_app
):
    workshop = paid_workshop(allows_purchase_order=True)
    role, sub = _ask(workshop)
    auth.login(educator)

    page = client.get(_pay_url(workshop)).get_data(as_text=True)
    assert "Questions from the organisers" in page
    assert f'name="answers-q{role.id}"' in page and f'name="answers-q{sub.id}"' in page

    po = {"po-district": "Tacoma", "po-po_number": "PO-1", "po-submit": "1"}
    for way in (po, {"card-code": "", "card-submit": "1"}):
        response = client.post(_pay_url(workshop), data={**way, f"answers-q{sub.id}": "yes"})
        assert response.status_code == 422
        text = response.get_data(as_text=True)
        assert "Please answer this question." in text
        assert f"answers-q{role.id}-error" in text  # the error is tied to its field
    assert _count(Registration) == 0 and _count(RegistrationAnswer) == 0


def test_a_missing_answer_and_a_missing_purchase_order_show_together(
    db, client, auth, educator, paid_workshop, stripe_app
):
    workshop = paid_workshop(allows_purchase_order=True)
    _ask(workshop)
    auth.login(educator)

    response = client.post(_pay_url(workshop), data={"po-district": "", "po-submit": "1"})

    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Please answer this question." in text
    assert "Enter the school district or organization that pays." in text
    assert _count(Registration) == 0


@pytest.mark.parametrize("way", ["po", "card"])
def test_answers_are_kept_with_the_paid_seat(
    db, client, auth, educator, paid_workshop, stripe_app, way
):
    workshop = paid_workshop(allows_purchase_order=True)
    role, sub = _ask(workshop)
    auth.login(educator)
    data = {f"answers-q{role.id}": " Coach ", f"answers-q{sub.id}": "no"}
    if way == "po":
        data |= {"po-district": "Tacoma", "po-po_number": "PO-1", "po-submit": "1"}
    else:
        data |= {"card-code": "", "card-submit": "1"}

    response = client.post(_pay_url(workshop), data=data)

    assert response.status_code == 303
    seat = db.session.scalar(select(Registration))
    expected = RegistrationStatus.CONFIRMED if way == "po" else RegistrationStatus.HELD
    assert seat.status == expected
    assert registration.answers_for([seat.id]) == {seat.id: {role.id: "Coach", sub.id: False}}


def test_a_seat_not_kept_keeps_no_answers(db, educator, make_user, paid_workshop, stripe_app):
    workshop = paid_workshop(capacity=1, has_waitlist=False, allows_purchase_order=True)
    role, _sub = _ask(workshop)
    payments.pay_by_purchase_order(
        make_user(), workshop, district="D", po_number="1", answers={role.id: "First"}
    )

    result = payments.pay_by_purchase_order(
        educator, workshop, district="D", po_number="2", answers={role.id: "Second"}
    )

    assert result.seat.outcome == registration.Outcome.FULL
    assert _count(Registration) == 1 and _count(RegistrationAnswer) == 1


def test_a_sponsored_seat_keeps_its_answers(db, educator, make_user, paid_workshop, stripe_app):
    workshop = paid_workshop()
    role, _sub = _ask(workshop)
    admin = make_user(is_site_admin=True)
    discounts.create_code(admin, workshop=workshop, code="FULLRIDE", percent_off=100)

    result = payments.pay_by_card(educator, workshop, code="FULLRIDE", answers={role.id: "Aide"})

    assert result.is_sponsored
    seat_id = result.seat.registration_id
    assert registration.answers_for([seat_id]) == {seat_id: {role.id: "Aide"}}


@pytest.mark.postgres
def test_on_postgresql_answers_take_the_general_path_and_no_answers_the_statement(
    pg_stripe_app, pg_factories, monkeypatch
):
    workshop = pg_factories.paid_workshop(capacity=5, allows_purchase_order=True)
    role, _sub = _ask(workshop)
    statement, general = seat_statement.decide, booking.decide_seat
    calls: list[str] = []
    monkeypatch.setattr(
        seat_statement, "decide", lambda *a, **k: calls.append("statement") or statement(*a, **k)
    )
    monkeypatch.setattr(
        booking, "decide_seat", lambda *a, **k: calls.append("general") or general(*a, **k)
    )

    answered = payments.pay_by_card(pg_factories.make_user(), workshop, answers={role.id: "Coach"})
    plain = payments.pay_by_purchase_order(
        pg_factories.make_user(), workshop, district="D", po_number="1"
    )

    assert calls == ["general", "statement"]
    assert answered.registration.status == RegistrationStatus.HELD
    assert plain.registration.status == RegistrationStatus.CONFIRMED
    seat_id = answered.seat.registration_id
    assert registration.answers_for([seat_id]) == {seat_id: {role.id: "Coach"}}
    assert registration.answers_for([plain.seat.registration_id]) == {}
