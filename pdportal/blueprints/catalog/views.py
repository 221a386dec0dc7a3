"""Routes of the catalog: the home page, the filtered workshop list, one workshop."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from flask import current_app, render_template, request, session
from flask_login import current_user
from markupsafe import Markup

from pdportal.blueprints.catalog import bp
from pdportal.blueprints.catalog.cache import (
    cache_key,
    cached,
    conditional_response,
    normalised_query,
    valid_until,
)
from pdportal.blueprints.catalog.forms import FILTER_PARAMS, CatalogFilterForm
from pdportal.models import GradeBand, Topic, WorkshopFormat
from pdportal.orm import utcnow
from pdportal.services import catalog, registration
from pdportal.templating import count_of, to_local

LABELS = {
    "topic": dict(Topic.choices()),
    "grade": dict(GradeBand.choices()),
    "format": dict(WorkshopFormat.choices()),
}


@bp.app_template_filter("time_range")
def time_range(start: datetime, end: datetime, time_zone: str) -> str:
    """A session's start and end in the network's zone, e.g. "4:00 PM – 7:00 PM PDT"."""
    local_start, local_end = to_local(start, time_zone), to_local(end, time_zone)
    start_text = local_start.strftime("%-I:%M %p")
    if local_start.date() != local_end.date():
        start_text = local_start.strftime("%a %b %-d, %-I:%M %p")
    return f"{start_text} – {local_end.strftime('%-I:%M %p')} {local_end.tzname()}"


@bp.app_template_filter("credit_hours")
def credit_hours(hours: Decimal | int | None) -> str:
    """Credit hours in words: "1 hour", "1.5 hours", "6 hours" (never "1.50 hours")."""
    value = Decimal(hours or 0)
    if value == value.to_integral_value():
        return count_of(int(value), "hour")
    return f"{value.normalize()} hours"  # a fraction of an hour is plural too


def _serves_shared_page() -> bool:
    """Anonymous visitors with nothing flashed all see the same page, so it may be shared.

    Read from the cookies alone: a signed-in visitor has a user id in the session or a
    remember-me cookie. (Cheaper than asking Flask-Login, on the busiest path.)
    """
    if "_user_id" in session or "_flashes" in session:
        return False
    return current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") not in request.cookies


@bp.get("/")
def index():
    def render() -> str:
        return render_template(
            "catalog/index.html",
            upcoming=catalog.upcoming(limit=6),
            labels=LABELS,
            cards_as_of=valid_until(),
        )

    if _serves_shared_page():
        return conditional_response(cache_key("index", ""), render, "text/html")
    return render()


def _render_results() -> str:
    """The search form and one page of results: the same for every visitor."""
    networks = catalog.networks()
    form = CatalogFilterForm(formdata=request.args, networks=networks)
    form.validate()
    filters = form.to_filters()
    result = catalog.search(
        filters,
        page=form.page_number,
        per_page=current_app.config["CATALOG_PAGE_SIZE"],
        zones={network.time_zone for network in networks},
        last_page_if_beyond=True,
    )
    return render_template(
        "catalog/_results.html",
        form=form,
        result=result,
        query_args=filters.query_args(),
        undated_args={k: v for k, v in filters.query_args().items() if k not in ("from", "to")},
        labels=LABELS,
        cards_as_of=valid_until(),
    )


def _fragment(html: str | bytes) -> Markup:
    text = html.decode() if isinstance(html, bytes) else html
    return Markup(text)  # noqa: S704 - rendered by our own autoescaping template


@bp.get("/workshops")
def workshops():
    key = cache_key("workshops", normalised_query((*FILTER_PARAMS, "page")))
    if _serves_shared_page():
        return conditional_response(
            key,
            lambda: render_template("catalog/workshops.html", results=_fragment(_render_results())),
            "text/html",
        )
    # Signed-in visitors see their own navigation: only the results fragment is shared.
    results = _fragment(cached(key + "\x1ffragment", _render_results)[0])
    return render_template("catalog/workshops.html", results=results)


@bp.get("/workshops/<slug>")
def detail(slug: str):
    workshop, can_manage = catalog.get_visible_workshop_or_404(slug, current_user)
    seat_status = registration.status_for(current_user, workshop)
    return render_template(
        "catalog/detail.html",
        workshop=workshop,
        seat_status=seat_status,  # the registration panel's (registration area)
        seats_left=seat_status.seats_left,
        waitlist_length=seat_status.waitlisted,
        can_manage=can_manage,
        labels=LABELS,
        now=utcnow(),
    )
