"""The API's OpenAPI 3.1 description, built from the code that answers (served at
/api/v1/openapi.json).

Paths come from the blueprint's URL rules (apispec's Flask plugin); the filters' names,
choices and limits from `services.catalog.filters` and the views' constants; the answers'
shapes are written once here beside the views that build them. `tests/api/test_openapi.py`
checks every route is described and runs schemathesis against the description.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from apispec import APISpec
from apispec_webframeworks.flask import FlaskPlugin
from flask import Flask

from pdportal.models import (
    CreditType,
    GradeBand,
    QuestionKind,
    Topic,
    WorkshopFormat,
    WorkshopStatus,
)
from pdportal.orm import LabelledEnum
from pdportal.services.catalog import filters
from pdportal.services.common.urls import base_url

OPENAPI_VERSION = "3.1.0"
JSON = "application/json"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _values(choices: type[LabelledEnum]) -> list[str]:
    return [str(member) for member in choices]


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {**schema, "type": [schema["type"], "null"]}


TEXT = {"type": "string"}
COUNT = {"type": "integer", "minimum": 0}
MOMENT = {"type": "string", "format": "date-time", "description": "UTC, ending in Z"}
MAYBE_MOMENT = _nullable(MOMENT)


def _object(properties: dict[str, Any], *, optional: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
    }


def _schemas() -> dict[str, dict[str, Any]]:
    common = {
        "slug": TEXT,
        "title": TEXT,
        "summary": TEXT,
        "network": _ref("Network"),
        "format": {"type": "string", "enum": _values(WorkshopFormat)},
        "topics": {"type": "array", "items": {"type": "string", "enum": _values(Topic)}},
        "grade_bands": {
            "type": "array",
            "items": {"type": "string", "enum": _values(GradeBand)},
        },
        "price_cents": COUNT,
        "credit_hours": {"type": "string", "pattern": r"^\d+\.\d{2}$"},
        "credit_type": {"type": "string", "enum": _values(CreditType)},
        "starts_at": MAYBE_MOMENT,
        "ends_at": MAYBE_MOMENT,
        "time_zone": TEXT,
        "capacity": COUNT,
        "seats_taken": COUNT,
        "seats_left": COUNT,
        "waitlist_length": COUNT,
        "url": {"type": "string", "format": "uri"},
    }
    session = {"starts_at": MOMENT, "ends_at": MOMENT}
    return {
        "Error": _object({"error": TEXT, "fields": _ref("FieldMessages")}, optional=("fields",)),
        "FieldMessages": {
            "type": "object",
            "description": "Messages keyed by query parameter, in the request's language",
            "additionalProperties": {"type": "array", "items": TEXT},
        },
        "Network": _object({"slug": TEXT, "name": TEXT}),
        "Session": _object(session),
        "WorkshopItem": _object(
            {**common, "sessions": {"type": "array", "items": _ref("Session")}}
        ),
        "WorkshopList": _object(
            {
                "total": COUNT,
                "page": {"type": "integer", "minimum": 1},
                "pages": {"type": "integer", "minimum": 1},
                "per_page": {"type": "integer", "minimum": 1},
                "next": _nullable({"type": "string", "format": "uri"}),
                "workshops": {"type": "array", "items": _ref("WorkshopItem")},
                "message": {"type": "string", "description": "Only past the last page"},
                "searched": {
                    "type": "array",
                    "description": "Only with `q`: the terms searched for, each as typed "
                    "(normalised) with the synonyms also accepted; every term must match",
                    "items": _object({"words": TEXT, "also": {"type": "array", "items": TEXT}}),
                },
                "alternatives": {
                    "type": "array",
                    "description": "Only when nothing matched: the nearest searches that "
                    "find workshops (a word or a filter left out, any date), most first",
                    "items": _object(
                        {
                            "widening": {
                                "type": "string",
                                "enum": ["drop_word", "any_date", "drop_filter"],
                            },
                            "detail": TEXT,
                            "total": COUNT,
                            "url": {"type": "string", "format": "uri"},
                        }
                    ),
                },
            },
            optional=("message", "searched", "alternatives"),
        ),
        "Workshop": _object(
            {
                **common,
                "status": {"type": "string", "enum": _values(WorkshopStatus)},
                "is_cancelled": {"type": "boolean"},
                "cancelled_reason": TEXT,
                "description_markdown": TEXT,
                "description_html": TEXT,
                "venue": TEXT,
                "address": TEXT,
                "sessions": {
                    "type": "array",
                    "items": _object(
                        {**session, "location": TEXT, "is_cancelled": {"type": "boolean"}}
                    ),
                },
                "requires_approval": {
                    "type": "boolean",
                    "description": "Each registration needs the educator's supervisor's approval",
                },
                "questions": {
                    "type": "array",
                    "description": "What registering asks (never anyone's answers)",
                    "items": _ref("Question"),
                },
            }
        ),
        "Question": _object(
            {
                "label": TEXT,
                "kind": {"type": "string", "enum": _values(QuestionKind)},
                "is_required": {"type": "boolean"},
                "choices": {"type": "array", "items": TEXT},
            }
        ),
    }


def _answer(description: str, schema: str) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": _ref(schema)}}}


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"in": "query", "name": name, "schema": schema, "description": description}


BAD_REQUEST = _answer("A query parameter holds a control character", "Error")
NOT_FOUND = _answer("No published, cancelled or completed workshop has this slug", "Error")


def _list_parameters(max_per_page: int) -> list[dict[str, Any]]:
    def choice(name: str) -> dict[str, Any]:
        return _query(
            name,
            {"type": "string", "enum": _values(filters.CHOICES[name])},
            f"Only workshops with this {name}; another value is a 400",
        )

    day = {"type": "string", "format": "date"}
    years = f"{filters.FIRST_YEAR}–{filters.LAST_YEAR}"
    flag = {"type": "boolean"}
    return [
        _query(
            "q",
            TEXT,
            "Words, in any order, each of which must match the title, summary, description, "
            "topics, grade bands, network, place, format or facilitators (synonyms and "
            'plurals understood; "quoted phrase", `or` between two words); best match '
            f"first. The first {filters.MAX_QUERY_LENGTH} characters count",
        ),
        choice("topic"),
        choice("grade"),
        choice("format"),
        _query(
            "network",
            {"type": "string", "maxLength": filters.MAX_NETWORK_LENGTH},
            "A network's slug; an unknown one is a 400",
        ),
        _query(
            "county",
            {"type": "string", "maxLength": filters.MAX_COUNTY_LENGTH},
            "Only workshops meeting in this county (e.g. King); one where no workshop "
            "meets is a 400",
        ),
        _query("online", flag, "Only workshops one can join online (online or hybrid)"),
        _query("from", day, f"First session on or after this day ({years}), network's time"),
        _query("to", day, f"First session on or before this day ({years}), network's time"),
        _query("free", flag, "Only free workshops"),
        _query("available", flag, "Only workshops with a seat left"),
        _query(
            "page",
            {"type": "integer", "minimum": 1, "maximum": filters.MAX_PAGE},
            "Past the last page the list is empty and says so in `message`",
        ),
        _query(
            "per_page",
            {"type": "integer", "minimum": 1, "maximum": max_per_page, "default": 20},
            "Workshops per page",
        ),
        {
            "in": "header",
            "name": "If-None-Match",
            "schema": TEXT,
            "description": "An ETag from an earlier answer: 304 while the list is unchanged",
        },
    ]


def _operations(max_per_page: int) -> dict[str, dict[str, Any]]:
    return {
        "workshops": {
            "summary": "Upcoming published workshops, filtered as in the catalog",
            "operationId": "listWorkshops",
            "parameters": _list_parameters(max_per_page),
            "responses": {
                "200": {
                    **_answer("A page of workshops", "WorkshopList"),
                    "headers": {"ETag": {"schema": TEXT}},
                },
                "304": {"description": "Unchanged since the ETag given in If-None-Match"},
                "400": _answer("A filter is not valid; `fields` says which and why", "Error"),
            },
        },
        "workshop": {
            "summary": "One workshop, with its description and sessions",
            "operationId": "getWorkshop",
            "parameters": [{"in": "path", "name": "slug", "required": True, "schema": TEXT}],
            "responses": {
                "200": _answer("The workshop", "Workshop"),
                "400": BAD_REQUEST,
                "404": NOT_FOUND,
            },
        },
        "openapi": {
            "summary": "This description",
            "operationId": "getOpenAPI",
            "responses": {
                "200": {
                    "description": "OpenAPI 3.1",
                    "content": {JSON: {"schema": {"type": "object"}}},
                },
                "400": BAD_REQUEST,
            },
        },
    }


def build(app: Flask, views: dict[str, Callable[..., Any]], max_per_page: int) -> dict[str, Any]:
    """The description of the views (`{operation name: view}`, each a GET)."""
    spec = APISpec(
        title="pdportal catalog API",
        version="1",
        openapi_version=OPENAPI_VERSION,
        plugins=[FlaskPlugin()],
        info={
            "description": "The read-only JSON catalog of professional-development workshops. "
            "Every answer allows any origin; messages follow Accept-Language (en, es)."
        },
        servers=[{"url": base_url() or "/"}],
    )
    for name, schema in _schemas().items():
        spec.components.schema(name, schema)
    operations = _operations(max_per_page)
    for name, view in views.items():
        spec.path(view=view, app=app, operations={"get": operations[name]})
    return spec.to_dict()
