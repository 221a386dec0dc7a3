"""The filter form's fields are rendered once and then reused (see `forms.py`): each
search must still show its own values, errors, language and choices."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from flask import request
from hypothesis import given, settings
from hypothesis import strategies as st

from pdportal.blueprints.catalog import cache
from pdportal.blueprints.catalog.forms import FilterFields
from pdportal.services import catalog

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


def test_the_folded_filters_open_to_show_an_error(client, make_workshop):
    make_workshop(starts_at=STARTS)

    html = page(client, "from=2031-02-30")

    assert '<details class="filter-panel" data-open-wide open>' in html
    assert "<summary>Filters</summary>" in html  # no filter is in effect


def test_an_end_date_shows_the_error_another_field_caused(client, make_workshop):
    make_workshop(starts_at=STARTS)
    assert 'id="to-error"' not in page(client, "to=2031-01-01")

    backwards = page(client, "from=2031-02-03&to=2031-01-01")

    assert 'id="to-error"' in backwards


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


PARAMS = ["q", "topic", "network", "county", "grade", "format", "online", "from", "to", "free"]
VALUES = [
    "", "math", "mathematics", "6_8", "online", "1", "0", "no", "2031-02-03", "2031-01-01",
    "2031-02-30",
    "1900-01-01", "King", "net-x", "  ", "<b>x</b>",
]  # fmt: skip
FIELD_NAMES = [
    "q", "topic", "network", "county", "grade", "format", "online", "date_from", "date_to",
]  # fmt: skip


def test_a_kept_field_is_the_field_rendered_afresh(app, make_workshop):
    """Whatever was typed (several values, bad ones, markup), the kept HTML of a field is
    what the form renders for that request: the key holds all a field depends on."""
    make_workshop(starts_at=STARTS, topics=["mathematics"])
    scope = f"test-{uuid.uuid4()}"

    @settings(max_examples=150, deadline=None)
    @given(
        args=st.dictionaries(
            st.sampled_from(PARAMS), st.lists(st.sampled_from(VALUES), min_size=1, max_size=2)
        ),
        hint=st.sampled_from([None, "A hint"]),
    )
    def check(args: dict[str, list[str]], hint: str | None) -> None:
        with app.test_request_context("/workshops", query_string=args):
            choices = catalog.filter_choices()
            parsed = catalog.parse_filters(request.args, choices.network_slugs, choices.counties)
            kept = FilterFields(request.args, parsed, choices, scope)
            fresh = FilterFields(request.args, parsed, choices, scope)
            for name in FIELD_NAMES:
                assert kept.rendered(name, hint) == fresh._render(name, hint)

    check()
