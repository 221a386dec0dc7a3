"""Supervisor approval: the seat is held until the supervisor answers or the deadline;
a decline or an expiry frees it to the waitlist in the same transaction (invariant 3)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from pdportal.models import ApprovalStatus, RegistrationStatus, SupervisorApproval
from pdportal.orm import utcnow
from pdportal.services import registration
from pdportal.services.registration import Answer
from tests.registration.conftest import BOTH_DATABASES, app_on_both_databases

HELD = RegistrationStatus.HELD
CONFIRMED = RegistrationStatus.CONFIRMED
WAITLISTED = RegistrationStatus.WAITLISTED
CANCELLED = RegistrationStatus.CANCELLED


app = pytest.fixture(params=BOTH_DATABASES)(app_on_both_databases)


@pytest.fixture
def approval_workshop(make_workshop):
    return make_workshop(capacity=1, requires_approval=True, approval_days=3)


def _approval(db, registration_id):
    return db.session.query(SupervisorApproval).filter_by(registration_id=registration_id).one()


def _token(outbox, supervisor):
    body = outbox(supervisor)[-1].body_text
    return body.split("/approvals/")[1].split()[0]


def test_registration_holds_the_seat_and_asks_the_supervisor(
    approval_workshop, make_user, db, outbox
):
    educator = make_user(name="Rosa Teacher")
    result = registration.register_with_approval(educator, approval_workshop, "Boss@School.org")
    held = result.registration
    assert held.status == HELD
    approval = _approval(db, held.id)
    assert approval.expires_at == held.hold_expires_at
    assert held.hold_expires_at - utcnow() <= timedelta(days=3)
    view = registration.for_token(_token(outbox, "boss@school.org"))
    assert (view.approval.id, view.educator_name) == (approval.id, "Rosa Teacher")
    assert registration.seat_counts([approval_workshop.id])[approval_workshop.id].taken == 1


def test_approval_confirms_the_held_seat(approval_workshop, make_user, db, outbox):
    educator = make_user()
    held = registration.register_with_approval(educator, approval_workshop, "boss@x.org")
    approval_id = _approval(db, held.registration_id).id
    assert registration.answer(approval_id, True, substitute_needed=True) == Answer.APPROVED
    db.session.expire_all()
    approval = db.session.get(SupervisorApproval, approval_id)
    assert (approval.status, approval.substitute_needed) == (ApprovalStatus.APPROVED, True)
    assert approval.registration.status == CONFIRMED
    assert registration.answer(approval_id, False, False) == Answer.ALREADY_ANSWERED


def test_decline_gives_the_seat_to_the_waitlist_at_once(approval_workshop, make_user, db, outbox):
    first, second = make_user(), make_user()
    held = registration.register_with_approval(first, approval_workshop, "boss@x.org")
    waiting = registration.register_with_approval(second, approval_workshop, "boss2@x.org")
    assert waiting.registration.status == WAITLISTED
    approval_id = _approval(db, held.registration_id).id
    assert registration.answer(approval_id, False, False) == Answer.DECLINED
    db.session.expire_all()
    assert held.registration.status == CANCELLED
    promoted = waiting.registration
    assert promoted.status == HELD  # its own supervisor has not answered yet
    assert promoted.hold_expires_at == _approval(db, promoted.id).expires_at
    assert any("Your supervisor declined" in m.body_text for m in outbox(first.email))
    assert len(outbox(second.email)) == 2  # waitlisted, then promoted


def test_expiry_releases_the_seat_to_the_waitlist_and_tells_everyone(
    approval_workshop, make_user, db, outbox
):
    first, second = make_user(), make_user()
    held = registration.register_with_approval(first, approval_workshop, "boss@x.org")
    waiting = registration.register_with_approval(second, approval_workshop, "boss2@x.org")
    later = utcnow() + timedelta(days=3, minutes=1)
    summary = registration.expire_approvals(later)
    assert summary == "approvals: 2 approvals expired"  # both deadlines passed
    db.session.expire_all()
    assert held.registration.status == CANCELLED
    assert _approval(db, held.registration_id).status == ApprovalStatus.EXPIRED
    assert waiting.registration.status == CANCELLED
    assert any("did not answer in time" in m.body_text for m in outbox(first.email))
    assert any("seat was released" in m.body_text for m in outbox("boss@x.org"))


def test_expiry_promotes_a_waitlisted_educator_at_once(approval_workshop, make_user, db):
    first = make_user()
    held = registration.register_with_approval(first, approval_workshop, "boss@x.org")
    waiting = registration.take_seat(make_user(), approval_workshop)  # approved elsewhere
    assert waiting.registration.status == WAITLISTED
    approval = _approval(db, held.registration_id)
    approval.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    registration.expire_approvals(utcnow())
    db.session.expire_all()
    assert held.registration.status == CANCELLED
    assert waiting.registration.status == CONFIRMED  # no approval pending: confirmed


def test_a_late_answer_expires_the_approval(approval_workshop, make_user, db):
    held = registration.register_with_approval(make_user(), approval_workshop, "boss@x.org")
    approval = _approval(db, held.registration_id)
    approval.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert registration.answer(approval.id, True, False) == Answer.EXPIRED
    db.session.expire_all()
    assert held.registration.status == CANCELLED


def test_a_forged_link_names_no_approval(app):
    assert registration.for_token("not-a-token") is None


def test_the_sweep_expires_an_approval_as_such_not_as_an_unpaid_hold(
    approval_workshop, make_user, db, outbox
):
    from pdportal.services import sweep

    educator = make_user()
    held = registration.register_with_approval(educator, approval_workshop, "boss@x.org")
    summaries = sweep.run(utcnow() + timedelta(days=4))
    assert "approvals: 1 approval expired" in summaries
    db.session.expire_all()
    assert held.registration.cancel_reason == registration.SystemReason.APPROVAL_EXPIRED


@pytest.mark.parametrize(
    ("price_cents", "days", "problems"),
    [
        (0, 5, []),
        (0, 0, ["approval_days"]),
        (0, 61, ["approval_days"]),
        (1500, 5, ["requires_approval"]),
    ],
)
def test_admins_set_approval_for_free_workshops_with_1_to_60_days(
    make_network, price_cents, days, problems
):
    from pdportal.services.workshops.details import WorkshopDetails, details_problems

    details = WorkshopDetails(
        title="Leading Math Discourse",
        requires_approval=True,
        approval_days=days,
        price_cents=price_cents,
    )
    _values, found = details_problems(details, make_network(), None)
    assert [problem.field for problem in found] == problems
