"""The report pages and the profile's school choice pass axe-core in a real Chromium."""

from __future__ import annotations

import pytest

from pdportal.extensions import db
from pdportal.models import User
from pdportal.services import directory
from tests.browser import log_in

pytestmark = pytest.mark.e2e


def test_report_pages_are_accessible(page, live_server, assert_accessible, project_root):
    site_admin = live_server.make_user("ops@reports.example", "Sam Site", is_site_admin=True)
    live_server.make_user(
        "typed@reports.example", "Tess", school="Tyee Middle", district="Highline"
    )
    with live_server.app.app_context():
        directory.import_csv((project_root / "pdportal/data/schools_sample.csv").read_text("utf-8"))
    log_in(page, site_admin.email)
    for path in [
        "/admin/reports/reach",
        "/admin/reports/reach?rows=race_ethnicity&columns=educator_type",
        "/admin/reports/reach?from=2026-02-30",
        "/admin/reports/schools-not-reached",
        "/admin/reports/directory",
        "/admin/reports/log",
        "/auth/profile?school_search=yakima",
    ]:
        page.goto(path)
        assert_accessible(page)

    page.goto("/auth/profile?school_search=davis yakima")
    page.get_by_label("Davis High School (Yakima School District, Yakima)").check()
    page.get_by_role("button", name="Save profile").click()
    with live_server.app.app_context():
        user = db.session.query(User).filter_by(email=site_admin.email).one()
        assert user.listed_school.name == "Davis High School"
