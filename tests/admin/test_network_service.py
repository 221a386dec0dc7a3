"""Network and user rules, called on the service directly."""

from __future__ import annotations

import pytest

from pdportal.services.workshops import networks
from pdportal.services.workshops.networks import NetworkDetails, NetworkError, NetworkProblem


def test_a_network_needs_a_known_time_zone(people):
    with pytest.raises(NetworkError) as caught:
        networks.create_network(NetworkDetails("Hub", "hub", time_zone="Pacific Time"))
    assert (caught.value.reason, caught.value.field) == (
        NetworkProblem.UNKNOWN_TIME_ZONE,
        "time_zone",
    )
    network = networks.create_network(NetworkDetails(" Hub ", "Hub", time_zone="America/Regina"))
    assert (network.name, network.slug, network.time_zone) == ("Hub", "hub", "America/Regina")


@pytest.mark.parametrize("slug", ["puget-sound", "new", "has space"])
def test_network_slugs_are_unique_and_well_formed(people, slug):
    with pytest.raises(NetworkError) as caught:
        networks.create_network(NetworkDetails("Hub", slug))
    assert caught.value.field == "slug"


def test_a_network_may_keep_its_own_slug(people):
    details = NetworkDetails.of(people.network)
    details.provider_number = "WA-121"
    networks.update_network(people.network, details)
    assert people.network.provider_number == "WA-121"


def test_admins_are_added_once_by_email(people):
    assert networks.add_network_admin(people.network, "TEACHER@school.example") == people.educator
    with pytest.raises(NetworkError) as caught:
        networks.add_network_admin(people.network, "teacher@school.example")
    assert (caught.value.reason, caught.value.field) == (NetworkProblem.ALREADY_ADMIN, "email")
    assert caught.value.values == {"name": "Tess Teacher"}
    networks.remove_network_admin(people.network, people.educator)
    with pytest.raises(NetworkError) as caught:
        networks.remove_network_admin(people.network, people.educator)
    assert caught.value.reason == NetworkProblem.NOT_ADMIN


def test_an_unknown_email_is_refused_on_the_email_field(people):
    with pytest.raises(NetworkError) as caught:
        networks.add_network_admin(people.network, "nobody@example.org")
    assert (caught.value.reason, caught.value.field) == (NetworkProblem.NO_ACCOUNT, "email")


def test_search_treats_wildcards_literally(people, make_user):
    make_user("percent@example.org", "100% Teacher")
    assert [u.name for u in networks.search_users("100%").items] == ["100% Teacher"]
    assert networks.search_users("%").total == 1
    assert networks.search_users("").total == 5


def test_user_rows_carry_roles_and_registration_counts(people, make_workshop):
    make_workshop(network=people.network, facilitators=[people.educator])
    rows = networks.user_rows([people.admin, people.educator])
    assert rows[0].networks == [people.network] and rows[0].registrations == 0
    assert (rows[1].networks, rows[1].facilitated) == ([], 1)


def test_a_site_admin_cannot_revoke_themself(people):
    with pytest.raises(NetworkError) as caught:
        networks.set_site_admin(people.site_admin, False, people.site_admin)
    assert caught.value.reason == NetworkProblem.OWN_SITE_ADMIN_ROLE
    networks.set_site_admin(people.educator, True, people.site_admin)
    assert people.educator.is_site_admin


@pytest.mark.parametrize("name", ["Puget Sound STEM Network", "  puget sound stem NETWORK "])
def test_network_names_are_unique_whatever_their_case(people, name):
    with pytest.raises(NetworkError) as caught:
        networks.create_network(NetworkDetails(name, "another-slug"))
    assert (caught.value.reason, caught.value.field) == (NetworkProblem.NAME_TAKEN, "name")
    assert caught.value.values == {"name": name.strip()}


def test_the_database_refuses_a_name_that_raced_past_the_check(people, monkeypatch):
    monkeypatch.setattr(networks, "_name_taken", lambda name, network: False)
    with pytest.raises(NetworkError) as caught:
        networks.create_network(NetworkDetails("PUGET SOUND STEM NETWORK", "another-slug"))
    assert (caught.value.reason, caught.value.field) == (NetworkProblem.NAME_TAKEN, "name")
    assert caught.value.values == {"name": "PUGET SOUND STEM NETWORK"}
    assert [network.name for network in networks.list_networks()].count(people.network.name) == 1
    assert "another-slug" not in {network.slug for network in networks.list_networks()}


def test_a_network_may_keep_its_own_name(people):
    details = NetworkDetails.of(people.network)
    details.name = "PUGET SOUND STEM NETWORK"
    networks.update_network(people.network, details)
    assert people.network.name == "PUGET SOUND STEM NETWORK"


def test_a_blank_slug_is_made_from_the_name(people):
    assert networks.create_network(NetworkDetails("Région Côte Nord", "")).slug == (
        "region-cote-nord"
    )
    assert networks.create_network(NetworkDetails("Puget Sound", "")).slug == "puget-sound-2"
    assert networks.create_network(NetworkDetails("中文", "")).slug == "network"


def test_every_broken_network_rule_is_reported_at_once(people):
    with pytest.raises(NetworkError) as caught:
        networks.create_network(
            NetworkDetails("Central Oregon STEM Hub", "puget-sound", time_zone="Mars")
        )
    assert [(problem.reason, problem.field) for problem in caught.value.problems] == [
        (NetworkProblem.NAME_TAKEN, "name"),
        (NetworkProblem.SLUG_TAKEN, "slug"),
        (NetworkProblem.UNKNOWN_TIME_ZONE, "time_zone"),
    ]
