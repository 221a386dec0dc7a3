"""The filter form's fields are rendered once and then reused (see `forms.py`): each
search must still show its own values, errors, language and choices."""

from __future__ import annotations

from datetime import UTC, datetime

from pdportal.blueprints.catalog import cache

STARTS = datetime(2031, 3, 4, 16, tzinfo=UTC)


def page(client, query: str, language: str = "en") -> str:
    cache.rendered.clear()  # the page itself is rendered again; its fields may be kept
    response = client.get(f"/workshops?{query}", headers={"Accept-Language": language})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_each_search_shows_its_own_words_choices_and_dates(client, make_workshop):
    make_workshop("Soil and water", starts_at=STARTS, topics=["science"])
    make_workshop("Fractions on a number line", starts_at=STARTS, topics=["mathematics"])
    page(client, "q=soil&topic=science&from=2031-01-02")

    html = page(client, "q=fractions&topic=mathematics&from=2031-02-03")

    assert 'value="fractions"' in html and 'value="soil"' not in html
    assert '<option selected value="mathematics">' in html
    assert '<option selected value="science">' not in html
    assert 'value="2031-02-03"' in html and 'value="2031-01-02"' not in html


def test_an_error_shows_only_with_the_value_that_caused_it(client, make_workshop):
    make_workshop(starts_at=STARTS)
    wrong = page(client, "from=2031-02-30")
    assert 'id="from-error"' in wrong and 'aria-invalid="true"' in wrong

    right = page(client, "from=2031-02-03")

    assert 'id="from-error"' not in right and 'aria-invalid="true"' not in right


def test_labels_and_errors_follow_the_language(client, make_workshop):
    make_workshop(starts_at=STARTS)
    page(client, "topic=unknown", language="en")

    spanish = page(client, "topic=unknown", language="es")
    english = page(client, "topic=unknown", language="en")

    assert ">Tema</label>" in spanish and ">Topic</label>" not in spanish
    assert ">Topic</label>" in english


def test_a_new_network_is_offered_as_soon_as_it_lists_a_workshop(
    client, make_workshop, make_network
):
    make_workshop(starts_at=STARTS)
    assert "Columbia Gorge STEM" not in page(client, "q=soil")

    make_workshop(starts_at=STARTS, network=make_network("Columbia Gorge STEM", slug="gorge"))

    assert '<option value="gorge">Columbia Gorge STEM</option>' in page(client, "q=soil")
