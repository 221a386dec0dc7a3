"""An educator picks their school from the directory on the profile (no JavaScript: a
search form, then a choice), or types it when it is not listed."""

from __future__ import annotations

import pytest

from pdportal.extensions import db
from pdportal.services import directory


@pytest.fixture
def schools(app, project_root):
    directory.import_csv((project_root / "pdportal/data/schools_sample.csv").read_text("utf-8"))


def profile_data(**fields):
    return {"name": "Tess Teacher", "preferred_language": "en", "educator_type": "", **fields}


def test_searching_offers_the_schools_found_as_choices(client, auth, make_user, schools):
    auth.login(make_user())
    page = client.get("/auth/profile?school_search=wenatchee").get_data(as_text=True)
    assert "Wenatchee High School (Wenatchee School District, Wenatchee)" in page
    assert "Pioneer Middle School" in page
    assert "My school is not listed" in page
    nothing = client.get("/auth/profile?school_search=zzzz").get_data(as_text=True)
    assert "No school found" in nothing


def test_choosing_a_listed_school_sets_it_and_its_names(client, auth, make_user, schools):
    user = make_user()
    auth.login(user)
    school = directory.search("davis yakima")[0]
    response = client.post(
        "/auth/profile", data=profile_data(school_choice=str(school.id), school="ignored")
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.school_id == school.id
    assert (user.school, user.district) == ("Davis High School", "Yakima School District")
    page = client.get("/auth/profile").get_data(as_text=True)
    assert 'checked id="school_choice-0"' in page or "checked" in page.split("Davis High")[0][-200:]


def test_not_listed_keeps_the_school_as_typed(client, auth, make_user, schools):
    user = make_user(school_id=directory.search("tyee")[0].id)
    auth.login(user)
    client.post(
        "/auth/profile",
        data=profile_data(school_choice="", school="Ella Baker Academy", district="Seattle"),
    )
    db.session.refresh(user)
    assert (user.school_id, user.school, user.district) == (None, "Ella Baker Academy", "Seattle")


@pytest.mark.parametrize("bad", ["999999", "99999999999999999999999", "abc", "-1"])
def test_a_school_not_in_the_directory_is_refused_beside_the_field(
    client, auth, make_user, schools, bad
):
    user = make_user(school="Typed")
    auth.login(user)
    response = client.post("/auth/profile", data=profile_data(school_choice=bad))
    assert response.status_code == 200
    assert "That school is not in the directory" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.school_id is None and user.school == "Typed"
