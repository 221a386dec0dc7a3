"""`flask create-admin EMAIL`."""

from __future__ import annotations

from pdportal.services import accounts
from tests.conftest import TEST_PASSWORD

PASSWORD = "lanterns over the sound"


def test_create_admin_creates_a_site_admin_who_can_log_in(app, client):
    result = app.test_cli_runner().invoke(
        args=["create-admin", "Boss@Example.org", "--name", "Pat Boss", "--password", PASSWORD]
    )
    assert result.exit_code == 0, result.output
    assert "boss@example.org is a site admin." in result.output
    user = accounts.find_user_by_email("boss@example.org")
    assert user.is_site_admin and user.name == "Pat Boss"
    response = client.post("/auth/login", data={"email": "boss@example.org", "password": PASSWORD})
    assert response.status_code == 302


def test_create_admin_promotes_an_existing_educator(app, make_user):
    user = make_user("lead@example.org")
    result = app.test_cli_runner().invoke(
        args=["create-admin", "lead@example.org"], input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    assert accounts.find_user_by_email("lead@example.org").is_site_admin
    assert accounts.authenticate("lead@example.org", TEST_PASSWORD) == user


def test_create_admin_refuses_a_common_password(app):
    result = app.test_cli_runner().invoke(
        args=["create-admin", "boss@example.org", "--password", "password1"]
    )
    assert result.exit_code == 1
    assert "Error:" in result.output and "common passwords" in result.output  # no traceback
    assert accounts.find_user_by_email("boss@example.org") is None
