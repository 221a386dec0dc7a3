"""/me/registrations: live sessions only, and a cancellation said once."""

from __future__ import annotations

import html

from pdportal.extensions import db
from pdportal.services import registration


def test_a_cancelled_session_is_not_counted(client, auth, make_user, make_workshop, enrol):
    educator = make_user()
    workshop = make_workshop("Three meetings", sessions=3)
    enrol(educator, workshop)
    workshop.sessions[1].is_cancelled = True
    db.session.commit()
    auth.login(educator)

    page = client.get("/me/registrations").get_data(as_text=True)

    assert "(2 sessions)" in page and "3 sessions" not in page


def test_a_cancellation_by_the_educator_is_said_once(client, auth, make_user, make_workshop, enrol):
    educator = make_user()
    workshop = make_workshop("Given up")
    mine = enrol(educator, workshop)
    registration.cancel_registration(mine, educator, "")
    auth.login(educator)

    page = html.unescape(client.get("/me/registrations").get_data(as_text=True))

    assert "Cancelled by you on " in page
    assert "Cancelled by the educator" not in page
