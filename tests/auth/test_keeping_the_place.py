"""Issue 10: `next` survives sign-up, email verification, log-in and password reset, and a
log-in with no `next` leads each role to its own start page."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from pdportal.models import RegistrationStatus
from pdportal.routing import safe_next
from pdportal.services import accounts
from tests.conftest import TEST_PASSWORD

NEW_PASSWORD = "lanterns over the sound"
WORKSHOP = "/workshops/tide-pools"


def _sign_up(client, email: str, next_path: str | None = None):
    data = {"name": "Rosa Parks", "email": email, "password": NEW_PASSWORD}
    if next_path is not None:
        data["next"] = next_path
    return client.post("/auth/signup", data=data)


def _signed_in(client) -> bool:
    return "Log out" in client.get("/auth/profile", follow_redirects=True).get_data(as_text=True)


def _next_of(location: str) -> str | None:
    return parse_qs(urlsplit(location).query).get("next", [None])[0]


# --- the links on the way carry it ----------------------------------------------------------


def test_login_page_links_to_sign_up_and_reset_keep_next(client):
    page = client.get("/auth/login", query_string={"next": WORKSHOP}).get_data(as_text=True)
    assert 'href="/auth/signup?next=/workshops/tide-pools"' in page
    assert 'href="/auth/reset?next=/workshops/tide-pools"' in page


def test_signup_page_keeps_next_in_the_form_and_the_log_in_link(client):
    page = client.get("/auth/signup", query_string={"next": WORKSHOP}).get_data(as_text=True)
    assert f'name="next" type="hidden" value="{WORKSHOP}"' in page
    assert 'href="/auth/login?next=/workshops/tide-pools"' in page


def test_workshop_page_offers_sign_up_that_comes_back(client, make_workshop):
    workshop = make_workshop(slug="tide-pools")
    page = client.get(f"/workshops/{workshop.slug}").get_data(as_text=True)
    assert 'href="/auth/signup?next=/workshops/tide-pools"' in page


# --- sign-up and verification -----------------------------------------------------------------


def test_verifying_in_the_browser_that_signed_up_logs_in_and_returns(client, outbox, link_in):
    response = _sign_up(client, "Rosa@Example.org", WORKSHOP)
    assert _next_of(response.location) == WORKSHOP  # the check-your-email page keeps it too
    assert not _signed_in(client)
    link = link_in(outbox("rosa@example.org")[0])
    assert "next" not in link and "tide-pools" not in link  # signed inside the token

    response = client.post(link)
    assert response.status_code == 302
    assert response.location == WORKSHOP
    assert _signed_in(client)


def test_verifying_elsewhere_verifies_and_asks_to_log_in_with_next(app, client, outbox, link_in):
    _sign_up(client, "rosa@example.org", WORKSHOP)
    link = link_in(outbox("rosa@example.org")[0])
    phone = app.test_client()  # the email opened on another device
    response = phone.post(link)
    assert urlsplit(response.location).path == "/auth/login"
    assert _next_of(response.location) == WORKSHOP
    assert not _signed_in(phone)
    assert accounts.find_user_by_email("rosa@example.org").is_email_verified

    # The link's second use logs nobody in, not even the browser that signed up.
    again = client.post(link)
    assert _next_of(again.location) == WORKSHOP
    assert not _signed_in(client)


def test_a_next_added_to_the_verification_link_is_ignored(client, outbox, link_in):
    _sign_up(client, "rosa@example.org", WORKSHOP)
    link = link_in(outbox("rosa@example.org")[0])
    response = client.post(link + "?next=https://evil.example/")
    assert response.location == WORKSHOP


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example", "/\\evil.example", "/%2F/evil.example"]
)
def test_sign_up_drops_a_next_to_another_site(client, outbox, link_in, target):
    response = _sign_up(client, "rosa@example.org", target)
    assert _next_of(response.location) is None
    response = client.post(link_in(outbox("rosa@example.org")[0]))
    assert response.location == "/workshops"  # the new educator's home: the catalog


def test_a_forged_next_inside_a_validly_signed_token_is_still_refused(client, make_user):
    """Defence in depth: even a token signed with our key leads only to a path here."""
    user = make_user("lin@example.org", verified=False)
    token = accounts._serializer("verify-email").dumps(
        {"user": user.id, "email": user.email, "next": "//evil.example"}
    )
    response = client.post(f"/auth/verify/{token}")
    assert "evil" not in response.location


def test_signing_up_with_a_taken_address_logs_nobody_in(client, make_user, outbox):
    make_user("taken@example.org")
    response = _sign_up(client, "taken@example.org", WORKSHOP)
    assert _next_of(response.location) == WORKSHOP  # the same answer as for a new address
    [notice] = outbox("taken@example.org")
    assert "/auth/verify/" not in notice.body_text
    assert not _signed_in(client)


# --- password reset ---------------------------------------------------------------------------


def test_password_reset_leads_back_through_log_in(client, make_user, outbox, link_in):
    make_user("kim@example.org")
    form = client.get("/auth/reset", query_string={"next": WORKSHOP}).get_data(as_text=True)
    assert f'name="next" type="hidden" value="{WORKSHOP}"' in form
    client.post("/auth/reset", data={"email": "kim@example.org", "next": WORKSHOP})
    link = link_in(outbox("kim@example.org")[0])
    assert "tide-pools" not in link

    response = client.post(link, data={"password": NEW_PASSWORD})
    assert urlsplit(response.location).path == "/auth/login"
    assert _next_of(response.location) == WORKSHOP
    page = client.get(response.location).get_data(as_text=True)
    assert f'value="{WORKSHOP}"' in page
    logged_in = client.post(
        "/auth/login", data={"email": "kim@example.org", "password": NEW_PASSWORD, "next": WORKSHOP}
    )
    assert logged_in.location == WORKSHOP


def test_password_reset_drops_a_next_to_another_site(client, make_user, outbox, link_in):
    make_user("kim@example.org")
    client.post("/auth/reset", data={"email": "kim@example.org", "next": "//evil.example"})
    response = client.post(link_in(outbox("kim@example.org")[0]), data={"password": NEW_PASSWORD})
    assert response.location == "/auth/login"


# --- each role's home -------------------------------------------------------------------------


def _home_after_log_in(client, email: str) -> str:
    response = client.post("/auth/login", data={"email": email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return response.location


def test_educator_without_registrations_lands_on_the_catalog(client, make_user):
    make_user("new@example.org")
    assert _home_after_log_in(client, "new@example.org") == "/workshops"


def test_educator_with_a_registration_lands_on_my_registrations(
    client, make_user, make_workshop, enrol
):
    enrol(make_user("ada@example.org"), make_workshop(), RegistrationStatus.WAITLISTED)
    assert _home_after_log_in(client, "ada@example.org") == "/me/registrations"


def test_educator_whose_registrations_are_all_cancelled_lands_on_the_catalog(
    client, make_user, make_workshop, enrol
):
    enrol(make_user("ada@example.org"), make_workshop(), RegistrationStatus.CANCELLED)
    assert _home_after_log_in(client, "ada@example.org") == "/workshops"


def test_facilitator_lands_on_todays_sessions(client, make_user, make_workshop):
    make_workshop(facilitators=[make_user("fay@example.org")])
    assert _home_after_log_in(client, "fay@example.org") == "/facilitate/"


def test_network_admin_lands_on_admin(client, make_user, make_network, make_workshop):
    network = make_network()
    admin = make_user("nadia@example.org", admin_of=network)
    make_workshop(network=network, facilitators=[admin])  # admin wins over facilitator
    assert _home_after_log_in(client, "nadia@example.org") == "/admin/"


def test_site_admin_lands_on_admin(client, make_user):
    make_user("root@example.org", is_site_admin=True)
    assert _home_after_log_in(client, "root@example.org") == "/admin/"


def test_an_explicit_next_beats_the_role_home(client, make_user):
    make_user("root@example.org", is_site_admin=True)
    response = client.post(
        "/auth/login",
        data={"email": "root@example.org", "password": TEST_PASSWORD, "next": WORKSHOP},
    )
    assert response.location == WORKSHOP


def test_signed_in_visit_to_log_in_goes_home(client, auth, make_user):
    auth.login(make_user(is_site_admin=True))
    assert client.get("/auth/login").location == "/admin/"
    assert client.get("/auth/signup", query_string={"next": WORKSHOP}).location == WORKSHOP


@pytest.mark.parametrize(
    ("target", "kept"),
    [
        ("/workshops?q=ngss&page=2", True),
        ("/me/registrations", True),
        ("//evil.example", False),
        ("/\\evil.example", False),
        ("https://evil.example", False),
        ("javascript:alert(1)", False),
        ("/%2f%2fevil.example", False),
        ("/%5c%5cevil.example", False),
        ("/%25252F%25252Fevil.example", False),
        ("/\x00", False),
        ("", False),
    ],
)
def test_safe_next_keeps_only_paths_on_this_site(target, kept):
    assert (safe_next(target) == target) is kept


def test_menu_log_in_and_sign_up_come_back_to_the_page(client, make_workshop):
    workshop = make_workshop(slug="tide-pools")
    page = client.get(f"/workshops/{workshop.slug}").get_data(as_text=True)
    nav = page[page.index('<nav aria-label="Main">') : page.index("</nav>")]
    assert f'href="/auth/login?next={WORKSHOP}"' in nav
    assert f'href="/auth/signup?next={WORKSHOP}"' in nav
    listing = client.get("/workshops?q=ngss&utm=x").get_data(as_text=True)
    assert 'href="/auth/login?next=/workshops"' in listing  # shared pages carry no query
    login = client.get("/auth/login").get_data(as_text=True)  # never back to an auth page
    assert 'href="/auth/signup"' in login[login.index("<nav") : login.index("</nav>")]
