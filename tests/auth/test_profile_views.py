"""The profile page: details, optional demographics, password change."""

from __future__ import annotations

import re

from pdportal.models import EducatorType, User
from tests.conftest import TEST_PASSWORD

PROFILE = {
    "name": "Ngọc Trâm Nguyễn",
    "educator_type": "instructional_coach",
    "school": "Rainier Beach High School",
    "district": "Seattle Public Schools",
    "grade_bands": ["6_8", "9_12"],
    "subjects": ["science", "engineering"],
    "licence_number": "WA-12345",
    "preferred_language": "vi",
    "race_ethnicity": ["asian"],
    "race_ethnicity_self_described": "",
    "gender": "",
}


def test_profile_needs_log_in(client):
    response = client.get("/auth/profile")
    assert response.status_code == 302
    assert "/auth/login" in response.location


def test_profile_page_has_every_field_labelled(client, auth, make_user):
    auth.login(make_user())
    html = client.get("/auth/profile").get_data(as_text=True)
    for field_id in [
        "name",
        "educator_type",
        "school",
        "district",
        "licence_number",
        "preferred_language",
        "race_ethnicity_self_described",
        "gender",
        "home_language",
        "pw-current_password",
        "pw-password",
    ]:
        assert f'<label for="{field_id}">' in html, field_id
    assert '<label for="grade_bands-0">' in html
    assert "<legend>Grade bands you teach or support</legend>" in html
    assert "<legend>About you (optional)</legend>" in html
    assert "Only you can see your answers" in html
    assert 'lang="vi"' in html  # each language named in its own language


def test_profile_saves_details(client, auth, db, make_user):
    user = make_user()
    auth.login(user)
    response = client.post("/auth/profile", data=PROFILE)
    assert response.status_code == 302
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert user.name == "Ngọc Trâm Nguyễn"
    assert user.educator_type is EducatorType.INSTRUCTIONAL_COACH
    assert user.grade_bands == ["6_8", "9_12"]
    assert user.subjects == ["science", "engineering"]
    assert user.preferred_language == "vi"
    assert user.race_ethnicity == ["asian"]
    page = client.get("/auth/profile").get_data(as_text=True)
    assert "Your profile has been saved." in page
    assert re.search(r'<option selected value="instructional_coach">', page)
    assert re.search(
        r'<input checked id="grade_bands-\d" name="grade_bands" type="checkbox" value="6_8"', page
    )
    assert re.search(
        r'<input id="grade_bands-\d" name="grade_bands" type="checkbox" value="pre_k"', page
    )


def test_profile_demographics_may_be_left_blank(client, auth, db, make_user):
    user = make_user(race_ethnicity=["white"], gender="man", home_language="Tagalog")
    auth.login(user)
    data = {**PROFILE, "race_ethnicity": [], "gender": "", "home_language": ""}
    assert client.post("/auth/profile", data=data).status_code == 302
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert user.race_ethnicity == []
    assert user.gender == "" and user.home_language == ""


def test_profile_keeps_the_language_spoken_at_home(client, auth, db, make_user):
    user = make_user()
    auth.login(user)
    data = {**PROFILE, "home_language": "  English and   Vietnamese "}
    assert client.post("/auth/profile", data=data).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).home_language == "English and Vietnamese"


def test_profile_refuses_bad_input_and_changes_nothing(client, auth, db, make_user):
    user = make_user(name="Before")
    auth.login(user)
    for bad in [{"name": ""}, {"grade_bands": ["grade_13"]}, {"preferred_language": "xx"}]:
        response = client.post("/auth/profile", data={**PROFILE, **bad})
        assert response.status_code == 200
        assert 'class="error"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).name == "Before"


def test_change_password_with_a_wrong_current_password_is_refused(client, auth, make_user):
    auth.login(make_user())
    response = client.post(
        "/auth/profile/password",
        data={"pw-current_password": "not my password", "pw-password": "lanterns over the sound"},
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "That is not your current password." in html
    assert 'value="Ada Educator"' in html  # the profile form keeps the saved details


def test_change_password_refuses_a_common_password(client, auth, make_user):
    user = make_user()
    auth.login(user)
    response = client.post(
        "/auth/profile/password",
        data={"pw-current_password": TEST_PASSWORD, "pw-password": "football"},
    )
    assert "common passwords" in response.get_data(as_text=True)


def test_change_password_is_post_only(client, auth, make_user):
    auth.login(make_user())
    assert client.get("/auth/profile/password").status_code == 405
