"""The read-only JSON catalog (/api/v1): the same filters and query as the HTML catalog.

Partner websites embed it, so every answer allows any origin, and list answers carry
the catalog's ETag (see `pdportal.blueprints.catalog.cache`). A list answer gives
`total`, `page`, `pages` (at least 1) and `next` (null on the last page); a page past
the last one is empty (not the last page again) and carries a `message` saying so.

Languages: the data is the same in every language (enum values such as `in_person`,
never labels; titles as their organisers wrote them). The few sentences an answer
carries (`error`, `fields`, `message`) follow the request's language like the pages do
(Accept-Language, else English), so answers are cached per language and vary on
Accept-Language; a client that sends none gets English.

GET /api/v1/openapi.json describes these routes in OpenAPI 3.1 (`openapi.py`); a change
to an answer's shape or a filter changes it too, or schemathesis fails in the tests.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Response, current_app, request
from flask_babel import gettext

from pdportal.blueprints import lookups
from pdportal.blueprints.api import bp, openapi
from pdportal.blueprints.catalog.cache import (
    cache_key,
    conditional_response,
    normalised_query,
    version_of,
)
from pdportal.blueprints.catalog.messages import field_messages
from pdportal.models import WorkshopStatus
from pdportal.services import catalog, registration
from pdportal.services.catalog import CatalogItem
from pdportal.services.common.markdown import render_markdown
from pdportal.services.common.urls import external_url

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20


@bp.after_request
def allow_any_origin(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = "ETag"
    return response


def _iso(value) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def _item(item: CatalogItem) -> dict[str, Any]:
    return {
        "slug": item.slug,
        "title": item.title,
        "summary": item.summary,
        "network": {"slug": item.network_slug, "name": item.network_name},
        "format": str(item.format),
        "topics": item.topics,
        "grade_bands": item.grade_bands,
        "price_cents": item.price_cents,
        "credit_hours": str(item.credit_hours),
        "credit_type": str(item.credit_type),
        "starts_at": _iso(item.starts_at),
        "ends_at": _iso(item.ends_at),
        "time_zone": item.time_zone,
        "sessions": [
            {"starts_at": _iso(s.starts_at), "ends_at": _iso(s.ends_at)} for s in item.sessions
        ],
        "capacity": item.capacity,
        "seats_taken": item.seats_taken,
        "seats_left": item.seats_left,
        "waitlist_length": item.waitlist_length,
        "url": external_url("catalog.detail", slug=item.slug),
    }


def _json(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def _per_page() -> int | None:
    raw = request.args.get("per_page", "")
    if not raw:
        return DEFAULT_PER_PAGE
    return int(raw) if raw.isdecimal() and 1 <= int(raw) <= MAX_PER_PAGE else None


def _render_list(key: str) -> tuple[bytes, int]:
    version = version_of(key)
    choices = catalog.filter_choices(version)
    parsed = catalog.parse_filters(request.args, choices.network_slugs, choices.counties)
    errors = field_messages(parsed.errors, refused=True)
    per_page = _per_page()
    if per_page is None:
        errors["per_page"] = [gettext("Give a whole number from 1 to %(most)s.", most=MAX_PER_PAGE)]
    if errors:
        return _json({"error": gettext("Some filters are not valid."), "fields": errors}), 400
    filters = parsed.filters
    zones = choices.zones
    result = catalog.search(
        filters, page=parsed.page, per_page=per_page, zones=zones, version=version
    )
    next_url = None
    if result.has_next:
        next_url = external_url(
            "api.workshops", **filters.query_args(), page=result.page + 1, per_page=per_page
        )
    payload: dict[str, Any] = {
        "total": result.total,
        "page": result.page,
        "pages": result.pages,
        "per_page": per_page,
        "next": next_url,
        "workshops": [_item(item) for item in result.items],
    }
    if result.query:
        payload["searched"] = [
            {"words": term.typed, "also": list(term.also)} for term in result.query.terms
        ]
    if not result.total and not filters.is_backwards:
        payload["alternatives"] = [
            {
                "widening": str(alternative.widening),
                "detail": alternative.detail,
                "total": alternative.total,
                "url": external_url(
                    "api.workshops", **alternative.filters.query_args(), per_page=per_page
                ),
            }
            for alternative in catalog.alternatives(filters, zones=zones, version=version)
        ]
    if result.is_beyond_last:
        # Not clamped: a client counting pages up until one comes back empty must stop.
        payload["message"] = gettext(
            "There is no page %(page)s; the last page is %(last)s.",
            page=result.page,
            last=result.pages,
        )
    return _json(payload), 200


@bp.get("/workshops")
def workshops():
    key = cache_key("api", normalised_query((*catalog.FILTER_PARAMS, "page", "per_page")))
    return conditional_response(key, lambda: _render_list(key), "application/json")


@bp.get("/workshops/<slug>")
def workshop(slug: str):
    found = lookups.public_workshop_or_404(slug)
    counts = registration.seat_counts([found.id])[found.id]
    payload = {
        "slug": found.slug,
        "title": found.title,
        "summary": found.summary,
        "status": str(found.status),
        "is_cancelled": found.status == WorkshopStatus.CANCELLED,
        "cancelled_reason": found.cancelled_reason,
        "network": {"slug": found.network.slug, "name": found.network.name},
        "description_markdown": found.description,
        "description_html": str(render_markdown(found.description)),
        "format": str(found.format),
        "venue": found.venue if found.format != "online" else "",
        "address": found.address if found.format != "online" else "",
        "topics": found.topics,
        "grade_bands": found.grade_bands,
        "price_cents": found.price_cents,
        "credit_hours": str(found.credit_hours),
        "credit_type": str(found.credit_type),
        "starts_at": _iso(found.starts_at),
        "ends_at": _iso(found.ends_at),
        "time_zone": found.network.time_zone,
        "sessions": [
            {
                "starts_at": _iso(s.starts_at),
                "ends_at": _iso(s.ends_at),
                "location": s.location,
                "is_cancelled": s.is_cancelled,
            }
            for s in found.sessions
        ],
        "capacity": found.capacity,
        "seats_taken": counts.taken,
        "seats_left": max(found.capacity - counts.taken, 0),
        "waitlist_length": counts.waitlisted,
        "url": external_url("catalog.detail", slug=found.slug),
        "requires_approval": found.requires_approval,
        "questions": [
            {
                "label": question.label,
                "kind": str(question.kind),
                "is_required": question.is_required,
                "choices": question.choices,
            }
            for question in registration.asked(found.id)
        ],
    }
    return Response(_json(payload), mimetype="application/json")


@bp.get("/openapi.json")
def openapi_description():
    views = {"workshops": workshops, "workshop": workshop, "openapi": openapi_description}
    description = openapi.build(current_app, views, MAX_PER_PAGE)
    return Response(_json(description), mimetype="application/json")
