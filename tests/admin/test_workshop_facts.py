"""The facts on a workshop's admin page read as the catalog does, and true to its status."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from pdportal.models import WorkshopStatus


def fact(page: str, term: str) -> str:
    """The text of the fact named `term`, with its spacing collapsed."""
    found = re.search(rf"<dt>{term}</dt>\s*<dd>(.*?)</dd>", page, re.S)
    assert found, f"no {term} on the page"
    return " ".join(found.group(1).split())


def admin_page(client, auth, people, workshop) -> str:
    auth.login(people.admin)
    return client.get(f"/admin/workshops/{workshop.slug}").get_data(as_text=True)


def test_a_draft_is_not_open_for_registration(client, auth, people, make_workshop):
    workshop = make_workshop(network=people.network, status=WorkshopStatus.DRAFT)
    registration = fact(admin_page(client, auth, people, workshop), "Registration")
    assert registration.startswith("Opens when published;")
    assert "open now" not in registration.lower()


def test_a_draft_with_an_opening_time_gives_it(client, auth, people, make_workshop):
    opens = datetime(datetime.now(UTC).year + 1, 1, 5, 16, 0, tzinfo=UTC)
    workshop = make_workshop(
        network=people.network, status=WorkshopStatus.DRAFT, registration_opens_at=opens
    )
    registration = fact(admin_page(client, auth, people, workshop), "Registration")
    assert registration.startswith("Opens ")
    assert "8:00 AM PST if published by then, else when published;" in registration
    assert "open now" not in registration.lower()


def test_a_published_workshop_without_an_opening_time_is_open(client, auth, people, make_workshop):
    workshop = make_workshop(network=people.network)
    assert fact(admin_page(client, auth, people, workshop), "Registration").startswith("Open now;")


def test_a_cancelled_workshop_is_closed_for_registration(client, auth, people, make_workshop):
    workshop = make_workshop(
        network=people.network, status=WorkshopStatus.CANCELLED, cancelled_reason="Snow."
    )
    registration = fact(admin_page(client, auth, people, workshop), "Registration")
    assert registration == "Closed: the workshop is cancelled"


@pytest.mark.parametrize(
    ("hours", "shown"),
    [(Decimal("3.00"), "3 hours"), (Decimal("1.50"), "1.5 hours"), (Decimal("1"), "1 hour")],
)
def test_credit_hours_read_as_in_the_catalog(client, auth, people, make_workshop, hours, shown):
    workshop = make_workshop(network=people.network, credit_hours=hours)
    credit = fact(admin_page(client, auth, people, workshop), "Credit")
    assert credit.startswith(f"{shown},")
    assert ".00" not in credit and ".50" not in credit
