"""Real-browser fixtures for every area's browser tests (a plugin of tests/conftest.py):
the portal served on a free local port, driven by Playwright through Debian's Chromium
(/usr/bin/chromium; no browser download), checked with axe-core.

Under CI=true a missing Chromium fails the run; elsewhere these tests are skipped.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from werkzeug.security import generate_password_hash
from werkzeug.serving import make_server

from pdportal import create_app
from pdportal.extensions import db
from pdportal.models import (
    Network,
    NetworkAdmin,
    Registration,
    RegistrationStatus,
    User,
    Workshop,
    WorkshopSession,
    WorkshopStatus,
)
from pdportal.services import registration

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
E2E_PASSWORD = "e2e-browser-password"
AXE_VIEWPORTS = [(360, 740), (1280, 800)]
TIMEOUT_MS = 10_000  # generous: CI machines are shared and slow at times

expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("Chromium is required under CI=true: .ci/run installs Debian's chromium")
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    return CHROMIUM


class LiveServer:
    def __init__(self, app, url: str) -> None:
        self.app = app
        self.url = url

    def make_user(self, email: str, name: str, **fields) -> User:
        with self.app.app_context():
            user = User(
                email=email,
                name=name,
                password_hash=generate_password_hash(
                    E2E_PASSWORD, method=self.app.config["PASSWORD_HASH_METHOD"]
                ),
                email_verified_at=datetime.now(UTC),
                **fields,
            )
            db.session.add(user)
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)
            return user

    def make_workshop(
        self,
        slug: str,
        title: str,
        *,
        network_slug: str = "puget-sound",
        capacity: int = 30,
        price_cents: int = 0,
        topics: Sequence[str] = (),
        summary: str = "A hands-on workshop for STEM educators.",
        description: str = "## What we will do\n\nTry the tasks your students will do.",
        days_from_now: int = 21,
        sessions: int = 1,
        facilitator_emails: Sequence[str] = (),
    ) -> list[int]:
        """A published workshop (3-hour sessions a week apart); returns its session ids.

        A negative `days_from_now` makes a finished workshop (for attendance and certificates).
        """
        with self.app.app_context():
            network = db.session.query(Network).filter_by(slug=network_slug).one()
            start = (datetime.now(UTC) + timedelta(days=days_from_now)).replace(
                hour=17, minute=0, second=0, microsecond=0
            )
            workshop = Workshop(
                network=network,
                slug=slug,
                title=title,
                summary=summary,
                description=description,
                topics=list(topics),
                capacity=capacity,
                price_cents=price_cents,
                venue="ESD Conference Centre",
                address="400 Main St",
                credit_hours=3 * sessions,
                status=WorkshopStatus.PUBLISHED,
            )
            for week in range(sessions):
                begins = start + timedelta(days=7 * week)
                workshop.sessions.append(
                    WorkshopSession(starts_at=begins, ends_at=begins + timedelta(hours=3))
                )
            workshop.starts_at = workshop.sessions[0].starts_at
            workshop.ends_at = workshop.sessions[-1].ends_at
            workshop.facilitators.extend(
                db.session.query(User).filter(User.email.in_(facilitator_emails))
            )
            db.session.add(workshop)
            db.session.commit()
            return [session.id for session in workshop.sessions]

    def register(self, email: str, slug: str) -> RegistrationStatus:
        """Register `email` for a free, open workshop through the registration service."""
        with self.app.app_context():
            user = db.session.query(User).filter_by(email=email).one()
            workshop = db.session.query(Workshop).filter_by(slug=slug).one()
            return registration.register(user, workshop).registration.status

    def seat(self, email: str, slug: str) -> None:
        """A confirmed seat written directly (a finished workshop refuses sign-ups)."""
        with self.app.app_context():
            user = db.session.query(User).filter_by(email=email).one()
            workshop = db.session.query(Workshop).filter_by(slug=slug).one()
            now = datetime.now(UTC)
            db.session.add(
                Registration(
                    user_id=user.id,
                    workshop_id=workshop.id,
                    status=RegistrationStatus.CONFIRMED,
                    created_at=now - timedelta(days=30),
                    confirmed_at=now - timedelta(days=30),
                )
            )
            db.session.commit()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    database = tmp_path_factory.mktemp("e2e") / "e2e.db"
    os.environ.setdefault("PDPORTAL_ENV", "testing")
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "WTF_CSRF_ENABLED": True,  # the browser posts real forms with real tokens
            "SERVER_NAME": None,
            "DEV_MAILBOX": True,  # /dev/mail: the emails a journey reads its links from
        }
    )
    with app.app_context():
        db.create_all()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    app.config["BASE_URL"] = url
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(app, url)
    server.shutdown()


@pytest.fixture(scope="session")
def network_admin(live_server: LiveServer) -> User:
    with live_server.app.app_context():
        network = Network(
            name="Puget Sound STEM Partnership",
            slug="puget-sound",
            backbone_organisation="Puget Sound ESD",
            time_zone="America/Los_Angeles",
        )
        db.session.add(network)
        db.session.commit()
        network_id = network.id
    admin = live_server.make_user("netadmin@e2e.example", "Nadia Admin")
    with live_server.app.app_context():
        db.session.add(NetworkAdmin(network_id=network_id, user_id=admin.id))
        db.session.commit()
    return admin


@pytest.fixture(scope="module")
def browser(chromium_path: Path):
    """A Chromium per test module, closed when the module ends.

    Only one sync Playwright may run in a process at a time. Other areas import these
    fixtures into their own conftest (a fixture per directory) and some define their own
    module-scoped browser; closing ours at each module's end means none ever overlap in a
    full run. A launch costs about a second.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium_path), args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server: LiveServer):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


@pytest.fixture
def assert_accessible(axe: Axe):
    """Run axe-core on the page as it is now; fail with the report on any violation."""

    def check(page) -> None:
        """At a phone's width and a desktop's (issue 16: some findings show at 360 px only),
        then back to the page's own size."""
        own_size = page.viewport_size
        try:
            for width, height in AXE_VIEWPORTS:
                page.set_viewport_size({"width": width, "height": height})
                results = axe.run(page)
                assert results.violations_count == 0, f"at {width} px:\n{results.generate_report()}"
        finally:
            if own_size:
                page.set_viewport_size(own_size)

    return check


def log_in(page, email: str, password: str = E2E_PASSWORD) -> None:
    page.goto("/auth/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    # Wait for the answer, so the session cookie is set before the caller navigates away.
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
