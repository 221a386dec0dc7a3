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


def test_funders_reports_and_the_follow_up_are_accessible(
    page, live_server, assert_accessible, network_admin
):
    from urllib.parse import urlsplit

    from pdportal.models import (
        DiscountCode,
        DiscountRedemption,
        ImpactAnswer,
        ImpactFollowUp,
        Registration,
        Workshop,
    )
    from pdportal.services.reports import impact

    site_admin = live_server.make_user("funder@reports.example", "Fin Funder", is_site_admin=True)
    live_server.make_workshop("followed-up", "Argument from Evidence", days_from_now=-50)
    emails = [f"asked{n}@reports.example" for n in range(13)]
    for email in emails:
        live_server.make_user(email, f"Asked {email[5:7]}")
        live_server.seat(email, "followed-up")
    with live_server.app.app_context():
        workshop = db.session.query(Workshop).filter_by(slug="followed-up").one()
        code = DiscountCode(network_id=workshop.network_id, code="SCHOLARS", percent_off=100)
        db.session.add(code)
        db.session.flush()
        registrations = db.session.query(Registration).filter_by(workshop_id=workshop.id).all()
        for index, registration in enumerate(registrations):
            db.session.add(
                DiscountRedemption(discount_code_id=code.id, registration_id=registration.id)
            )
            answered = index < 12
            db.session.add(
                ImpactFollowUp(
                    workshop_id=workshop.id,
                    user_id=registration.user_id,
                    answer=ImpactAnswer.USED if answered else None,
                    answered_at=workshop.ends_at if answered else None,
                    how="A claim-evidence-reasoning lab." if answered else "",
                )
            )
        db.session.commit()
        waiting = db.session.query(ImpactFollowUp).filter_by(answer=None).one()
        follow_up_path = urlsplit(impact.link(waiting)).path

    page.goto(follow_up_path)
    assert_accessible(page)
    page.get_by_role("button", name="Send my answer").click()
    assert_accessible(page)  # the error, tied to its question
    page.get_by_label("Not yet, but I plan to").check()
    page.get_by_role("button", name="Send my answer").click()
    assert page.get_by_text("Your answer was recorded").is_visible()

    log_in(page, site_admin.email)
    for path in [
        "/admin/reports/sponsored",
        "/admin/reports/sponsored?measure=amount",
        "/admin/reports/impact",
        "/admin/reports/impact?by=network",
        "/admin/reports/impact?from=2026-02-30",
    ]:
        page.goto(path)
        assert_accessible(page)
