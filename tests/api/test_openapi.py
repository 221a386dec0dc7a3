"""The API's OpenAPI description is complete and true: schemathesis generates requests
from it and checks every answer against it, on SQLite and on PostgreSQL."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from pdportal.extensions import db
from pdportal.models import (
    Network,
    Registration,
    RegistrationStatus,
    User,
    Workshop,
    WorkshopFormat,
    WorkshopSession,
    WorkshopStatus,
)

DESCRIPTION = "/api/v1/openapi.json"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
EXAMPLES = 30  # per operation and generation mode: a few seconds per database


def _add_catalog() -> list[str]:
    """A small catalog: online and in person, free and paid, one full, one cancelled."""
    network = Network(name="Oregon STEM Hub", slug="or-hub", time_zone="America/Los_Angeles")
    user = User(email="api@example.org", name="A", password_hash="x")
    soon = datetime.now(UTC).replace(microsecond=0) + timedelta(days=10)
    specs = [
        ("math", WorkshopStatus.PUBLISHED, WorkshopFormat.IN_PERSON, 0, ["mathematics"]),
        ("cs", WorkshopStatus.PUBLISHED, WorkshopFormat.ONLINE, 500, ["computer_science"]),
        ("snow", WorkshopStatus.CANCELLED, WorkshopFormat.HYBRID, 0, []),
        ("draft", WorkshopStatus.DRAFT, WorkshopFormat.IN_PERSON, 0, []),
    ]
    workshops = []
    for index, (slug, status, format_, price, topics) in enumerate(specs):
        start = soon + timedelta(days=index)
        workshop = Workshop(
            network=network,
            slug=slug,
            title=f"Workshop {slug}",
            summary="Hands-on *STEM*",
            description="**Bring** a laptop <script>x</script>",
            status=status,
            format=format_,
            price_cents=price,
            topics=topics,
            grade_bands=["6_8"],
            capacity=1,
            credit_hours=Decimal("3"),
            starts_at=start,
            ends_at=start + timedelta(hours=3),
        )
        workshop.sessions.append(
            WorkshopSession(starts_at=start, ends_at=start + timedelta(hours=3))
        )
        workshops.append(workshop)
    db.session.add_all([network, user, *workshops])
    db.session.flush()
    db.session.add(
        Registration(
            user_id=user.id, workshop_id=workshops[0].id, status=RegistrationStatus.CONFIRMED
        )
    )
    db.session.commit()
    return [slug for slug, *_ in specs]


def _run_schemathesis(app: Flask) -> None:
    slugs = _add_catalog()
    schema = schemathesis.openapi.from_wsgi(DESCRIPTION, app)
    schema.validate()
    for result in schema.get_all_operations():
        operation = result.ok()
        for slug in [*slugs, "nope"] if "{slug}" in operation.path else []:
            operation.Case(path_parameters={"slug": slug}).call_and_validate(checks=CHECKS)
        modes = [GenerationMode.POSITIVE]
        parameters = operation.definition.raw.get("parameters", [])
        if any(p["in"] == "query" for p in parameters):  # a slug: any text is one
            modes.append(GenerationMode.NEGATIVE)
        for mode in modes:

            @settings(
                max_examples=EXAMPLES,
                derandomize=True,
                database=None,
                deadline=None,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def check(case) -> None:
                case.call_and_validate(checks=CHECKS)

            check()


def test_schemathesis_finds_nothing_on_sqlite(app):
    _run_schemathesis(app)


@pytest.mark.postgres
def test_schemathesis_finds_nothing_on_postgresql(pg_app):
    _run_schemathesis(pg_app)


def test_description_is_openapi_3_1_naming_every_route(app, client):
    response = client.get(DESCRIPTION)

    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    description = response.get_json()
    assert description["openapi"] == "3.1.0"
    schemathesis.openapi.from_dict(description).validate()  # the OpenAPI 3.1 meta-schema
    routes = {
        re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
    }
    assert routes == set(description["paths"])
    listing = description["paths"]["/api/v1/workshops"]["get"]
    assert {p["name"] for p in listing["parameters"] if p["in"] == "query"} == {
        "q", "topic", "grade", "format", "network", "county", "online", "from", "to", "free",
        "available", "page", "per_page",
    }  # fmt: skip
    for path in description["paths"].values():
        assert "400" in path["get"]["responses"]


def test_host_header_never_reaches_an_answer_nor_the_cache(client, make_workshop):
    make_workshop("Quantum x", slug="quantum-x")
    for _ in range(25):
        make_workshop("Extra x")  # a second page, so `next` is a link too

    poisoned = client.get("/api/v1/workshops?q=x", headers={"Host": "evil.example"})
    later = client.get("/api/v1/workshops?q=x")
    one = client.get("/api/v1/workshops/quantum-x", headers={"Host": "evil.example"})

    for response in (poisoned, later, one):
        assert response.status_code == 200
        assert "evil.example" not in response.get_data(as_text=True)
        assert "evil.example" not in str(response.headers)
    assert later.get_json()["next"].startswith("http://localhost/api/v1/workshops?")
    assert later.get_json()["workshops"][0]["url"].startswith("http://localhost/workshops/")
