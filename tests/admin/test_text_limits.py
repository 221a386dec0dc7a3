"""Admin text boxes hold what the browser lets through: a line break counts once."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from pdportal.extensions import db
from pdportal.models import Workshop, WorkshopStatus
from pdportal.services import workshops
from pdportal.services.workshops import Problem
from pdportal.services.workshops.editing import WorkshopError
from tests.admin.test_workshop_pages import workshop_form


def typed_with_line_breaks(characters: int, breaks: int) -> str:
    """What a browser sends for text it counts as `characters` long (`maxlength`), with
    `breaks` line breaks: each is sent as CRLF, two characters, but counted as one."""
    letters = characters - breaks
    sizes = [letters // (breaks + 1)] * (breaks + 1)
    sizes[0] += letters - sum(sizes)
    return "\r\n".join("x" * size for size in sizes)


def test_a_cancel_reason_of_500_characters_with_line_breaks_is_accepted(
    client, auth, people, make_workshop
):
    workshop = make_workshop(network=people.network)
    auth.login(people.admin)
    reason = typed_with_line_breaks(500, 5)
    assert len(reason) == 505  # as sent; the browser showed 500 of 500
    form = client.get(f"/admin/workshops/{workshop.slug}/cancel").get_data(as_text=True)
    assert 'maxlength="500"' in form
    response = client.post(f"/admin/workshops/{workshop.slug}/cancel", data={"reason": reason})
    assert response.status_code == 302
    db.session.expire_all()
    assert workshop.status == WorkshopStatus.CANCELLED
    assert workshop.cancelled_reason == reason.replace("\r\n", "\n")


def test_a_cancel_reason_over_500_characters_is_still_refused(client, auth, people, make_workshop):
    workshop = make_workshop(network=people.network)
    auth.login(people.admin)
    response = client.post(
        f"/admin/workshops/{workshop.slug}/cancel", data={"reason": typed_with_line_breaks(501, 5)}
    )
    assert "Keep this to 500 characters or fewer (it has 501)." in response.get_data(as_text=True)
    db.session.expire_all()
    assert workshop.status == WorkshopStatus.PUBLISHED


def test_a_description_of_the_full_length_with_line_breaks_is_accepted(client, auth, people):
    auth.login(people.admin)
    description = typed_with_line_breaks(20_000, 40)
    response = client.post(
        "/admin/workshops/new", data=workshop_form(people.network, description=description)
    )
    assert response.status_code == 302
    workshop = db.session.scalar(select(Workshop))
    assert len(workshop.description) == 20_000


def test_the_service_allows_exactly_500_characters_and_says_so_past_it(people, make_workshop):
    workshop = make_workshop(network=people.network)
    with pytest.raises(WorkshopError) as caught:
        workshops.cancel_workshop(workshop, people.admin, "x" * 501)
    assert (caught.value.reason, caught.value.field) == (Problem.REASON_TOO_LONG, "reason")
    assert caught.value.values == {"limit": 500}
    workshops.cancel_workshop(workshop, people.admin, "x" * 500)
    assert workshop.status == WorkshopStatus.CANCELLED
