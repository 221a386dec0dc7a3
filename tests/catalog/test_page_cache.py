"""The rendered-page cache: bounded, least recently used out first, keyed on the data and
on the language."""

from __future__ import annotations

from flask_babel import refresh

from pdportal.blueprints.catalog import cache
from pdportal.blueprints.catalog.cache import cache_key
from pdportal.i18n import LANGUAGE_COOKIE
from pdportal.services.common.cache import LRUCache


def test_lru_keeps_a_fixed_number_of_entries_dropping_the_least_recent():
    lru = LRUCache(max_entries=2)
    lru.put("a", (b"A", 200))
    lru.put("b", (b"B", 200))
    assert lru.get("a") == (b"A", 200)  # "a" is now the most recent

    lru.put("c", (b"C", 200))

    assert len(lru) == 2
    assert lru.get("b") is None
    assert lru.get("a") == (b"A", 200) and lru.get("c") == (b"C", 200)


def test_lru_builds_once_per_key():
    lru = LRUCache(max_entries=4)
    built = []

    def build():
        built.append(1)
        return "value"

    assert lru.get_or_build("k", build) == lru.get_or_build("k", build) == "value"
    assert len(built) == 1


def test_cache_key_changes_with_the_data(app, make_workshop, db):
    with app.test_request_context("/workshops"):
        before = cache_key("workshops", "")
        make_workshop()
        after = cache_key("workshops", "")

    assert before != after


def test_cache_key_carries_the_language(app):
    with app.test_request_context("/workshops", headers={"Accept-Language": "es"}):
        refresh()  # the test app context is shared: forget the last request's language
        spanish = cache_key("workshops", "")
    with app.test_request_context("/workshops", headers={"Accept-Language": "en"}):
        refresh()
        english = cache_key("workshops", "")

    assert spanish != english
    assert "\x1fes\x1f" in spanish and "\x1fen\x1f" in english


def test_anonymous_responses_vary_on_the_cookie_and_the_language(client, make_workshop):
    make_workshop()

    response = client.get("/workshops")

    assert "Cookie" in response.headers.get("Vary", "")
    assert "Accept-Language" in response.headers.get("Vary", "")
    assert response.headers["Content-Language"] == "en"


def test_a_spanish_and_an_english_visitor_each_get_their_own_cached_page(client, make_workshop):
    make_workshop("Shared list")

    english = client.get("/workshops", headers={"Accept-Language": "en-US,en;q=0.9"})
    spanish = client.get("/workshops", headers={"Accept-Language": "es-MX,es;q=0.9"})
    english_again = client.get("/workshops", headers={"Accept-Language": "en"})
    spanish_again = client.get("/workshops", headers={"Accept-Language": "es"})

    assert '<html lang="en">' in english.text and '<html lang="es">' not in english.text
    assert '<html lang="es">' in spanish.text and '<html lang="en">' not in spanish.text
    assert english_again.text == english.text and spanish_again.text == spanish.text
    assert spanish.headers["Content-Language"] == "es"
    assert english.headers["ETag"] != spanish.headers["ETag"]
    assert len(cache.rendered) == 2  # one shared page per language
    # An English copy held by a browser or proxy is not good for a Spanish reader.
    revalidated = client.get(
        "/workshops", headers={"Accept-Language": "es", "If-None-Match": english.headers["ETag"]}
    )
    assert revalidated.status_code == 200 and '<html lang="es">' in revalidated.text


def test_the_language_cookie_picks_the_cached_page_too(client, make_workshop):
    make_workshop()
    english = client.get("/", headers={"Accept-Language": "en"})

    client.set_cookie(LANGUAGE_COOKIE, "es")
    chosen = client.get("/", headers={"Accept-Language": "en"})

    assert '<html lang="en">' in english.text
    assert '<html lang="es">' in chosen.text
    assert chosen.headers["ETag"] != english.headers["ETag"]


def test_a_shared_page_returns_the_language_choice_to_its_own_search(client, make_workshop):
    make_workshop("Soil and water")
    make_workshop("Fractions on a number line")
    client.get("/workshops?q=soil")  # the layout is kept from this page

    html = client.get("/workshops?q=fractions&free=1").get_data(as_text=True)

    assert 'name="next" value="/workshops?q=fractions&amp;free=1"' in html
    assert "Fractions on a number line" in html and "Soil and water" not in html
    assert "pdportal:" not in html  # no mark left where the layout is filled in


def test_a_shared_page_layout_is_in_the_visitors_language(client, make_workshop):
    make_workshop()
    client.get("/workshops?q=soil", headers={"Accept-Language": "en"})

    html = client.get("/workshops?q=water", headers={"Accept-Language": "es"}).get_data(
        as_text=True
    )

    assert '<html lang="es">' in html and ">Menú</summary>" in html
