"""Every form and every query, fuzzed (issue 16): text with NUL, control and astral
characters, huge and odd numbers, dates out of range, missing fields. No answer is a 5xx.

Each POST route of the app is posted to, as a site admin, with values drawn by hypothesis
for the field names of every form the app defines; each GET route with a query string.
"""

from __future__ import annotations

import contextlib
import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from flask_wtf import FlaskForm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wtforms.fields.core import UnboundField

from pdportal.extensions import db
from pdportal.models import Certificate, NetworkAdmin, RegistrationStatus
from pdportal.services import accounts
from tests.conftest import _temporary_pg_database, build_app

ODD_NUMBERS = ["-1", "0", "1e309", "NaN", "Infinity", "99999999999999999999999", "1.5", "0x10"]
ODD_DATES = ["0001-01-01", "9999-12-31", "10000-01-01", "2026-02-30", "2026-13-01", "T25:61"]
NASTY_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(["\x00", "\x01", "\x1b", "\r", "\n", "\u202e", "\U0001f600", "𝔘"]),
    ),
    max_size=40,
)
VALUE = st.one_of(
    NASTY_TEXT,
    NASTY_TEXT.map(lambda text: f"ok{text}\x00"),
    st.sampled_from(ODD_NUMBERS + ODD_DATES + ["", "x" * 3000, "on", "y", "<b>x</b>"]),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)


def _form_field_names() -> list[str]:
    names: set[str] = set()
    pending = list(FlaskForm.__subclasses__())
    while pending:
        form = pending.pop()
        pending.extend(form.__subclasses__())
        names.update(
            name for name in dir(form) if isinstance(getattr(form, name, None), UnboundField)
        )
    return sorted(names)


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def fuzz_app(request, tmp_path_factory):
    """An app of its own (state piles up across examples), on SQLite and on PostgreSQL
    (which refuses NUL bytes that SQLite stores)."""
    with contextlib.ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.db'}"
        else:
            url = stack.enter_context(_temporary_pg_database("pdportal_fuzz"))
        app = build_app(url)
        with app.app_context():
            db.create_all()
        yield app
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="module")
def world(fuzz_app, request):
    """Ids and slugs for every URL parameter, from real rows."""
    from tests.conftest import TEST_PASSWORD  # noqa: F401  (factories need the module)

    with fuzz_app.app_context():
        from pdportal.models import (
            Network,
            Registration,
            User,
            Workshop,
            WorkshopSession,
        )

        now = datetime.now(UTC)
        admin = User(
            email="root@example.org",
            name="Root",
            password_hash="x",
            is_site_admin=True,
            email_verified_at=now,
        )
        educator = User(email="ed@example.org", name="Ed", password_hash="x", email_verified_at=now)
        network = Network(name="Fuzz network", slug="fuzz-net", time_zone="America/Los_Angeles")
        past = Workshop(network=network, slug="fuzz-past", title="Past", capacity=5)
        past.sessions.append(
            WorkshopSession(
                starts_at=now - timedelta(days=3), ends_at=now - timedelta(days=3, hours=-2)
            )
        )
        future = Workshop(
            network=network, slug="fuzz-future", title="Future", capacity=5, price_cents=2500
        )
        future.sessions.append(
            WorkshopSession(
                starts_at=now + timedelta(days=9), ends_at=now + timedelta(days=9, hours=2)
            )
        )
        for workshop in (past, future):
            workshop.starts_at = workshop.sessions[0].starts_at
            workshop.ends_at = workshop.sessions[-1].ends_at
        db.session.add_all([admin, educator, network, past, future])
        db.session.flush()
        db.session.add(NetworkAdmin(user_id=admin.id, network_id=network.id))
        registration = Registration(
            user_id=educator.id, workshop_id=past.id, status=RegistrationStatus.CONFIRMED
        )
        db.session.add(registration)
        db.session.commit()
        certificate_id = db.session.query(Certificate.id).limit(1).scalar() or 1
        return {
            "admin_id": accounts.start_session(admin).token,
            "slug": past.slug,
            "network_slug": network.slug,
            "user_id": educator.id,
            "registration_id": registration.id,
            "session_id": past.sessions[0].id,
            "certificate_id": certificate_id,
            "message_id": 1,
            "code_id": 1,
            "token": "not-a-token",
            "code": "not-a-code",
        }


class _Forms(HTMLParser):
    """Every POST form of a page: its action and its fields with the values shown."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.forms: dict[str, dict[str, str]] = {}
        self._fields: dict[str, str] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form" and (values.get("method") or "").lower() == "post":
            action = urlsplit(values.get("action") or "").path or self.page
            self._fields = self.forms.setdefault(action, {})
        elif self._fields is None:
            return
        elif tag == "option" and self._select and self._select not in self._fields:
            self._fields[self._select] = values.get("value") or ""
        elif not values.get("name"):
            return
        elif tag == "input" and values.get("type") not in ("checkbox", "radio", "submit"):
            self._fields[values["name"]] = values.get("value") or ""
        elif tag == "input" and "checked" in values:
            self._fields[values["name"]] = values.get("value") or "y"
        elif tag == "textarea":
            self._fields[values["name"]] = ""
        elif tag == "select":
            self._select = values["name"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._fields = None
        elif tag == "select":
            self._select = None


@pytest.fixture(scope="module")
def baselines(fuzz_app, world) -> dict[str, dict[str, str]]:
    """The fields each POST path's form shows, as a valid starting point to break."""
    found: dict[str, dict[str, str]] = {}
    with fuzz_app.app_context():
        client = _signed_in_client(fuzz_app, world)
        for rule in _rules(fuzz_app, "GET"):
            page = _path(rule, world)
            response = client.get(page)
            if response.mimetype == "text/html":
                parser = _Forms(page)
                parser.feed(response.get_data(as_text=True))
                for action, fields in parser.forms.items():
                    found.setdefault(action, fields)
    return found


def _path(rule, world) -> str:
    path = rule.rule
    for argument in rule.arguments:
        value = (
            world["network_slug"]
            if argument == "slug" and "networks/<slug>" in path
            else (world.get(argument, 1))
        )
        path = re.sub(rf"<(?:\w+:)?{argument}>", str(value), path)
    return path


def _rules(app, method: str):
    return sorted(
        (
            rule
            for rule in app.url_map.iter_rules()
            if method in rule.methods and rule.endpoint not in ("static", "payments.stripe_webhook")
        ),
        key=lambda rule: rule.rule,
    )


POST_RULES = [rule.rule for rule in _rules(build_app("sqlite://"), "POST")]
GET_RULES = [rule.rule for rule in _rules(build_app("sqlite://"), "GET")]


def _signed_in_client(app, world):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = world["admin_id"]
        session["_fresh"] = True
    return client


@pytest.mark.parametrize("rule_text", POST_RULES)
def test_no_form_answers_a_5xx_whatever_it_is_sent(fuzz_app, world, baselines, rule_text):
    [rule] = [rule for rule in fuzz_app.url_map.iter_rules() if rule.rule == rule_text]
    path = _path(rule, world)
    baseline = baselines.get(path, {})
    names = sorted(baseline) or _form_field_names()

    @settings(
        max_examples=8, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
    )
    @given(
        broken=st.dictionaries(st.sampled_from(names), VALUE, min_size=1, max_size=3),
        dropped=st.sets(st.sampled_from(names), max_size=2),
    )
    def post(broken, dropped):
        data = {**baseline, **broken}
        for name in dropped - broken.keys():
            data.pop(name, None)
        with fuzz_app.app_context():
            response = _signed_in_client(fuzz_app, world).post(path, data=data)
            assert response.status_code < 500, (path, data, response.status_code)

    post()


@pytest.mark.parametrize("rule_text", GET_RULES)
def test_no_page_answers_a_5xx_whatever_its_query(fuzz_app, world, rule_text):
    [rule] = [
        rule
        for rule in fuzz_app.url_map.iter_rules()
        if rule.rule == rule_text and "GET" in rule.methods
    ][:1]
    path = _path(rule, world)
    keys = [
        "q",
        "topic",
        "grade",
        "format",
        "network",
        "from",
        "to",
        "page",
        "free",
        "seats",
        "next",
        "status",
        "limit",
        "per_page",
        "sort",
    ]

    @settings(
        max_examples=3, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
    )
    @given(query=st.dictionaries(st.sampled_from(keys), VALUE, max_size=4))
    def get(query):
        with fuzz_app.app_context():
            response = _signed_in_client(fuzz_app, world).get(path, query_string=query)
            assert response.status_code < 500, (path, query, response.status_code)

    get()
