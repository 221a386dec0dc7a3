"""Issue 10: the workshop page leads with when, cost, seats and the button; its "Back to all
workshops" returns to the filtered list; zones read as people say them; the menu folds."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pdportal.i18n import zone_name
from pdportal.models import RegistrationStatus


def _page(client, workshop, **headers) -> str:
    return client.get(f"/workshops/{workshop.slug}", headers=headers).get_data(as_text=True)


def test_when_cost_seats_and_the_button_come_before_the_details(client, make_workshop):
    workshop = make_workshop(
        starts_at=datetime(2031, 7, 15, 16, 0, tzinfo=UTC), sessions=3, capacity=24
    )
    html = _page(client, workshop)
    order = [
        html.index("At a glance"),
        html.index("<dt>When</dt>"),
        html.index("Tue Jul 15, 2031, 9:00 AM – 12:00 PM PDT"),
        html.index("3 sessions, the last on Tue Jul 29, 2031"),
        html.index("<dt>Cost</dt>"),
        html.index("<dt>Seats</dt>"),
        html.index(">Register</button>"),
        html.index("<dt>Format</dt>"),
        html.index("<dt>Credit</dt>"),
    ]
    assert order == sorted(order)


def test_a_cancelled_session_is_not_counted_in_when(client, make_workshop, db):
    workshop = make_workshop(starts_at=datetime(2031, 7, 15, 16, 0, tzinfo=UTC), sessions=2)
    workshop.sessions[0].is_cancelled = True
    db.session.commit()
    html = _page(client, workshop)
    assert "Tue Jul 22, 2031, 9:00 AM" in html
    assert "sessions, the last on" not in html


def test_phone_bar_carries_the_date_and_the_button(client, make_workshop):
    workshop = make_workshop(starts_at=datetime(2031, 7, 15, 16, 0, tzinfo=UTC))
    html = _page(client, workshop)
    bar = html[html.index('<div class="action-bar" hidden>') :]
    assert "Tue Jul 15, 2031" in bar
    assert f'action="/workshops/{workshop.slug}/register"' in bar


def test_phone_bar_offers_a_paid_workshop_s_payment_choices(app, client, make_workshop):
    workshop = make_workshop(price_cents=4500)
    bar = _page(client, workshop).split('<div class="action-bar" hidden>')[1]
    with app.test_request_context():
        from flask import url_for

        choices = url_for("payments.checkout_options", slug=workshop.slug)
    assert f'href="{choices}">Register — $45.00</a>' in bar


def test_phone_bar_shows_the_educator_s_own_status(client, auth, make_user, make_workshop, enrol):
    workshop = make_workshop()
    educator = make_user()
    enrol(educator, workshop, RegistrationStatus.WAITLISTED)
    auth.login(educator)
    bar = _page(client, workshop).split('<div class="action-bar" hidden>')[1]
    assert 'href="#registration-heading">Waitlisted</a>' in bar
    assert "<button" not in bar.split("</div>")[0]


def test_no_phone_bar_when_nobody_can_register(client, make_workshop, make_user, enrol):
    workshop = make_workshop(capacity=1, has_waitlist=False)
    enrol(make_user(), workshop)
    assert 'class="action-bar"' not in _page(client, workshop)


# --- back to the filtered list ---------------------------------------------------------------


def test_back_link_returns_to_the_filtered_list_it_came_from(client, make_workshop):
    workshop = make_workshop()
    referrer = "http://localhost/workshops?q=ngss+math&topic=mathematics&page=2"
    html = _page(client, workshop, Referer=referrer)
    back = 'href="/workshops?q=ngss+math&amp;topic=mathematics&amp;page=2">Back to all workshops'
    assert back in html


def test_back_link_survives_log_in_on_the_way(client, make_workshop):
    workshop = make_workshop()
    _page(client, workshop, Referer="http://localhost/workshops?q=ngss")
    html = _page(client, workshop, Referer="http://localhost/auth/login")
    assert 'href="/workshops?q=ngss">Back to all workshops' in html


@pytest.mark.parametrize(
    "referrer",
    [
        "https://evil.example/workshops?q=ngss",
        "http://localhost.evil.example/workshops?q=ngss",
        "http://localhost/admin/workshops?q=ngss",
        "javascript:alert(1)",
        "not a url at all",
        "http://[::1/workshops?q=x",  # not even a URL: no 500
    ],
)
def test_back_link_ignores_other_sites_and_pages(client, make_workshop, referrer):
    workshop = make_workshop()
    html = _page(client, workshop, Referer=referrer)
    assert 'href="/workshops">Back to all workshops' in html


def test_back_link_keeps_only_the_list_s_own_parameters(client, make_workshop):
    workshop = make_workshop()
    referrer = "http://localhost/workshops?q=%22%3E%3Cscript%3E&next=//evil.example&free=%00"
    referrer += "&topic=" + "x" * 300
    html = _page(client, workshop, Referer=referrer)
    assert 'href="/workshops?q=%22%3E%3Cscript%3E">Back to all workshops' in html
    assert "evil" not in html and "<script>" not in html


# --- zones as people say them ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "language", "name"),
    [
        ("America/Los_Angeles", "en", "Pacific Time"),
        ("America/Los_Angeles", "es", "hora del Pacífico"),
        ("America/Denver", "en", "Mountain Time"),
        ("America/Chicago", "es", "hora central"),
        ("Pacific/Honolulu", "en", "Hawaii Time"),  # Babel's generic name is a region here
        ("UTC", "en", "Coordinated Universal Time"),
    ],
)
def test_zone_names_read_as_people_say_them(app, zone, language, name):
    with app.test_request_context(headers={"Accept-Language": language}):
        assert zone_name(zone) == name


def test_spanish_workshop_page_names_the_zone_in_spanish(client, make_workshop):
    workshop = make_workshop()
    html = _page(client, workshop, **{"Accept-Language": "es"})
    assert "hora del Pacífico" in html


def test_admin_pages_name_zones_not_iana(client, auth, make_user, make_network, make_workshop):
    network = make_network(time_zone="America/Chicago")
    auth.login(make_user(is_site_admin=True))
    workshop = make_workshop(network=network)
    for path in ["/admin/networks", f"/admin/workshops/{workshop.slug}"]:
        html = client.get(path).get_data(as_text=True)
        assert "Central Time" in html, path
        assert "America/Chicago" not in html, path


# --- the menu ---------------------------------------------------------------------------------


def test_menu_folds_into_a_details_element(client):
    html = client.get("/auth/login").get_data(as_text=True)
    nav = html[html.index('<nav aria-label="Main">') : html.index("</nav>")]
    assert '<details class="menu">' in nav and "<summary>Menu</summary>" in nav
    assert "<script" not in html
