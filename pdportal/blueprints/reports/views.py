"""Reach and equity reports for network admins (their networks) and site admins (all):
the table with its chart, the same table as CSV, schools not reached, the access log."""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from pdportal import policy
from pdportal.blueprints.lookups import managed_networks
from pdportal.blueprints.reports import bp
from pdportal.blueprints.reports import messages as say
from pdportal.blueprints.reports.forms import ReachForm
from pdportal.documents.spreadsheet import csv_download
from pdportal.orm import utcnow
from pdportal.services.reports import access, reach
from pdportal.services.reports.reach import ReachTable


@dataclass(frozen=True)
class Line:
    """One row of the table as shown: its name, its cells and its total, in words."""

    label: str
    cells: list[str]
    total: str
    bar: float | None  # the total's share of the largest shown total, for the chart
    is_total: bool = False


def lines(table: ReachTable) -> list[Line]:
    query = table.query
    rows = [
        (say.key_label(table, query.rows, key), index) for index, key in enumerate(table.row_keys)
    ]
    totals = [table.value(index, None) for _label, index in rows]
    largest = max((float(v) for v in totals if v is not None), default=0) or 1
    shown = [
        Line(
            label,
            [say.figure(table.value(index, c)) for c in range(len(table.column_keys))],
            say.figure(total),
            None if total is None else float(total) / largest,
        )
        for (label, index), total in zip(rows, totals, strict=True)
    ]
    shown.append(
        Line(
            _("Total (each person once)"),
            [say.figure(table.value(None, c)) for c in range(len(table.column_keys))],
            say.figure(table.value(None, None) if table.is_cross_tab else table.value(None, 0)),
            None,
            is_total=True,
        )
    )
    return shown


def column_labels(table: ReachTable) -> list[str]:
    of = table.query.columns
    if of is None:
        return []
    return [say.key_label(table, of, key) for key in table.column_keys]


def _report() -> tuple[ReachForm, ReachTable | None]:
    policy.require(policy.can_open_reports(current_user))
    form = ReachForm(request.args, networks=managed_networks())
    if request.args and not form.validate():
        return form, None
    table = reach.build(form.query(policy.report_network_ids(current_user), utcnow().date()))
    return form, table


def log_access(kind: str) -> None:
    access.record(current_user, kind, request.query_string.decode("utf-8", "replace"))


@bp.get("/reach")
@login_required
def reach_report() -> str:
    form, table = _report()
    log_access("reach")
    return render_template(
        "reports/reach.html",
        form=form,
        table=table,
        lines=lines(table) if table else [],
        column_labels=column_labels(table) if table else [],
        say=say,
    )


@bp.get("/reach.csv")
@login_required
def reach_csv() -> Response:
    form, table = _report()
    if table is None:
        return Response(_("Check the report's filters."), status=400, mimetype="text/plain")
    log_access("reach.csv")
    query = table.query
    header = [say.dimension(query.rows), *column_labels(table)]
    header.append(_("Total") if table.is_cross_tab else say.measure(query.measure))
    rows: list[list[object]] = [header]
    for line in lines(table):
        cells = line.cells if table.is_cross_tab else []
        rows.append([line.label, *cells, line.total])
    name = f"reach-{query.measure}-by-{query.rows}"
    if query.columns:
        name += f"-and-{query.columns}"
    return csv_download(rows, f"{name}-{query.starts_on}-{query.ends_on}.csv")


@bp.get("/log")
@login_required
def access_log() -> str:
    policy.require(policy.can_see_report_log(current_user))
    return render_template("reports/log.html", entries=access.latest())
