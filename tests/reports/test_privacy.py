"""Demographics appear only in aggregates: never on a roster, a roster or payments export,
an admin's list of people, or the JSON API, whoever asks."""

from __future__ import annotations

import pytest

from pdportal.extensions import db
from pdportal.models import (
    AttendanceStatus,
    PaymentMethod,
    PaymentStatus,
    RaceEthnicity,
    Registration,
    RegistrationStatus,
)

GENDER = "Zyxwgender"
SELF_DESCRIBED = "Qvkdescribed"
RACE = RaceEthnicity.PACIFIC_ISLANDER
TELLTALES = [
    GENDER,
    GENDER.lower(),
    SELF_DESCRIBED,
    RACE.value,
    str(RACE.label),
    "race_ethnicity",
    "gender",
]


@pytest.fixture
def workshop(make_workshop, past_workshop, make_user, mark, make_network):
    network = make_network()
    facilitator = make_user(name="Fay Facilitator")
    past = past_workshop(network=network, price_cents=12000, facilitators=[facilitator])
    for index in range(3):
        person = make_user(
            name=f"Person {index}",
            gender=GENDER,
            race_ethnicity=[RACE.value, RaceEthnicity.WHITE.value],
            race_ethnicity_self_described=SELF_DESCRIBED,
        )
        registration = Registration(
            user_id=person.id,
            workshop_id=past.id,
            status=RegistrationStatus.CONFIRMED,
            payment_method=PaymentMethod.PURCHASE_ORDER,
            payment_status=PaymentStatus.DUE,
            amount_cents=12000,
        )
        db.session.add(registration)
        db.session.commit()
        mark(registration, past, [AttendanceStatus.PRESENT] * 2)
    return {
        "workshop": past,
        "facilitator": facilitator,
        "admin": make_user(admin_of=network),
        "site_admin": make_user(is_site_admin=True),
    }


def people_pages(workshop) -> list[str]:
    slug = workshop.slug
    session_id = workshop.sessions[0].id
    return [
        f"/facilitate/workshops/{slug}",
        f"/facilitate/workshops/{slug}/roster",
        f"/facilitate/workshops/{slug}/roster.csv",
        f"/facilitate/sessions/{session_id}",
        f"/facilitate/workshops/{slug}/certificates",
        f"/payments/admin/workshops/{slug}",
        f"/payments/admin/workshops/{slug}/payments.csv",
        f"/payments/admin/networks/{workshop.network.slug}",
        f"/payments/admin/networks/{workshop.network.slug}/payments.csv",
        f"/admin/workshops/{slug}",
        "/admin/users",
        "/admin/reports/directory",
        f"/api/v1/workshops/{slug}",
        "/api/v1/workshops",
        "/api/v1/openapi.json",
    ]


@pytest.mark.parametrize("role", ["facilitator", "admin", "site_admin"])
def test_no_roster_export_or_api_shows_anyones_demographics(client, auth, workshop, role):
    auth.login(workshop[role])
    shown = 0
    for path in people_pages(workshop["workshop"]):
        response = client.get(path)
        assert response.status_code in {200, 403}, path
        if response.status_code != 200:
            continue
        shown += 1
        text = response.get_data(as_text=True)
        assert not [word for word in TELLTALES if word in text], path
    assert shown >= 4  # each role reaches several of them


def test_the_roster_names_the_people_the_test_looks_for(client, auth, workshop):
    """The check above looks at pages that do list these people."""
    auth.login(workshop["site_admin"])
    roster = client.get(f"/facilitate/workshops/{workshop['workshop'].slug}/roster.csv")
    assert "Person 0" in roster.get_data(as_text=True)
