"""The catalog's pages in a real Chromium: axe-core finds no violations, filters work.

Runs on its own live server seeded with the demo data, so it shares nothing with the
e2e journeys; the browser and axe fixtures come from the e2e conftest.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from pdportal import create_app
from pdportal.extensions import db
from pdportal.models import Workshop, WorkshopStatus
from pdportal.services.demo.seed import seed_demo

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict]]:
    os.environ.setdefault("PDPORTAL_ENV", "testing")
    database = tmp_path_factory.mktemp("catalog-e2e") / "demo.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "SERVER_NAME": None})
    with app.app_context():
        db.create_all()
        seed_demo(workshops=0, educators=0, password="demo password 1", echo=lambda _line: None)
        slugs = {
            status: db.session.scalar(select(Workshop.slug).where(Workshop.status == status))
            for status in (WorkshopStatus.PUBLISHED, WorkshopStatus.CANCELLED)
        }
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", slugs
    server.shutdown()


@pytest.fixture
def catalog_page(browser, demo_server):  # noqa: F811
    context = browser.new_context(base_url=demo_server[0])
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/workshops",
        "/workshops?topic=mathematics&free=1",
        "/workshops?from=notadate&topic=astrology&page=-3",
        "/workshops?q=nothing-matches-this",
    ],
)
def test_catalog_pages_pass_axe(catalog_page, axe, path):  # noqa: F811
    catalog_page.goto(path)

    results = axe.run(catalog_page)

    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("status", [WorkshopStatus.PUBLISHED, WorkshopStatus.CANCELLED])
def test_workshop_pages_pass_axe(catalog_page, axe, demo_server, status):  # noqa: F811
    catalog_page.goto(f"/workshops/{demo_server[1][status]}")

    results = axe.run(catalog_page)

    assert results.violations_count == 0, results.generate_report()


def test_home_search_leads_to_the_filtered_catalog(catalog_page):
    catalog_page.goto("/")
    catalog_page.get_by_role("searchbox", name="Search workshops").fill("phenomena")
    catalog_page.get_by_role("button", name="Search").click()

    catalog_page.wait_for_url("**/workshops?q=phenomena")
    assert catalog_page.get_by_label("Search", exact=True).input_value() == "phenomena"
    assert catalog_page.locator(".workshop-card").count() >= 1
