"""District fixtures: a coordinator of a district for a network's workshops."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pdportal.models import DistrictCoordinator, Network, User
from pdportal.services import districts
from tests.registration.conftest import (  # noqa: F401  (fill: a fixture shared with registration)
    BOTH_DATABASES,
    app_on_both_databases,
    fill,
)

app = pytest.fixture(params=BOTH_DATABASES)(app_on_both_databases)


@pytest.fixture
def make_coordinator(
    db, make_user: Callable[..., User], make_network: Callable[..., Network]
) -> Callable[..., DistrictCoordinator]:
    def make(network: Network | None = None, district_name: str = "Kent School District"):
        network = network or make_network()
        user = make_user(name="Casey Coordinator")
        admin = make_user(is_site_admin=True)
        assert districts.appoint(network, user.email, None, district_name, admin) is None
        return districts.roles_of(user)[0]

    return make
