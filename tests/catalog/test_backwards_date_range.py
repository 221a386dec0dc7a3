"""A date range whose end is before its start: an error and no results, page and API alike."""

from __future__ import annotations

from tests.catalog.test_workshop_list import in_days, titles


def test_the_page_shows_the_error_and_lists_nothing(client, make_workshop):
    make_workshop("Math", starts_at=in_days(10), topics=["mathematics"])
    start, end = in_days(20).date(), in_days(1).date()

    response = client.get(f"/workshops?topic=mathematics&from={start}&to={end}")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The end date is before the start date." in html
    assert titles(response) == []
    assert "because the end date is before the start date" in html
    assert 'href="/workshops?topic=mathematics"' in html  # the same filters, any date


def test_the_api_rejects_it_too(client, make_workshop):
    make_workshop("Math", starts_at=in_days(10))
    start, end = in_days(20).date(), in_days(1).date()

    response = client.get(f"/api/v1/workshops?from={start}&to={end}")

    assert response.status_code == 400
    assert response.get_json()["fields"]["to"] == ["The end date is before the start date."]
    assert "workshops" not in response.get_json()
