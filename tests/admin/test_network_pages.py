"""Site administration through HTTP: networks, their admins, users."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from pdportal.models import Network, NetworkAdmin
from pdportal.services import registration
from pdportal.services.workshops import networks


def network_form(**overrides):
    data = {
        "name": "Inland Northwest STEM",
        "slug": "inland-nw",
        "backbone_organisation": "NEWESD 101",
        "time_zone": "America/Los_Angeles",
        "time_zone_other": "",
        "contact_email": "stem@newesd.example",
        "website": "https://newesd.example/stem",
        "provider_name": "NEWESD 101",
        "provider_number": "WA-101",
        "provider_designee": "Pat Designee",
    }
    data.update(overrides)
    return data


def count_networks(db) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(Network.id)))


def test_site_admin_creates_a_network(client, auth, db, people):
    auth.login(people.site_admin)
    response = client.post("/admin/networks/new", data=network_form())
    assert response.status_code == 302
    network = db.session.scalar(select(Network).where(Network.slug == "inland-nw"))
    assert (network.backbone_organisation, network.provider_number) == ("NEWESD 101", "WA-101")
    assert "Inland Northwest STEM" in client.get("/admin/networks").get_data(as_text=True)


def test_any_iana_zone_may_be_typed_as_other(client, auth, db, people):
    auth.login(people.site_admin)
    client.post(
        "/admin/networks/new",
        data=network_form(time_zone="other", time_zone_other="America/Regina"),
    )
    assert db.session.scalar(select(Network.time_zone).where(Network.slug == "inland-nw")) == (
        "America/Regina"
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"time_zone": "other", "time_zone_other": "Mars/Olympus"}, "Not a time zone we know"),
        ({"slug": "puget-sound"}, "Another network already uses this slug."),
        ({"slug": "Not A Slug"}, "lower-case letters"),
        ({"name": ""}, "Give the network a name."),
        ({"contact_email": "nope"}, "Enter an email address."),
    ],
)
def test_bad_network_input_is_explained_and_nothing_is_created(
    client, auth, db, people, overrides, message
):
    auth.login(people.site_admin)
    before = count_networks(db)
    response = client.post("/admin/networks/new", data=network_form(**overrides))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert count_networks(db) == before


def test_editing_a_network_keeps_bad_input_out(client, auth, db, people):
    auth.login(people.site_admin)
    path = f"/admin/networks/{people.network.slug}"
    page = client.get(path).get_data(as_text=True)
    assert 'value="Puget Sound STEM Network"' in page
    client.post(path, data=network_form(slug="puget-sound", time_zone="other"))
    db.session.expire_all()
    assert people.network.name == "Puget Sound STEM Network"
    client.post(path, data=network_form(slug="puget-sound", time_zone="America/Chicago"))
    db.session.expire_all()
    assert (people.network.name, people.network.time_zone) == (
        "Inland Northwest STEM",
        "America/Chicago",
    )


def test_site_admin_adds_and_removes_network_admins(client, auth, db, people):
    auth.login(people.site_admin)
    base = f"/admin/networks/{people.network.slug}/admins"
    response = client.post(base, data={"email": "ghost@example.org"})
    assert response.status_code == 400
    assert "ask them to sign up first" in response.get_data(as_text=True)
    client.post(base, data={"email": people.educator.email, "confirmed": "1"})
    assert people.educator in networks.network_admins(people.network)
    client.post(f"{base}/{people.educator.id}/remove", data={"confirmed": "1"})
    db.session.expire_all()
    assert people.educator not in networks.network_admins(people.network)
    assert db.session.scalar(select(func.count(NetworkAdmin.id))) == 2


def test_user_search_finds_by_name_or_email_and_shows_roles_not_demographics(
    client, auth, db, people, make_workshop, make_user
):
    private = make_user("maria@school.example", "María Ortiz", gender="Woman-identifying")
    private.race_ethnicity = ["hispanic_latino"]
    db.session.commit()
    registration.register(private, make_workshop(network=people.network))
    auth.login(people.site_admin)
    page = client.get("/admin/users?q=ortiz").get_data(as_text=True)
    assert "María Ortiz" in page and "maria@school.example" in page
    assert "Tess Teacher" not in page
    assert "<td>1</td>" in page  # one registration
    assert "Woman-identifying" not in page and "Hispanic" not in page
    page = client.get("/admin/users?q=PSESD").get_data(as_text=True)
    assert "Nadia Admin" in page and "Admin of Puget Sound STEM Network" in page


def test_user_search_is_paginated(client, auth, people, make_user):
    for number in range(30):
        make_user(f"paged{number}@example.org", f"Paged Person {number:02d}")
    auth.login(people.site_admin)
    first = client.get("/admin/users?q=paged").get_data(as_text=True)
    assert "Page 1 of 2" in first and "Paged Person 29" not in first
    second = client.get("/admin/users?q=paged&page=2").get_data(as_text=True)
    assert "Paged Person 29" in second
    assert client.get("/admin/users?q=paged&page=99999999999999999999").status_code == 200


def test_site_admin_grants_and_revokes_site_admin_but_not_their_own(client, auth, db, people):
    auth.login(people.site_admin)
    client.post(
        f"/admin/users/{people.educator.id}/site-admin", data={"grant": "1", "confirmed": "1"}
    )
    db.session.expire_all()
    assert people.educator.is_site_admin
    client.post(
        f"/admin/users/{people.educator.id}/site-admin", data={"grant": "0", "confirmed": "1"}
    )
    db.session.expire_all()
    assert not people.educator.is_site_admin
    response = client.post(
        f"/admin/users/{people.site_admin.id}/site-admin",
        data={"grant": "0", "confirmed": "1"},
        follow_redirects=True,
    )
    assert "cannot remove your own site-admin role" in response.get_data(as_text=True)
    db.session.expire_all()
    assert people.site_admin.is_site_admin


def test_a_duplicate_name_is_refused_and_a_blank_slug_is_made(client, auth, db, people):
    auth.login(people.site_admin)
    response = client.post(
        "/admin/networks/new", data=network_form(name="central oregon stem hub", slug="")
    )
    page = response.get_data(as_text=True)
    assert 'id="name-error"' in page and "Another network is already called" in page
    assert 'id="slug-error"' not in page
    response = client.post("/admin/networks/new", data=network_form(slug=""))
    assert response.status_code == 302
    assert db.session.scalar(
        select(Network.slug).where(Network.name == "Inland Northwest STEM")
    ) == ("inland-northwest-stem")
