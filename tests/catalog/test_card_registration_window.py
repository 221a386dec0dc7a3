"""Catalog cards say when registration is closed or not yet open, instead of seats left."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pdportal.blueprints.catalog import cache


def card_html(response, title: str) -> str:
    html = response.get_data(as_text=True)
    start = html.index(f">{title}</a>")
    return html[start : html.index("</li>", start)]


@pytest.mark.parametrize("path", ["/", "/workshops"])
def test_a_card_says_registration_closed_not_seats_left(client, make_workshop, path):
    make_workshop("Closed early", registration_closes_at=datetime.now(UTC) - timedelta(hours=1))
    make_workshop("Still open")

    response = client.get(path)

    closed = card_html(response, "Closed early")
    assert "Registration closed" in closed and "left" not in closed
    assert "20 seats left" in card_html(response, "Still open")


def test_a_card_says_when_registration_opens(client, make_workshop):
    opens = (datetime.now(UTC) + timedelta(days=5)).replace(hour=17, minute=0)
    make_workshop("Opens later", registration_opens_at=opens)

    card = card_html(client.get("/workshops"), "Opens later")

    assert f"Opens {opens:%a %b} {opens.day}, {opens.year}" in card
    assert "left" not in card


def test_a_cached_page_does_not_keep_saying_seats_left_after_closing(
    client, make_workshop, monkeypatch
):
    closes = datetime.now(UTC) + timedelta(minutes=10)
    make_workshop("Closing soon", registration_closes_at=closes)
    assert "20 seats left" in card_html(client.get("/workshops"), "Closing soon")

    # Ten minutes on: nothing changed in the database, the catalog version is the same.
    later = closes.timestamp() + 1
    monkeypatch.setattr(cache.time, "time", lambda: later)

    card = card_html(client.get("/workshops"), "Closing soon")

    assert "Registration closed" in card and "left" not in card
