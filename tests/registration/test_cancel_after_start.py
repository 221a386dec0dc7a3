"""An educator may not cancel once the workshop has started (a mutant a review found
alive: nothing failed when the rule was removed); an organiser still may."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pdportal.models import RegistrationStatus
from pdportal.services import registration
from pdportal.services.registration import Refusal, RegistrationError


@pytest.fixture
def under_way(make_workshop):
    began = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=30)
    return make_workshop(starts_at=began)


def test_an_educator_cannot_cancel_once_the_workshop_has_started(under_way, make_user, enrol, db):
    educator = make_user()
    seat = enrol(educator, under_way)
    with pytest.raises(RegistrationError) as refused:
        registration.cancel_registration(seat, educator, "")
    assert refused.value.reason == Refusal.ALREADY_STARTED
    db.session.refresh(seat)
    assert seat.status == RegistrationStatus.CONFIRMED


def test_an_educator_may_cancel_before_it_starts(make_workshop, make_user, enrol):
    workshop = make_workshop()
    educator = make_user()
    seat = enrol(educator, workshop)
    registration.cancel_registration(seat, educator, "")
    assert seat.status == RegistrationStatus.CANCELLED


def test_an_organiser_may_still_cancel_after_the_start(under_way, make_user, enrol):
    seat = enrol(make_user(), under_way)
    admin = make_user(admin_of=under_way.network)
    registration.cancel_registration(seat, admin, "Left the district")
    assert seat.status == RegistrationStatus.CANCELLED
