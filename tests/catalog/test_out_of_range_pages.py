"""A page number past the last page: the catalog shows the last page and says so; the JSON
API answers an empty page that says which page is the last; /admin/users shows its last."""

from __future__ import annotations

from tests.catalog.test_workshop_list import add_many_workshops


def test_api_page_beyond_the_last_is_empty_and_says_which_page_is_last(client, make_network, db):
    add_many_workshops(db, make_network(), 5)

    last = client.get("/api/v1/workshops?per_page=2&page=3").get_json()
    beyond = client.get("/api/v1/workshops?per_page=2&page=99")

    assert last["pages"] == 3 and len(last["workshops"]) == 1 and "message" not in last
    assert beyond.status_code == 200
    body = beyond.get_json()
    assert body["workshops"] == [] and body["next"] is None
    assert body["total"] == 5 and body["page"] == 99 and body["pages"] == 3
    assert body["message"] == "There is no page 99; the last page is 3."


def test_api_empty_catalog_has_one_page(client):
    body = client.get("/api/v1/workshops").get_json()

    assert body["total"] == 0 and body["pages"] == 1 and "message" not in body


def test_admin_users_page_beyond_the_last_shows_the_last_page(client, auth, make_user):
    admin = make_user("ops@pdportal.example", "Aaron Admin", is_site_admin=True)
    for number in range(30):
        make_user(f"paged{number:02d}@example.org", f"Paged Person {number:02d}")
    auth.login(admin)

    response = client.get("/admin/users?q=paged&page=999")

    assert response.status_code == 200
    assert "There is no page 999, so this is the last page." in response.text
    assert "Page 2 of 2" in response.text
    assert "Paged Person 29" in response.text


def test_admin_users_page_beyond_an_empty_search_says_so(client, auth, make_user):
    auth.login(make_user(is_site_admin=True))

    response = client.get("/admin/users?q=nobody-matches&page=5")

    assert response.status_code == 200
    assert "0 accounts matching" in response.text
    assert "There is no page 5" in response.text
