"""The seat decision and everything that frees a seat, called as services, on SQLite and
on PostgreSQL (where the common decision is one statement: `seat_statement`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from pdportal.extensions import db
from pdportal.models import (
    PaymentMethod,
    PaymentStatus,
    Registration,
    RegistrationStatus,
    WorkshopStatus,
)
from pdportal.services import registration
from pdportal.services.registration import (
    CapacityChange,
    Outcome,
    Refusal,
    RegistrationError,
    waitlist,
)
from tests.conftest import clean_context, recorded_statements


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def app(request):
    """Every test here runs on both databases (the factories build on this app)."""
    session_app = "_session_app" if request.param == "sqlite" else "_pg_session_app"
    with clean_context(request.getfixturevalue(session_app)) as app:
        yield app


def _now() -> datetime:
    return datetime.now(UTC)


def _statuses(workshop) -> list[RegistrationStatus]:
    return list(
        db.session.scalars(
            select(Registration.status)
            .where(Registration.workshop_id == workshop.id)
            .order_by(Registration.id)
        )
    )


def test_free_seat_confirms_and_emails_the_calendar(make_user, make_workshop, outbox):
    educator = make_user()
    workshop = make_workshop(capacity=2)
    result = registration.take_seat(educator, workshop)
    assert result.outcome == Outcome.CONFIRMED
    assert result.registration.status == RegistrationStatus.CONFIRMED
    assert result.registration.confirmed_at is not None
    (email,) = outbox(educator.email)
    assert "registered" in email.subject
    assert workshop.title in email.body_text
    assert email.attachments[0]["content_type"] == "text/calendar"
    assert "BEGIN:VCALENDAR" in email.attachments[0]["content"]


def test_full_workshop_puts_educator_on_waitlist_with_position(
    make_user, make_workshop, fill, outbox
):
    workshop = make_workshop(capacity=2)
    fill(workshop, 3)
    educator = make_user()
    result = registration.take_seat(educator, workshop)
    assert result.registration.status == RegistrationStatus.WAITLISTED
    assert (result.outcome, result.position) == (Outcome.WAITLISTED, 2)
    (email,) = outbox(educator.email)
    assert "waitlist" in email.subject
    assert "number 2" in email.body_text


def test_full_workshop_without_waitlist_says_full_and_keeps_nothing(make_user, make_workshop, fill):
    workshop = make_workshop(capacity=1, has_waitlist=False)
    fill(workshop, 1)
    result = registration.take_seat(make_user(), workshop)
    assert result.registration is None
    assert result.outcome == Outcome.FULL
    assert len(_statuses(workshop)) == 1


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"registration_opens_at": _now() + timedelta(days=1)}, Refusal.NOT_OPEN_YET),
        ({"registration_closes_at": _now() - timedelta(minutes=1)}, Refusal.REGISTRATION_CLOSED),
        ({"status": WorkshopStatus.CANCELLED}, Refusal.WORKSHOP_CANCELLED),
        ({"status": WorkshopStatus.DRAFT}, Refusal.NOT_PUBLISHED),
        ({"starts_at": _now() - timedelta(days=8)}, Refusal.WORKSHOP_OVER),
    ],
)
def test_refusals_change_nothing(make_user, make_workshop, outbox, fields, reason):
    workshop = make_workshop(**fields)
    with pytest.raises(RegistrationError) as refused:
        registration.take_seat(make_user(), workshop)
    assert refused.value.reason == reason
    if reason == Refusal.NOT_OPEN_YET:
        assert refused.value.opens_at == workshop.registration_opens_at
    assert _statuses(workshop) == []
    assert outbox() == []


def test_second_registration_is_refused(make_user, make_workshop):
    educator = make_user()
    workshop = make_workshop()
    registration.take_seat(educator, workshop)
    with pytest.raises(RegistrationError) as refused:
        registration.take_seat(educator, workshop)
    assert refused.value.reason == Refusal.ALREADY_REGISTERED
    assert len(_statuses(workshop)) == 1


def test_double_submit_race_is_answered_already_registered(make_user, make_workshop, monkeypatch):
    educator = make_user()
    workshop = make_workshop()
    registration.take_seat(educator, workshop)
    # As if the locked check missed the first registration: the partial unique index answers.
    counts_only = waitlist.seat_counts_and_own
    monkeypatch.setattr(
        waitlist,
        "seat_counts_and_own",
        lambda workshop_id, user_id, now: (counts_only(workshop_id, user_id, now)[0], False),
    )
    with pytest.raises(RegistrationError) as refused:
        registration.take_seat(educator, workshop)
    assert refused.value.reason == Refusal.ALREADY_REGISTERED
    assert len(_statuses(workshop)) == 1


def test_register_refuses_paid_workshop_and_hold_keeps_seat_30_minutes(make_user, make_workshop):
    workshop = make_workshop(price_cents=4500)
    with pytest.raises(RegistrationError) as refused:
        registration.register(make_user(), workshop)
    assert refused.value.reason == Refusal.HAS_FEE
    result = registration.take_seat(
        make_user(),
        workshop,
        hold=True,
        payment_method=PaymentMethod.CARD,
        payment_status=PaymentStatus.PENDING,
        amount_cents=4500,
    )
    held = result.registration
    assert held.status == RegistrationStatus.HELD
    assert timedelta(minutes=29) < held.hold_expires_at - _now() <= timedelta(minutes=30)
    assert registration.seat_counts([workshop.id])[workshop.id].taken == 1


def test_cancelling_gives_the_seat_to_the_oldest_waitlisted(make_user, make_workshop, fill, outbox):
    workshop = make_workshop(capacity=1)
    first, second, third = fill(workshop, 3)
    result = registration.cancel_registration(first, first.user, "")
    assert result.outcome == Outcome.CANCELLED
    assert db.session.get(Registration, second.id).status == RegistrationStatus.CONFIRMED
    assert db.session.get(Registration, third.id).status == RegistrationStatus.WAITLISTED
    assert "cancelled" in outbox(first.user.email)[-1].subject.lower()
    promoted = outbox(second.user.email)[-1]
    assert "seat opened" in promoted.subject
    assert promoted.attachments


def test_promotion_on_paid_workshop_is_a_30_minute_hold_with_pay_link(
    make_user, make_workshop, outbox
):
    workshop = make_workshop(capacity=1, price_cents=2500)
    first = registration.take_seat(make_user(), workshop, hold=True).registration
    waiting = registration.take_seat(make_user(), workshop, hold=True).registration
    assert waiting.status == RegistrationStatus.WAITLISTED
    registration.release_hold(first.id, "Payment was not completed in time.")
    waiting = db.session.get(Registration, waiting.id)
    assert waiting.status == RegistrationStatus.HELD
    assert waiting.hold_expires_at > _now() + timedelta(minutes=29)
    email = outbox(waiting.user.email)[-1]
    assert f"/payments/registrations/{waiting.id}/pay" in email.body_text
    assert "not completed in time" in outbox(first.user.email)[-1].body_text


def test_purchase_order_waitlister_is_confirmed_with_payment_due(make_user, make_workshop):
    workshop = make_workshop(capacity=1, price_cents=2500)
    first = registration.take_seat(make_user(), workshop, hold=True).registration
    po = registration.take_seat(
        make_user(), workshop, payment_method=PaymentMethod.PURCHASE_ORDER, po_number="PO-7"
    ).registration
    registration.release_hold(first.id, "expired")
    po = db.session.get(Registration, po.id)
    assert po.status == RegistrationStatus.CONFIRMED
    assert po.payment_status == PaymentStatus.DUE


def test_release_hold_is_idempotent(make_user, make_workshop, outbox):
    workshop = make_workshop(price_cents=1000)
    held = registration.take_seat(make_user(), workshop, hold=True).registration
    registration.release_hold(held.id, "expired")
    registration.release_hold(held.id, "expired")
    assert db.session.get(Registration, held.id).status == RegistrationStatus.CANCELLED
    assert len(outbox(held.user.email)) == 1


def test_confirm_paid_confirms_live_hold_once(make_user, make_workshop, outbox):
    workshop = make_workshop(price_cents=1000)
    held = registration.take_seat(make_user(), workshop, hold=True).registration
    assert registration.confirm_paid(held.id) is True
    assert registration.confirm_paid(held.id) is True
    held = db.session.get(Registration, held.id)
    assert held.status == RegistrationStatus.CONFIRMED
    assert held.payment_status == PaymentStatus.PAID
    assert len(outbox(held.user.email)) == 1


def test_confirm_paid_after_release_needs_a_free_seat(make_user, make_workshop):
    workshop = make_workshop(capacity=1, price_cents=1000)
    late = registration.take_seat(make_user(), workshop, hold=True).registration
    registration.release_hold(late.id, "expired")
    assert registration.confirm_paid(late.id) is True  # the seat was still free
    assert db.session.get(Registration, late.id).status == RegistrationStatus.CONFIRMED

    other = make_workshop(capacity=1, price_cents=1000)
    lost = registration.take_seat(make_user(), other, hold=True).registration
    registration.release_hold(lost.id, "expired")
    registration.take_seat(make_user(), other, hold=True)
    assert registration.confirm_paid(lost.id) is False  # caller refunds
    assert db.session.get(Registration, lost.id).status == RegistrationStatus.CANCELLED


def test_expired_hold_frees_its_seat_for_the_waitlist_first(make_user, make_workshop):
    workshop = make_workshop(capacity=1, price_cents=1000)
    held = registration.take_seat(make_user(), workshop, hold=True).registration
    waiting = registration.take_seat(make_user(), workshop, hold=True).registration
    db.session.get(Registration, held.id).hold_expires_at = _now() - timedelta(seconds=1)
    db.session.commit()
    newcomer = registration.take_seat(make_user(), workshop, hold=True).registration
    assert db.session.get(Registration, waiting.id).status == RegistrationStatus.HELD
    assert newcomer.status == RegistrationStatus.WAITLISTED
    assert registration.confirm_paid(held.id) is False
    counts = registration.seat_counts([workshop.id])[workshop.id]
    assert (counts.taken, counts.waitlisted) == (1, 1)


def test_payment_for_an_expired_hold_not_yet_swept_leaves_the_seat_to_the_waitlist(
    make_user, make_workshop
):
    workshop = make_workshop(capacity=1, price_cents=1000)
    late = registration.take_seat(make_user(), workshop, hold=True).registration
    waiting = registration.take_seat(make_user(), workshop, hold=True).registration
    db.session.get(Registration, late.id).hold_expires_at = _now() - timedelta(seconds=1)
    db.session.commit()

    assert registration.confirm_paid(late.id) is False  # caller refunds
    assert db.session.get(Registration, late.id).status == RegistrationStatus.CANCELLED
    assert db.session.get(Registration, waiting.id).status == RegistrationStatus.HELD
    counts = registration.seat_counts([workshop.id])[workshop.id]
    assert (counts.taken, counts.waitlisted) == (1, 0)


def test_walk_in_needs_an_account_and_a_free_seat(make_user, make_workshop, outbox):
    admin = make_user(is_site_admin=True)
    workshop = make_workshop(capacity=1)
    walk_in = make_user(email="walk.in@example.org")
    with pytest.raises(RegistrationError) as refused:
        registration.add_walk_in(workshop, "nobody@example.org", admin)
    assert (refused.value.reason, refused.value.email) == (
        Refusal.NO_ACCOUNT,
        "nobody@example.org",
    )
    result = registration.add_walk_in(workshop, " Walk.In@example.org ", admin)
    assert result.outcome == Outcome.CONFIRMED
    assert result.registration.status == RegistrationStatus.CONFIRMED
    assert outbox(walk_in.email)
    with pytest.raises(RegistrationError) as refused:
        registration.add_walk_in(workshop, make_user().email, admin)
    assert refused.value.reason == Refusal.FULL_FOR_WALK_IN


def test_move_into_seat_only_when_one_is_free(make_user, make_workshop, fill):
    workshop = make_workshop(capacity=1)
    _, first_waiting, second_waiting = fill(workshop, 3)
    with pytest.raises(RegistrationError) as refused:
        registration.move_into_seat(second_waiting)
    assert refused.value.reason == Refusal.NO_FREE_SEAT
    workshop.capacity = 2  # a free seat the waitlist has not taken yet
    db.session.commit()
    result = registration.move_into_seat(second_waiting)
    assert result.registration.status == RegistrationStatus.CONFIRMED
    assert db.session.get(Registration, first_waiting.id).status == RegistrationStatus.WAITLISTED


def test_raising_capacity_promotes_and_lowering_cancels_nobody(make_user, make_workshop, fill):
    workshop = make_workshop(capacity=2)
    fill(workshop, 5)
    change = registration.set_capacity(workshop.id, 4)
    assert change == CapacityChange(capacity=4, taken=2, seated=2, held=0)
    assert _statuses(workshop).count(RegistrationStatus.CONFIRMED) == 4
    change = registration.set_capacity(workshop.id, 1)
    assert change == CapacityChange(capacity=1, taken=4, seated=0, held=0)
    assert change.over_capacity
    assert _statuses(workshop).count(RegistrationStatus.CONFIRMED) == 4
    with pytest.raises(RegistrationError) as refused:
        registration.set_capacity(workshop.id, 0)
    assert refused.value.reason == Refusal.CAPACITY_BELOW_ONE


def test_cancelling_a_workshop_cancels_and_tells_every_registrant(
    make_user, make_workshop, fill, outbox
):
    admin = make_user(is_site_admin=True)
    workshop = make_workshop(capacity=1)
    registrations = fill(workshop, 3)
    workshop.status = WorkshopStatus.CANCELLED
    count = registration.cancel_workshop_registrations(workshop, admin, "The venue flooded.")
    assert count == 3
    assert set(_statuses(workshop)) == {RegistrationStatus.CANCELLED}
    for reg in registrations:
        email = outbox(reg.user.email)[-1]
        assert "Workshop cancelled" in email.subject
        assert "The venue flooded." in email.body_text


def test_seat_counts_is_one_query_for_many_workshops(make_user, make_workshop, fill):
    workshops = [make_workshop(capacity=1) for _ in range(3)]
    fill(workshops[0], 3)
    fill(workshops[1], 1)
    ids = [w.id for w in workshops]
    with recorded_statements() as statements:
        counts = registration.seat_counts(ids)
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1
    assert counts[ids[0]] == registration.SeatCount(taken=1, waitlisted=2)
    assert counts[ids[1]] == registration.SeatCount(taken=1, waitlisted=0)
    assert counts[ids[2]] == registration.SeatCount(taken=0, waitlisted=0)


def test_join_link_is_emailed_only_with_a_seat(make_user, make_workshop, outbox):
    workshop = make_workshop(capacity=1, online_url="https://meet.example.org/secret")
    seated = registration.take_seat(make_user(), workshop).registration
    waiting = registration.take_seat(make_user(), workshop).registration
    assert "https://meet.example.org/secret" in outbox(seated.user.email)[0].body_text
    assert "https://meet.example.org/secret" not in outbox(waiting.user.email)[0].body_text
    registration.cancel_registration(seated, seated.user, "")
    assert "https://meet.example.org/secret" in outbox(waiting.user.email)[-1].body_text
