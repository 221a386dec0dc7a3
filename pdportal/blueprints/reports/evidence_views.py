"""What a network shows its funders beside reach: the seats its sponsored codes paid for
(by school flags) and what attendees said weeks later about using their learning. Same
readers, same suppression, same CSV as the reach report."""

from __future__ import annotations

from typing import TypeVar

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from pdportal import policy
from pdportal.blueprints.lookups import managed_networks
from pdportal.blueprints.reports import bp
from pdportal.blueprints.reports import messages as say
from pdportal.blueprints.reports.forms import ImpactForm, PeriodForm, SponsoredForm
from pdportal.blueprints.reports.views import Line, log_access, table_csv, table_lines
from pdportal.models import ImpactAnswer
from pdportal.orm import utcnow
from pdportal.services.reports import impact, sponsored
from pdportal.services.reports.impact import ImpactTable
from pdportal.services.reports.sponsored import SponsoredTable

F = TypeVar("F", bound=PeriodForm)


def _filters(form_class: type[F]) -> tuple[F, bool]:
    """The report's filters, and whether they are good to build it from."""
    policy.require(policy.can_open_reports(current_user))
    form = form_class(request.args, networks=managed_networks())
    return form, not request.args or form.validate()


def _bad_filters() -> Response:
    return Response(_("Check the report's filters."), status=400, mimetype="text/plain")


# --- sponsored seats -----------------------------------------------------------------


def _sponsored() -> tuple[SponsoredForm, SponsoredTable | None]:
    form, good = _filters(SponsoredForm)
    if not good:
        return form, None
    scope = policy.report_network_ids(current_user)
    return form, sponsored.build(form.query(scope, utcnow().date()))


def _sponsored_lines(table: SponsoredTable) -> list[Line]:
    labels = [say.code_label(table.codes[key]) for key in table.row_keys]
    return table_lines(labels, table.value, len(table.column_keys))


def _flag_labels(table: SponsoredTable) -> list[str]:
    return [say.flag_label(key) for key in table.column_keys]


@bp.get("/sponsored")
@login_required
def sponsored_report() -> str:
    form, table = _sponsored()
    log_access("sponsored")
    return render_template(
        "reports/sponsored.html",
        form=form,
        table=table,
        lines=_sponsored_lines(table) if table else [],
        column_labels=_flag_labels(table) if table else [],
        say=say,
    )


@bp.get("/sponsored.csv")
@login_required
def sponsored_csv() -> Response:
    form, table = _sponsored()
    if table is None:
        return _bad_filters()
    log_access("sponsored.csv")
    query = table.query
    name = f"sponsored-{query.measure}-{query.starts_on}-{query.ends_on}.csv"
    return table_csv(_("Code"), _flag_labels(table), _("Total"), _sponsored_lines(table), name)


# --- impact follow-up ----------------------------------------------------------------


def _impact() -> tuple[ImpactForm, ImpactTable | None]:
    form, good = _filters(ImpactForm)
    if not good:
        return form, None
    scope = policy.report_network_ids(current_user)
    return form, impact.results(form.query(scope, utcnow().date()))


def _impact_lines(table: ImpactTable) -> list[Line]:
    labels = [
        _("%(name)s (%(asked)s asked)", name=table.names[key], asked=table.asked[key])
        for key in table.row_keys
    ]
    return table_lines(labels, table.value, len(table.column_keys))


@bp.get("/impact")
@login_required
def impact_report() -> str:
    form, table = _impact()
    log_access("impact")
    return render_template(
        "reports/impact.html",
        form=form,
        table=table,
        lines=_impact_lines(table) if table else [],
        column_labels=[answer.label for answer in ImpactAnswer],
        weeks=impact.due_after().days // 7,
        say=say,
    )


@bp.get("/impact.csv")
@login_required
def impact_csv() -> Response:
    form, table = _impact()
    if table is None:
        return _bad_filters()
    log_access("impact.csv")
    query = table.query
    name = f"impact-by-{query.by}-{query.starts_on}-{query.ends_on}.csv"
    answers = [answer.label for answer in ImpactAnswer]
    heading = say.IMPACT_BY[query.by]
    return table_csv(str(heading), answers, _("Answered"), _impact_lines(table), name)
