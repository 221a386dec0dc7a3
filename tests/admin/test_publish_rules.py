"""Publishing: a workshop already under way is refused; a missing join link or venue is flagged."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from pdportal.models import WorkshopFormat, WorkshopSession, WorkshopStatus
from pdportal.services import workshops
from pdportal.services.workshops import MissingPlace, Problem, Published
from pdportal.services.workshops.editing import WorkshopDetails, WorkshopError

NEXT_YEAR = date.today().year + 1
NO_LINK = "Registered educators will see no join link until you add one"
NO_VENUE = "Registered educators will see no venue until you add one"


def draft_on(network, day: date, **fields):
    workshop = workshops.create_workshop(
        network, WorkshopDetails(title="Modeling with Mathematics", **fields)
    )
    workshops.add_session(workshop, day, time(9), time(12))
    return workshop


# --- 1. a workshop whose first session has started is not published -----------------


def test_a_workshop_whose_first_session_has_passed_is_not_published(people):
    workshop = draft_on(people.network, date(2020, 1, 1), venue="ESD 121")
    with pytest.raises(WorkshopError) as caught:
        workshops.publish_workshop(workshop)
    assert caught.value.reason == Problem.PUBLISH_ALREADY_STARTED
    assert caught.value.values == {
        "started_at": datetime(2020, 1, 1, 17, tzinfo=UTC),
        "time_zone": "America/Los_Angeles",
    }
    assert workshop.status == WorkshopStatus.DRAFT


def test_a_cancelled_past_session_does_not_stop_publishing(db, people):
    workshop = draft_on(people.network, date(NEXT_YEAR, 4, 14), venue="ESD 121")
    started = datetime(2020, 1, 1, 17, tzinfo=UTC)
    workshop.sessions.append(
        WorkshopSession(starts_at=started, ends_at=started + timedelta(hours=3), is_cancelled=True)
    )
    db.session.commit()
    workshops.publish_workshop(workshop)
    assert workshop.status == WorkshopStatus.PUBLISHED


def test_publishing_a_past_workshop_on_the_page_says_why_and_keeps_it_out_of_the_catalog(
    client, auth, db, people
):
    workshop = draft_on(people.network, date(2020, 1, 1), venue="ESD 121")
    auth.login(people.admin)
    response = client.post(f"/admin/workshops/{workshop.slug}/publish", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "The first session started Wed Jan 1, 2020 · 9:00 AM PST" in page
    assert "it is now in the catalog" not in page
    assert workshop.status == WorkshopStatus.DRAFT
    catalog = client.get("/workshops").get_data(as_text=True)
    assert "Modeling with Mathematics" not in catalog


def test_a_session_that_began_an_hour_ago_also_stops_publishing(people, make_workshop):
    started = datetime.now(UTC) - timedelta(hours=1)
    workshop = make_workshop(
        network=people.network, status=WorkshopStatus.DRAFT, starts_at=started, venue="ESD 121"
    )
    with pytest.raises(WorkshopError):
        workshops.publish_workshop(workshop)


# --- 2. a missing join link or venue is a reminder, not a refusal -------------------


@pytest.mark.parametrize("workshop_format", [WorkshopFormat.ONLINE, WorkshopFormat.HYBRID])
def test_an_online_workshop_without_a_join_link_is_published_with_a_reminder(
    client, auth, db, people, workshop_format
):
    workshop = draft_on(
        people.network, date(NEXT_YEAR, 4, 14), format=workshop_format, venue="ESD 121"
    )
    auth.login(people.admin)
    page = client.get(f"/admin/workshops/{workshop.slug}").get_data(as_text=True)
    assert NO_LINK in page
    response = client.post(f"/admin/workshops/{workshop.slug}/publish", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert workshop.status == WorkshopStatus.PUBLISHED
    assert "Published: it is now in the catalog." in page
    # once in the flash, once as the page's standing notice
    assert page.count(NO_LINK) == 2
    assert NO_VENUE not in page


def test_the_reminder_goes_once_the_join_link_is_added(client, auth, db, people):
    workshop = draft_on(
        people.network,
        date(NEXT_YEAR, 4, 14),
        format=WorkshopFormat.ONLINE,
        online_url="https://meet.example/stem",
    )
    auth.login(people.admin)
    response = client.post(f"/admin/workshops/{workshop.slug}/publish", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert workshop.status == WorkshopStatus.PUBLISHED
    assert NO_LINK not in page
    assert NO_VENUE not in page


def test_an_in_person_workshop_without_a_venue_is_published_with_a_reminder(
    client, auth, db, people
):
    workshop = draft_on(people.network, date(NEXT_YEAR, 4, 14), format=WorkshopFormat.IN_PERSON)
    assert workshops.publish_workshop(workshop) == Published(missing=(MissingPlace.VENUE,))
    assert workshop.status == WorkshopStatus.PUBLISHED
    auth.login(people.admin)
    page = client.get(f"/admin/workshops/{workshop.slug}").get_data(as_text=True)
    assert NO_VENUE in page


def test_a_location_on_every_session_counts_as_a_venue(people):
    workshop = workshops.create_workshop(
        people.network, WorkshopDetails(title="Modeling with Mathematics")
    )
    workshops.add_session(workshop, date(NEXT_YEAR, 4, 14), time(9), time(12), "Room 4")
    assert workshops.publish_workshop(workshop) == Published(missing=())
