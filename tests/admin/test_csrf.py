"""State changes in the admin area need the form's anti-forgery token."""

from __future__ import annotations

import re

import pytest

from pdportal.extensions import db as _db
from pdportal.models import WorkshopStatus
from pdportal.services import accounts
from tests.conftest import build_app


@pytest.fixture
def csrf_client(app, sqlite_url):
    """A client of an app on the same database with CSRF protection on, as in production."""
    csrf_app = build_app(sqlite_url, WTF_CSRF_ENABLED=True)
    yield csrf_app.test_client()
    with csrf_app.app_context():
        _db.engine.dispose()


def test_publishing_without_the_token_is_refused(csrf_client, db, people, make_workshop):
    workshop = make_workshop(network=people.network, status=WorkshopStatus.DRAFT)
    with csrf_client.session_transaction() as session:
        session["_user_id"] = accounts.start_session(people.admin).token
    path = f"/admin/workshops/{workshop.slug}"
    assert csrf_client.post(f"{path}/publish").status_code == 400
    db.session.expire_all()
    assert workshop.status == WorkshopStatus.DRAFT

    page = csrf_client.get(path).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert csrf_client.post(f"{path}/publish", data={"csrf_token": token}).status_code == 302
    db.session.rollback()  # end this session's read snapshot; the other app committed
    assert workshop.status == WorkshopStatus.PUBLISHED
