"""Hostile input refused at the edge: NUL and control characters, file parts (issue 16)."""

from __future__ import annotations

import io

import pytest

from pdportal.models import User
from tests.conftest import TEST_PASSWORD

NUL_PATHS = [
    "/workshops/%00",
    "/certificates/verify/%00",
    "/calendar/feed/%00.ics",
    "/workshops/a%01b",
]
NUL_QUERIES = [
    "/workshops?q=%00",
    "/api/v1/workshops?q=%00",
    "/calendar/workshops.ics?network=%00",
    "/workshops?topic=science%1b",
]


@pytest.mark.parametrize("path", NUL_PATHS)
def test_a_path_with_a_control_character_is_not_a_page(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", NUL_QUERIES)
def test_a_query_parameter_with_a_control_character_is_a_bad_request(client, path):
    assert client.get(path).status_code == 400


def test_an_ordinary_query_still_works(client):
    assert client.get("/workshops?q=science").status_code == 200


@pytest.mark.parametrize("path", ["/auth/signup", "/auth/login", "/auth/reset"])
def test_a_file_part_in_a_form_is_refused_and_changes_nothing(app, client, db, path):
    response = client.post(
        path,
        data={
            "email": "file@example.org",
            "name": "File",
            "password": TEST_PASSWORD,
            "upload": (io.BytesIO(b"hello"), "hello.txt"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert db.session.query(User).count() == 0


def test_nul_in_a_sign_up_name_gets_a_message_beside_the_field(app, client, db):
    response = client.post(
        "/auth/signup",
        data={"name": "Ada\x00", "email": "ada@example.org", "password": TEST_PASSWORD},
    )
    assert response.status_code in (200, 400, 422)
    assert "invisible control characters" in response.get_data(as_text=True)
    assert db.session.query(User).count() == 0
