"""A coordinator's group: one locked decision, seats in the order given, the rest
waitlisted, one purchase order, invitations for new staff, the coordinator's summary."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from pdportal import policy
from pdportal.models import (
    PaymentMethod,
    PaymentStatus,
    Registration,
    RegistrationStatus,
    User,
)
from pdportal.services import districts, registration
from pdportal.services.districts import GroupError, GroupRefusal, LineProblem, StaffLine
from pdportal.services.registration import Place


def _lines(count: int, prefix: str = "staff") -> list[StaffLine]:
    return [StaffLine(f"{prefix}{n}@kent.example.org", f"Staff {n}") for n in range(count)]


def test_group_gets_free_seats_in_order_and_the_rest_waitlisted(
    make_coordinator, make_workshop, fill, outbox
):
    coordinator = make_coordinator()
    workshop = make_workshop(capacity=5, network=coordinator.network)
    fill(workshop, 2)
    result = districts.register_staff(coordinator, workshop, _lines(6), "")
    places = [member.place for member in result.places]
    assert places == [Place.CONFIRMED] * 3 + [Place.WAITLISTED] * 3
    assert [member.position for member in result.places[3:]] == [1, 2, 3]
    assert [member.email for member in result.places] == [line.email for line in _lines(6)]
    rows = registration.seat_counts([workshop.id])[workshop.id]
    assert (rows.taken, rows.waitlisted) == (5, 3)
    summary = outbox(coordinator.user.email)[-1]  # after the appointment's
    assert "staff5@kent.example.org" in summary.body_text and "place 3" in summary.body_text
    assert len(outbox("staff0@kent.example.org")) == 2  # the seat email and the invitation


def test_new_staff_get_an_invitation_and_can_set_a_password(
    make_coordinator, make_workshop, outbox
):
    coordinator = make_coordinator()
    workshop = make_workshop(network=coordinator.network)
    districts.register_staff(coordinator, workshop, _lines(1), "")
    from pdportal.services import accounts

    user = accounts.find_user_by_email("staff0@kent.example.org")
    assert districts.is_invited(user)
    invitation = [m for m in outbox(user.email) if "/district/invitation/" in m.body_text][0]
    token = invitation.body_text.split("/district/invitation/")[1].split()[0]
    districts.accept(token, "a long new password 42")
    assert accounts.authenticate(user.email, "a long new password 42") is not None
    with pytest.raises(accounts.AccountError):
        districts.accept(token, "another long password 43")  # the link works once


def test_existing_accounts_are_registered_and_not_invited(
    make_coordinator, make_workshop, make_user, outbox
):
    coordinator = make_coordinator()
    workshop = make_workshop(network=coordinator.network)
    teacher = make_user(email="ada@kent.example.org")
    result = districts.register_staff(coordinator, workshop, [StaffLine(teacher.email, "")], "")
    assert result.places[0].place == Place.CONFIRMED
    assert all("/district/invitation/" not in m.body_text for m in outbox(teacher.email))


def test_already_registered_member_is_left_as_is(make_coordinator, make_workshop, make_user):
    coordinator = make_coordinator()
    workshop = make_workshop(network=coordinator.network)
    teacher = make_user(email="ada@kent.example.org")
    registration.take_seat(teacher, workshop)
    result = districts.register_staff(
        coordinator, workshop, [StaffLine(teacher.email, ""), *_lines(1)], ""
    )
    assert [m.place for m in result.places] == [Place.ALREADY_REGISTERED, Place.CONFIRMED]


def test_paid_workshop_group_shares_one_purchase_order(make_coordinator, make_workshop, db):
    coordinator = make_coordinator()
    workshop = make_workshop(
        network=coordinator.network, price_cents=15000, allows_purchase_order=True, capacity=2
    )
    with pytest.raises(GroupError) as refused:
        districts.register_staff(coordinator, workshop, _lines(3), "  ")
    assert refused.value.reason == GroupRefusal.PO_NUMBER_NEEDED
    result = districts.register_staff(coordinator, workshop, _lines(3), "PO-4411")
    rows = db.session.scalars(
        select(Registration).where(Registration.group_id == result.group_id)
    ).all()
    assert {(r.payment_method, r.po_number, r.amount_cents) for r in rows} == {
        (PaymentMethod.PURCHASE_ORDER, "PO-4411", 15000)
    }
    assert sorted(r.payment_status for r in rows) == [PaymentStatus.DUE] * 3


def test_paid_workshop_without_purchase_orders_refuses_groups(make_coordinator, make_workshop):
    coordinator = make_coordinator()
    workshop = make_workshop(network=coordinator.network, price_cents=1000)
    with pytest.raises(GroupError) as refused:
        districts.register_staff(coordinator, workshop, _lines(1), "PO-1")
    assert refused.value.reason == GroupRefusal.NO_PURCHASE_ORDERS


def test_another_networks_workshop_is_refused(make_coordinator, make_workshop):
    coordinator = make_coordinator()
    with pytest.raises(GroupError) as refused:
        districts.register_staff(coordinator, make_workshop(), _lines(1), "")
    assert refused.value.reason == GroupRefusal.NOT_THIS_NETWORK


def test_new_staff_without_a_name_is_refused_and_nothing_kept(make_coordinator, make_workshop, db):
    coordinator = make_coordinator()
    workshop = make_workshop(network=coordinator.network)
    staff = [*_lines(1), StaffLine("noname@kent.example.org", "")]
    with pytest.raises(GroupError) as refused:
        districts.register_staff(coordinator, workshop, staff, "")
    assert (refused.value.reason, refused.value.email) == (
        GroupRefusal.NAME_NEEDED,
        "noname@kent.example.org",
    )
    assert db.session.scalar(select(User).where(User.email == "staff0@kent.example.org")) is None


def test_closed_workshop_refuses_the_group(make_coordinator, make_workshop):
    from pdportal.models import WorkshopStatus

    coordinator = make_coordinator()
    workshop = make_workshop(network=coordinator.network, status=WorkshopStatus.CANCELLED)
    with pytest.raises(registration.RegistrationError):
        districts.register_staff(coordinator, workshop, _lines(2), "")


def test_no_waitlist_leaves_the_rest_unregistered(make_coordinator, make_workshop):
    coordinator = make_coordinator()
    workshop = make_workshop(network=coordinator.network, capacity=1, has_waitlist=False)
    result = districts.register_staff(coordinator, workshop, _lines(3), "")
    assert [m.place for m in result.places] == [Place.CONFIRMED, Place.FULL, Place.FULL]


def test_coordinator_sees_and_cancels_the_districts_registrations(
    make_coordinator, make_workshop, make_user, fill
):
    coordinator = make_coordinator()
    other = make_coordinator(network=coordinator.network)  # same district, another person
    workshop = make_workshop(network=coordinator.network, capacity=2)
    result = districts.register_staff(other, workshop, _lines(3), "")
    seen = districts.district_registrations(coordinator)
    assert [r.id for r in seen] == [m.registration_id for m in result.places]
    assert policy.can_cancel_for_district(coordinator.user, seen[0])
    elsewhere = make_coordinator(network=coordinator.network, district_name="Auburn SD")
    assert not policy.can_cancel_for_district(elsewhere.user, seen[0])
    registration.cancel_registration(seen[0], coordinator.user, "")
    statuses = [r.status for r in districts.district_registrations(coordinator)]
    assert statuses == [
        RegistrationStatus.CANCELLED,
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.CONFIRMED,  # promoted from the waitlist at once
    ]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_parse_staff_never_fails_and_keeps_order(text):
    staff, bad = districts.parse_staff(text)
    assert len({line.email for line in staff}) == len(staff)
    assert all("@" in line.email for line in staff)
    assert all(problem.problem in LineProblem for problem in bad)


def test_parse_staff_reports_bad_lines_by_number():
    staff, bad = districts.parse_staff("a@x.org, Ann\n\nnot an email\na@x.org\nb@y.org")
    assert [line.email for line in staff] == ["a@x.org", "b@y.org"]
    assert [(b.number, b.problem) for b in bad] == [
        (3, LineProblem.NOT_AN_EMAIL),
        (4, LineProblem.REPEATED),
    ]


def test_the_appointed_coordinator_is_told_where_to_register_staff(make_coordinator, outbox):
    role = make_coordinator()
    (message,) = outbox(role.user.email)
    assert "/district" in message.body_text and "Kent School District" in message.subject


def test_the_coordinator_is_told_when_a_member_is_promoted_or_cancelled(
    make_coordinator, make_workshop, outbox
):
    coordinator = make_coordinator()
    workshop = make_workshop(network=coordinator.network, capacity=1)
    result = districts.register_staff(coordinator, workshop, _lines(2), "")
    seated = districts.district_registrations(coordinator)[0]
    assert seated.id == result.places[0].registration_id
    registration.cancel_registration(seated, seated.user, "")  # the educator cancels
    bodies = [m.body_text for m in outbox(coordinator.user.email)]
    assert any("Staff 0" in body and "is cancelled" in body for body in bodies)
    assert any("Staff 1" in body and "seat is confirmed" in body for body in bodies)
