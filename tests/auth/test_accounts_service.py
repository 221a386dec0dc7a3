"""The accounts service, called directly."""

from __future__ import annotations

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from pdportal.models import EducatorType, RaceEthnicity, User
from pdportal.services import accounts
from pdportal.services.accounts import AccountProblem, users
from pdportal.services.common.urls import external_url
from tests.conftest import TEST_PASSWORD

NEW_PASSWORD = "lanterns over the sound"


def _tokens_from_the_past(monkeypatch: pytest.MonkeyPatch, seconds: int) -> None:
    real = TimestampSigner.get_timestamp
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: real(self) - seconds)


def _user_count(db) -> int:
    return db.session.scalar(select(func.count(User.id)))


# --- passwords ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short7!", AccountProblem.PASSWORD_TOO_SHORT),
        ("password", AccountProblem.PASSWORD_COMMON),
        ("Password123", AccountProblem.PASSWORD_COMMON),
        ("iloveyou", AccountProblem.PASSWORD_COMMON),
        ("ada@example.org", AccountProblem.PASSWORD_IS_NAME_OR_EMAIL),
        ("ADA@EXAMPLE.ORG", AccountProblem.PASSWORD_IS_NAME_OR_EMAIL),
        ("Ada Lovelace", AccountProblem.PASSWORD_IS_NAME_OR_EMAIL),
        ("x" * 257, AccountProblem.PASSWORD_TOO_LONG),
        (" " * 8, AccountProblem.PASSWORD_REPETITIVE),
        ("abababab", AccountProblem.PASSWORD_REPETITIVE),
    ],
)
def test_password_rules_refuse_weak_passwords(app, password, problem):
    found = accounts.password_problem(password, email="Ada@example.org", name="Ada Lovelace")
    assert found == problem


@pytest.mark.parametrize("password", ["lanterns over the sound", "12345678x!", "ñandú-café-ễ"])
def test_password_rules_accept_long_uncommon_passwords_without_composition_rules(app, password):
    assert accounts.password_problem(password, email="ada@example.org", name="Ada") is None


def test_common_password_list_ships_with_the_package_and_credits_its_source(project_root):
    path = project_root / "pdportal" / "data" / "common_passwords.txt"
    first_line = path.read_text("utf-8").splitlines()[0]
    assert first_line.startswith("#")
    assert "Django" in first_line
    assert "BSD" in first_line
    assert len(accounts.common_passwords()) >= 10_000


def test_hash_password_uses_the_configured_slow_hash(app):
    hashed = accounts.hash_password(TEST_PASSWORD)
    assert hashed.startswith(app.config["PASSWORD_HASH_METHOD"])
    assert check_password_hash(hashed, TEST_PASSWORD)


# --- sign-up and verification ------------------------------------------------------------


def test_sign_up_creates_an_unverified_account_with_lower_cased_email(db, outbox):
    accounts.sign_up("  Rosa Parks ", "  Rosa@Example.ORG ", NEW_PASSWORD)
    user = accounts.find_user_by_email("ROSA@example.org")
    assert user.email == "rosa@example.org"
    assert user.name == "Rosa Parks"
    assert not user.is_email_verified
    assert check_password_hash(user.password_hash, NEW_PASSWORD)
    [message] = outbox("rosa@example.org")
    assert message.subject == "Confirm your email address"
    assert "http://localhost/auth/verify/" in message.body_text


def test_sign_up_with_a_registered_email_creates_nothing_and_tells_the_owner(db, make_user, outbox):
    owner = make_user("grace@example.org", name="Grace")
    before = _user_count(db)
    accounts.sign_up("Impostor", "GRACE@example.org", NEW_PASSWORD)
    assert _user_count(db) == before
    db.session.refresh(owner)
    assert owner.name == "Grace"
    [message] = outbox("grace@example.org")
    assert message.subject == "Someone tried to sign up with your email address"
    assert "http://localhost/auth/login" in message.body_text
    assert "http://localhost/auth/reset" in message.body_text


def test_sign_up_racing_another_sign_up_for_the_same_email_tells_the_owner(
    db, make_user, outbox, monkeypatch
):
    make_user("race@example.org")
    real_find = accounts.find_user_by_email
    answers = iter([None])  # the first look-up misses the account created a moment ago
    monkeypatch.setattr(
        users, "find_user_by_email", lambda email: next(answers, None) or real_find(email)
    )
    before = _user_count(db)
    accounts.sign_up("Racer", "race@example.org", NEW_PASSWORD)
    assert _user_count(db) == before
    [message] = outbox("race@example.org")
    assert message.subject == "Someone tried to sign up with your email address"


def test_sign_up_refuses_a_common_password(db):
    with pytest.raises(accounts.AccountError) as caught:
        accounts.sign_up("Ada", "ada@example.org", "password1")
    assert (caught.value.reason, caught.value.field) == (AccountProblem.PASSWORD_COMMON, "password")
    assert accounts.find_user_by_email("ada@example.org") is None


def test_verification_link_verifies_the_email(db, outbox, link_in):
    accounts.sign_up("Rosa", "rosa@example.org", NEW_PASSWORD)
    token = link_in(outbox("rosa@example.org")[0]).rsplit("/", 1)[1]
    link = accounts.verify_email(token)
    assert link.user.is_email_verified and link.first_use
    again = accounts.verify_email(token)  # repeating it is harmless
    assert again.user.is_email_verified and not again.first_use


def test_verification_link_expires(db, make_user, monkeypatch):
    user = make_user(verified=False)
    _tokens_from_the_past(monkeypatch, accounts.VERIFY_TOKEN_MAX_AGE + 60)
    token = accounts._serializer("verify-email").dumps({"user": user.id, "email": user.email})
    monkeypatch.undo()
    with pytest.raises(accounts.AccountError) as caught:
        accounts.verify_email(token)
    assert caught.value.reason == AccountProblem.LINK_EXPIRED
    assert not db.session.get(User, user.id).is_email_verified


def test_tampered_verification_link_is_refused(db, make_user):
    user = make_user(verified=False)
    token = accounts._serializer("verify-email").dumps({"user": user.id, "email": user.email})
    with pytest.raises(accounts.AccountError) as caught:
        accounts.verify_email(token[: token.rindex(".") + 1] + "forged-signature")
    assert caught.value.reason == AccountProblem.LINK_INVALID


def test_a_reset_token_is_not_a_verification_token(db, make_user, outbox, link_in):
    user = make_user("lin@example.org", verified=False)
    accounts.request_password_reset(user.email)
    reset_token = link_in(outbox(user.email)[0]).rsplit("/", 1)[1]
    with pytest.raises(accounts.AccountError):
        accounts.verify_email(reset_token)


def test_resend_verification_queues_a_new_link_only_when_unverified(db, make_user, outbox):
    unverified = make_user("new@example.org", verified=False)
    verified = make_user("old@example.org")
    assert accounts.resend_verification(unverified) is True
    assert accounts.resend_verification(verified) is False
    assert len(outbox("new@example.org")) == 1
    assert outbox("old@example.org") == []


# --- log-in ------------------------------------------------------------------------------


def test_authenticate_accepts_the_right_password_with_any_email_case(make_user):
    user = make_user("mae@example.org")
    assert accounts.authenticate(" MAE@Example.org ", TEST_PASSWORD) == user


def test_authenticate_refuses_a_wrong_password_or_unknown_email(make_user):
    make_user("mae@example.org")
    assert accounts.authenticate("mae@example.org", "not the password") is None
    assert accounts.authenticate("nobody@example.org", TEST_PASSWORD) is None


def test_authenticate_upgrades_a_hash_made_with_older_settings(app, db, make_user):
    user = make_user("mae@example.org")
    user.password_hash = generate_password_hash(TEST_PASSWORD, method="pbkdf2:sha256:2000")
    db.session.commit()
    assert accounts.authenticate("mae@example.org", TEST_PASSWORD) == user
    db.session.expire_all()
    upgraded = db.session.get(User, user.id).password_hash
    assert upgraded.startswith(app.config["PASSWORD_HASH_METHOD"] + "$")
    assert check_password_hash(upgraded, TEST_PASSWORD)


# --- password reset ----------------------------------------------------------------------


def test_reset_link_sets_a_new_password_once_and_signs_out_other_sessions(
    db, make_user, outbox, link_in
):
    user = make_user("kim@example.org", verified=False)
    old_session_token = accounts.start_session(user).token
    accounts.request_password_reset("KIM@example.org")
    [message] = outbox("kim@example.org")
    token = link_in(message).rsplit("/", 1)[1]

    accounts.reset_password(token, NEW_PASSWORD)

    db.session.refresh(user)
    assert accounts.authenticate("kim@example.org", NEW_PASSWORD) == user
    assert accounts.load_user_by_session_token(old_session_token) is None
    assert user.is_email_verified  # the link proved the inbox is theirs
    assert outbox("kim@example.org")[-1].subject == "Your pdportal password was changed"
    with pytest.raises(accounts.AccountError) as caught:
        accounts.reset_password(token, "another fine password")
    assert caught.value.reason == AccountProblem.LINK_USED


def test_reset_link_expires(db, make_user, monkeypatch, outbox, link_in):
    make_user("kim@example.org")
    _tokens_from_the_past(monkeypatch, accounts.RESET_TOKEN_MAX_AGE + 60)
    accounts.request_password_reset("kim@example.org")
    monkeypatch.undo()
    token = link_in(outbox("kim@example.org")[0]).rsplit("/", 1)[1]
    with pytest.raises(accounts.AccountError) as caught:
        accounts.reset_password(token, NEW_PASSWORD)
    assert caught.value.reason == AccountProblem.LINK_EXPIRED
    assert accounts.authenticate("kim@example.org", TEST_PASSWORD) is not None


def test_reset_refuses_a_weak_new_password(db, make_user, outbox, link_in):
    make_user("kim@example.org")
    accounts.request_password_reset("kim@example.org")
    token = link_in(outbox("kim@example.org")[0]).rsplit("/", 1)[1]
    with pytest.raises(accounts.AccountError) as caught:
        accounts.reset_password(token, "qwertyuiop")
    assert caught.value.reason == AccountProblem.PASSWORD_COMMON
    assert accounts.authenticate("kim@example.org", TEST_PASSWORD) is not None


def test_reset_for_an_unknown_email_sends_nothing(db, outbox):
    accounts.request_password_reset("nobody@example.org")
    assert outbox("nobody@example.org") == []


def test_change_password_needs_the_current_password(db, make_user):
    user = make_user()
    with pytest.raises(accounts.AccountError) as caught:
        accounts.change_password(user, "wrong password", NEW_PASSWORD)
    assert caught.value.field == "current_password"
    assert caught.value.reason == AccountProblem.WRONG_CURRENT_PASSWORD
    other_token = accounts.start_session(user).token
    this_token = accounts.start_session(user).token  # the session making the change
    accounts.change_password(user, TEST_PASSWORD, NEW_PASSWORD)
    assert accounts.authenticate(user.email, NEW_PASSWORD) == user
    assert accounts.load_user_by_session_token(other_token) is None
    assert accounts.load_user_by_session_token(this_token) == user


# --- site admins and profile -------------------------------------------------------------


def test_create_site_admin_creates_a_verified_admin(db):
    user = accounts.create_site_admin("Boss@Example.org", name="Boss", password=NEW_PASSWORD)
    assert user.email == "boss@example.org"
    assert user.is_site_admin
    assert user.is_email_verified
    assert accounts.authenticate("boss@example.org", NEW_PASSWORD) == user


def test_create_site_admin_promotes_an_existing_account_keeping_its_password(db, make_user):
    existing = make_user("lead@example.org")
    user = accounts.create_site_admin("lead@example.org", name="X", password=NEW_PASSWORD)
    assert user.id == existing.id
    assert user.is_site_admin
    assert accounts.authenticate("lead@example.org", TEST_PASSWORD) == user


@pytest.mark.parametrize(
    ("email", "password", "reason", "field"),
    [
        ("not-an-email", NEW_PASSWORD, AccountProblem.NOT_AN_EMAIL, "email"),
        ("a@example.org", "123", AccountProblem.PASSWORD_TOO_SHORT, "password"),
    ],
)
def test_create_site_admin_refuses_bad_input(db, email, password, reason, field):
    with pytest.raises(accounts.AccountError) as caught:
        accounts.create_site_admin(email, name="Admin", password=password)
    assert (caught.value.reason, caught.value.field) == (reason, field)
    assert _user_count(db) == 0


def test_update_profile_keeps_known_choices_and_self_description(db, make_user):
    user = make_user()
    accounts.update_profile(
        user,
        accounts.ProfileDetails(
            name=" Ngọc Trâm ",
            educator_type=EducatorType.INSTRUCTIONAL_COACH,
            school="Rainier Beach High School",
            district="Seattle Public Schools",
            grade_bands=("9_12", "6_8", "nonsense"),
            subjects=("science",),
            licence_number="WA-123",
            preferred_language="vi",
            race_ethnicity=("asian",),
            race_ethnicity_self_described="Vietnamese American",
            gender="woman",
        ),
    )
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert user.name == "Ngọc Trâm"
    assert user.educator_type is EducatorType.INSTRUCTIONAL_COACH
    assert user.grade_bands == ["6_8", "9_12"]
    assert user.subjects == ["science"]
    assert user.race_ethnicity == ["asian", RaceEthnicity.SELF_DESCRIBE.value]
    assert user.race_ethnicity_self_described == "Vietnamese American"
    assert user.preferred_language == "vi"


def test_update_profile_refuses_an_unknown_language(db, make_user):
    user = make_user()
    with pytest.raises(accounts.AccountError) as caught:
        accounts.update_profile(user, accounts.ProfileDetails(name="A", preferred_language="xx"))
    assert (caught.value.reason, caught.value.field) == (
        AccountProblem.UNKNOWN_LANGUAGE,
        "preferred_language",
    )


def test_links_in_emails_use_the_base_url_without_a_request(app, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", "https://pd.example.org/")
    assert external_url("auth.login") == "https://pd.example.org/auth/login"
