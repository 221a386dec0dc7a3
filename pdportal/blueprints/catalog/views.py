"""Routes of the catalog: the home page, the filtered workshop list, one workshop."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from flask import current_app, get_template_attribute, render_template, request, session
from flask_babel import format_decimal, gettext, ngettext
from flask_login import current_user
from markupsafe import Markup, escape

from pdportal import policy
from pdportal.blueprints import lookups
from pdportal.blueprints.catalog import bp
from pdportal.blueprints.catalog.back_link import list_url
from pdportal.blueprints.catalog.cache import (
    cache_key,
    cached,
    card_key,
    cards,
    conditional_response,
    layouts,
    normalised_query,
    scope_of,
    valid_until,
    version_of,
)
from pdportal.blueprints.catalog.forms import FilterFields
from pdportal.blueprints.catalog.messages import alternative_label, filter_error_message
from pdportal.i18n import (
    format_local_date,
    format_local_pattern,
    format_local_time,
    to_local,
)
from pdportal.models import Designation, GradeBand, Topic, WorkshopFormat
from pdportal.orm import utcnow
from pdportal.services import catalog, registration

LABELS = {
    "designation": dict(Designation.choices()),
    "topic": dict(Topic.choices()),
    "grade": dict(GradeBand.choices()),
    "format": dict(WorkshopFormat.choices()),
}


def _clock(value: datetime, time_zone: str) -> str:
    """The time of day in the zone, without the zone's name ("4:00 PM")."""
    zone_name = to_local(value, time_zone).tzname()
    return format_local_time(value, time_zone).removesuffix(f" {zone_name}")


@bp.app_template_filter("time_range")
def time_range(start: datetime, end: datetime, time_zone: str) -> str:
    """A session's start and end in the network's zone, e.g. "4:00 PM – 7:00 PM PDT"."""
    start_text = _clock(start, time_zone)
    if to_local(start, time_zone).date() != to_local(end, time_zone).date():
        start_text = gettext(
            "%(day)s, %(time)s", day=format_local_date(start, time_zone), time=start_text
        )
    return gettext("%(start)s – %(end)s", start=start_text, end=format_local_time(end, time_zone))


@bp.app_template_filter("date_block")
def date_block(value: datetime, time_zone: str) -> dict[str, str]:
    """A card's date block: month, day and weekday, short, in the network's zone."""
    return {
        part: format_local_pattern(value, time_zone, pattern)
        for part, pattern in (("month", "MMM"), ("day", "d"), ("weekday", "EEE"))
    }


@bp.app_template_filter("credit_hours")
def credit_hours(hours: Decimal | int | None) -> str:
    """Credit hours in words: "1 hour", "1.5 hours", "6 hours" (never "1.50 hours")."""
    value = Decimal(hours or 0)
    if value == value.to_integral_value():
        return ngettext("%(num)s hour", "%(num)s hours", int(value))
    # A fraction of an hour is plural too.
    return gettext("%(num)s hours", num=format_decimal(value.normalize()))


def _serves_shared_page() -> bool:
    """Anonymous visitors with nothing flashed all see the same page, so it may be shared
    (one per language: the cache key carries it).

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


def _cards(items: list[catalog.CatalogItem], page_key: str) -> list[Markup]:
    """The result cards' HTML, each rendered once per language, data version and minute."""
    card = get_template_attribute("catalog/_card.html", "card")
    as_of = valid_until()
    return [
        Markup(  # noqa: S704 - rendered by our own autoescaping template macro
            cards.get_or_build(
                card_key(page_key, item.id),
                lambda item=item: str(card(item, LABELS, as_of, heading="h3")),
            )
        )
        for item in items
    ]


def _render_results(page_key: str) -> str:
    """The search form and one page of results: the same for every visitor (of a language)."""
    version = version_of(page_key)
    choices = catalog.filter_choices(version)
    parsed = catalog.parse_filters(request.args, choices.network_slugs, choices.counties)
    filters = parsed.filters
    zones = choices.zones
    result = catalog.search(
        filters,
        page=parsed.page,
        per_page=current_app.config["CATALOG_PAGE_SIZE"],
        zones=zones,
        last_page_if_beyond=True,
        version=version,
    )
    nearest = []
    if not result.total and not filters.is_backwards:
        nearest = [
            (alternative_label(alternative), alternative)
            for alternative in catalog.alternatives(filters, zones=zones, version=version)
        ]
    return render_template(
        "catalog/_results.html",
        fields=FilterFields(request.args, parsed, choices, scope_of(page_key)),
        nearest=nearest,
        page_errors=[filter_error_message(e) for e in parsed.errors if e.field == "page"],
        range_is_backwards=filters.is_backwards,
        result=result,
        cards=_cards(result.items, page_key),
        query_args=filters.query_args(),
        undated_args={k: v for k, v in filters.query_args().items() if k not in ("from", "to")},
    )


def _fragment(html: str | bytes) -> Markup:
    text = html.decode() if isinstance(html, bytes) else html
    return Markup(text)  # noqa: S704 - rendered by our own autoescaping template


# Where the results and the footer's language form's `next` go in a kept page layout.
_RESULTS_MARK = Markup("<!--pdportal:results-->")
_NEXT_MARK = "pdportal:language-next"


def _shared_page(page_key: str, results: Markup) -> str:
    """The workshop list page around `results`, for anonymous visitors.

    Its layout (head, menu, footer) is the same on every such page of a scope (language,
    data, minute) but for the path the language choice returns to, so it is rendered
    once a scope with marks where the results and that path go, and filled in.
    """
    before, between, after = layouts.get_or_build(
        f"workshops\x1f{scope_of(page_key)}",
        lambda: _split_layout(
            render_template(
                "catalog/workshops.html", results=_RESULTS_MARK, language_next=_NEXT_MARK
            )
        ),
    )
    here = request.full_path if request.query_string else request.path
    return f"{before}{results}{between}{escape(here)}{after}"


def _split_layout(html: str) -> tuple[str, str, str]:
    before, rest = html.split(_RESULTS_MARK)
    between, after = rest.split(_NEXT_MARK)
    return before, between, after


@bp.get("/workshops")
def workshops():
    key = cache_key("workshops", normalised_query((*catalog.FILTER_PARAMS, "page")))
    if _serves_shared_page():
        return conditional_response(
            key, lambda: _shared_page(key, _fragment(_render_results(key))), "text/html"
        )
    # Signed-in visitors see their own navigation: only the results fragment is shared.
    results = _fragment(cached(key + "\x1ffragment", lambda: _render_results(key))[0])
    return render_template("catalog/workshops.html", results=results)


@bp.get("/workshops/<slug>")
def detail(slug: str):
    workshop = lookups.visible_workshop_or_404(slug)
    seat_status = registration.status_for(current_user, workshop)
    return render_template(
        "catalog/detail.html",
        workshop=workshop,
        seat_status=seat_status,  # the registration panel's (registration area)
        seats_left=seat_status.seats_left,
        waitlist_length=seat_status.waitlisted,
        can_manage=policy.can_manage_workshop(current_user, workshop),
        labels=LABELS,
        now=utcnow(),
        list_url=list_url(),
    )
