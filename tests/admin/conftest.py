"""Fixtures of the admin area: a network with its admin, another network's admin."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from pdportal.models import Network, User


@dataclass
class People:
    network: Network
    admin: User
    other_network: Network
    other_admin: User
    educator: User
    site_admin: User

    def by_role(self, role: str) -> User | None:
        return None if role == "anonymous" else getattr(self, role)


@pytest.fixture
def people(make_network: Callable[..., Network], make_user: Callable[..., User]) -> People:
    network = make_network("Puget Sound STEM Network", slug="puget-sound")
    other = make_network("Central Oregon STEM Hub", slug="central-oregon")
    return People(
        network=network,
        admin=make_user("admin@psesd.example", "Nadia Admin", admin_of=network),
        other_network=other,
        other_admin=make_user("admin@cohub.example", "Omar Other", admin_of=other),
        educator=make_user("teacher@school.example", "Tess Teacher"),
        site_admin=make_user("ops@pdportal.example", "Sam Site", is_site_admin=True),
    )
