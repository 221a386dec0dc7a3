"""Who may reach each admin route: a table of route × role → outcome."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from pdportal.models import Workshop, WorkshopSession

ROLES = ["anonymous", "educator", "other_admin", "admin", "site_admin"]
DENIED = {"educator": 403, "other_admin": 403}

WORKSHOP_GETS = [
    "/admin/workshops/{slug}",
    "/admin/workshops/{slug}/edit",
    "/admin/workshops/{slug}/duplicate",
    "/admin/workshops/{slug}/cancel",
    "/admin/workshops/{slug}/sessions/new",
    "/admin/workshops/{slug}/sessions/{session_id}/edit",
]
WORKSHOP_POSTS = [
    "/admin/workshops/{slug}/edit",
    "/admin/workshops/{slug}/duplicate",
    "/admin/workshops/{slug}/publish",
    "/admin/workshops/{slug}/unpublish",
    "/admin/workshops/{slug}/cancel",
    "/admin/workshops/{slug}/sessions/new",
    "/admin/workshops/{slug}/sessions/{session_id}/edit",
    "/admin/workshops/{slug}/sessions/{session_id}/remove",
    "/admin/workshops/{slug}/facilitators",
    "/admin/workshops/{slug}/facilitators/{user_id}/remove",
]
SITE_GETS = [
    "/admin/networks",
    "/admin/networks/new",
    "/admin/networks/{network}",
    "/admin/users",
    "/admin/audit",
    "/admin/audit.csv",
]
SITE_POSTS = [
    "/admin/networks/new",
    "/admin/networks/{network}",
    "/admin/networks/{network}/admins",
    "/admin/networks/{network}/admins/{user_id}/remove",
    "/admin/users/{user_id}/site-admin",
    "/admin/users/{user_id}/deactivate",
    "/admin/users/{user_id}/reactivate",
]


@pytest.fixture
def target(make_workshop, people):
    workshop = make_workshop(network=people.network, sessions=2, facilitators=[people.educator])
    return {
        "slug": workshop.slug,
        "session_id": workshop.sessions[0].id,
        "user_id": people.educator.id,
        "network": people.network.slug,
    }


def visit(client, auth, people, role, method, path):
    user = people.by_role(role)
    if user is not None:
        auth.login(user)
    data = {
        "reason": "Testing",
        "weeks": "1",
        "email": people.educator.email,
        "grant": "1",
        "confirmed": "1",
    }
    return client.open(path, method=method, data=data if method == "POST" else None)


def snapshot(db):
    return (
        db.session.scalar(select(func.count(Workshop.id))),
        db.session.scalar(select(func.count(WorkshopSession.id))),
        tuple(db.session.execute(select(Workshop.status, Workshop.updated_at)).all()),
    )


def expected(role, allowed_roles):
    if role == "anonymous":
        return "login"
    return "allowed" if role in allowed_roles else 403


def check(response, outcome):
    if outcome == "login":
        assert response.status_code == 302
        assert "/auth/login" in response.headers["Location"]
    elif outcome == 403:
        assert response.status_code == 403
    else:
        assert response.status_code in (200, 302), response.status_code


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", WORKSHOP_GETS)
def test_workshop_pages_are_for_that_networks_admins(client, auth, people, target, role, path):
    response = visit(client, auth, people, role, "GET", path.format(**target))
    check(response, expected(role, {"admin", "site_admin"}))
    if role in {"admin", "site_admin"}:
        assert response.status_code == 200


@pytest.mark.parametrize("role", ["anonymous", "educator", "other_admin"])
@pytest.mark.parametrize("path", WORKSHOP_POSTS)
def test_workshop_actions_by_outsiders_change_nothing(client, auth, db, people, target, role, path):
    before = snapshot(db)
    response = visit(client, auth, people, role, "POST", path.format(**target))
    check(response, expected(role, set()))
    db.session.expire_all()
    assert snapshot(db) == before


@pytest.mark.parametrize("role", ["admin", "site_admin"])
@pytest.mark.parametrize("path", WORKSHOP_POSTS)
def test_workshop_actions_by_its_admins_answer_without_error(
    client, auth, people, target, role, path
):
    response = visit(client, auth, people, role, "POST", path.format(**target))
    assert response.status_code in (200, 302, 400)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", SITE_GETS)
def test_site_pages_are_for_site_admins_only(client, auth, people, target, role, path):
    response = visit(client, auth, people, role, "GET", path.format(**target))
    check(response, expected(role, {"site_admin"}) if role != "admin" else 403)


@pytest.mark.parametrize("role", ["anonymous", "educator", "admin", "other_admin"])
@pytest.mark.parametrize("path", SITE_POSTS)
def test_site_actions_by_others_are_refused(client, auth, db, people, target, role, path):
    response = visit(client, auth, people, role, "POST", path.format(**target))
    check(response, expected(role, set()))
    db.session.expire_all()
    assert not people.educator.is_site_admin


@pytest.mark.parametrize(
    ("role", "outcome"),
    [
        ("anonymous", "login"),
        ("educator", 403),
        ("other_admin", "allowed"),
        ("admin", "allowed"),
        ("site_admin", "allowed"),
    ],
)
def test_dashboard_is_for_admins(client, auth, people, role, outcome):
    check(visit(client, auth, people, role, "GET", "/admin/"), outcome)


@pytest.mark.parametrize(
    ("role", "outcome"),
    [("anonymous", "login"), ("educator", 403), ("admin", "allowed"), ("site_admin", "allowed")],
)
def test_new_workshop_page_is_for_admins(client, auth, people, role, outcome):
    response = visit(client, auth, people, role, "GET", "/admin/workshops/new")
    check(response, outcome)
    if outcome == "allowed":
        assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/admin/workshops/no-such-workshop",
        "/admin/workshops/no-such-workshop/edit",
        "/admin/networks/no-such-network",
    ],
)
def test_unknown_slugs_are_404_before_permissions(client, auth, people, path):
    auth.login(people.educator)
    assert client.get(path).status_code == 404


def test_a_session_of_another_workshop_is_404(client, auth, people, make_workshop, target):
    elsewhere = make_workshop(network=people.network)
    auth.login(people.admin)
    path = f"/admin/workshops/{elsewhere.slug}/sessions/{target['session_id']}/edit"
    assert client.get(path).status_code == 404
