"""Personal pages and exports are never kept by a browser's or a proxy's cache (issue 16)."""

from __future__ import annotations

import pytest

from pdportal.extensions import db
from pdportal.models import NetworkAdmin


@pytest.mark.parametrize(
    "path",
    [
        "/me/registrations",
        "/me/certificates",
        "/me/transcript",
        "/me/transcript.csv",
        "/me/transcript.pdf",
        "/me/calendar",
    ],
)
def test_an_educators_own_pages_and_files_are_private_and_not_stored(client, auth, make_user, path):
    auth.login(make_user())
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"


def test_roster_and_payment_exports_are_private_and_not_stored(
    client, auth, make_user, make_workshop, make_network
):
    admin = make_user("office@example.org")
    workshop = make_workshop()
    db.session.add(NetworkAdmin(user_id=admin.id, network_id=workshop.network_id))
    db.session.commit()
    auth.login(admin)
    for path in (
        f"/facilitate/workshops/{workshop.slug}/roster.csv",
        f"/payments/admin/workshops/{workshop.slug}/payments.csv",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "private, no-store", path


def test_the_public_catalog_may_still_be_cached(client, make_workshop):
    make_workshop()
    response = client.get("/workshops")
    assert "no-store" not in response.headers.get("Cache-Control", "")
