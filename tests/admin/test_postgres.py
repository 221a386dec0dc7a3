"""The admin services' queries on PostgreSQL (aware times, grouped counts, escaped search)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from werkzeug.security import generate_password_hash

from pdportal.extensions import db
from pdportal.models import User, WorkshopStatus
from pdportal.services import registration, workshops
from pdportal.services.reports import dashboard as admin_dashboard
from pdportal.services.workshops import networks
from pdportal.services.workshops.editing import WorkshopDetails
from pdportal.services.workshops.networks import NetworkDetails

pytestmark = pytest.mark.postgres
NEXT_YEAR = date.today().year + 1
# US clocks fall back at 2 am on the first Sunday of November.
FALL_BACK = next(d for d in (date(NEXT_YEAR, 11, n) for n in range(1, 8)) if d.weekday() == 6)


def test_workshop_life_cycle_and_dashboard_on_postgresql(pg_app):
    def person(email: str, name: str) -> User:
        user = User(
            email=email,
            name=name,
            password_hash=generate_password_hash("x", method="pbkdf2:sha256:1000"),
            email_verified_at=datetime.now(UTC),
        )
        db.session.add(user)
        db.session.commit()
        return user

    network = networks.create_network(
        NetworkDetails("Chicago STEM", "chicago", time_zone="America/Chicago")
    )
    admin = person("admin@chi.example", "100% Admin")
    networks.add_network_admin(network, admin.email)
    workshop = workshops.create_workshop(network, WorkshopDetails(title="Fractions", capacity=1))
    workshops.add_session(workshop, FALL_BACK, time(9), time(12))
    assert workshop.starts_at == datetime.combine(FALL_BACK, time(15), UTC)  # 9 am CST
    workshops.publish_workshop(workshop)
    copy = workshops.duplicate_workshop(workshop, weeks=1)
    registration.register(person("t@chi.example", "Teacher"), workshop)

    board = admin_dashboard.build([network.id])
    assert [w.slug for w in board.drafts] == [copy.slug]
    assert board.counts[workshop.id] == {"confirmed": 1}
    assert [u.name for u in networks.search_users("100%").items] == ["100% Admin"]
    assert networks.user_rows([admin])[0].networks == [network]

    workshops.cancel_workshop(workshop, admin, "Snow day")
    assert workshop.status == WorkshopStatus.CANCELLED
