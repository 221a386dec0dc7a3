"""Whatever is typed in the search box, both engines answer (never a 500): FTS5's query
syntax and PostgreSQL's tsquery operators in the text are only words to them."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

TRICKY = st.sampled_from(
    ['"', "'", "*", "NEAR(", "AND", "OR", "NOT", "-", "^", ":", "(", ")", "&", "|", "!", "<->",
     "{", "\\", "%", "_", "column:", "title:math", "ñ", "ễ", "Ł", "١٢", "😀"]
)  # fmt: skip
QUERIES = st.lists(st.one_of(TRICKY, st.text(max_size=12)), max_size=8).map(" ".join)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(q=QUERIES)
def test_any_query_is_answered_on_both_databases(found, q):
    assert isinstance(found(q), list)


def test_operators_typed_are_words_not_syntax(found):
    assert found('math" OR "robots') == found("math robots") == []
    assert found("NOT robots") == found("robots")
