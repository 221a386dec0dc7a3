"""The rendered-page cache: bounded, least recently used out first, keyed on the data."""

from __future__ import annotations

from pdportal.blueprints.catalog.cache import LRUCache, cache_key


def test_lru_keeps_a_fixed_number_of_entries_dropping_the_least_recent():
    cache = LRUCache(max_entries=2)
    cache.set("a", (b"A", 200))
    cache.set("b", (b"B", 200))
    assert cache.get("a") == (b"A", 200)  # "a" is now the most recent

    cache.set("c", (b"C", 200))

    assert len(cache) == 2
    assert cache.get("b") is None
    assert cache.get("a") == (b"A", 200) and cache.get("c") == (b"C", 200)


def test_cache_key_changes_with_the_data(app, make_workshop, db):
    with app.test_request_context("/workshops"):
        before = cache_key("workshops", "")
        make_workshop()
        after = cache_key("workshops", "")

    assert before != after


def test_anonymous_responses_vary_on_the_cookie(client, make_workshop):
    make_workshop()

    response = client.get("/workshops")

    assert "Cookie" in response.headers.get("Vary", "")
