"""Schools not reached this year (network and site admins), and matching the schools
people typed to the directory (site admins)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from pdportal import policy
from pdportal.blueprints.reports import bp
from pdportal.blueprints.reports.forms import MatchForm, default_range
from pdportal.blueprints.reports.views import log_access
from pdportal.models import SchoolFlag
from pdportal.orm import utcnow
from pdportal.services import directory
from pdportal.services.reports import outreach


@bp.get("/schools-not-reached")
@login_required
def not_reached() -> str:
    policy.require(policy.can_open_reports(current_user))
    starts_on, ends_on = default_range(utcnow().date())
    counties = outreach.not_reached(policy.report_network_ids(current_user), starts_on, ends_on)
    log_access("schools-not-reached")
    return render_template(
        "reports/not_reached.html",
        counties=counties,
        starts_on=starts_on,
        ends_on=ends_on,
        SchoolFlag=SchoolFlag,
    )


@bp.get("/directory")
@login_required
def unlisted_schools() -> str:
    policy.require(policy.can_manage_directory(current_user))
    return render_template("reports/unlisted.html", schools=directory.unlisted())


@bp.post("/directory/match")
@login_required
def match_school() -> Response:
    policy.require(policy.can_manage_directory(current_user))
    form = MatchForm()
    if not form.validate():
        flash(_("Enter the state and code of a school in the directory."), "error")
        return redirect(url_for("reports.unlisted_schools"))
    school = directory.by_code(form.state.data or "", form.code.data or "")
    if school is None:
        flash(_("No school in the directory has that state and code."), "error")
        return redirect(url_for("reports.unlisted_schools"))
    matched = directory.match(form.typed_school.data, form.typed_district.data or "", school)
    flash(
        ngettext(
            "%(num)d person now has %(school)s as their school.",
            "%(num)d people now have %(school)s as their school.",
            matched,
            school=school.name,
        ),
        "success",
    )
    return redirect(url_for("reports.unlisted_schools"))
