"""The feed cache: keyed on the data version, bounded by entries and by bytes."""

from __future__ import annotations

from pdportal.services import calendar, catalog, workshops
from pdportal.services.calendar.cache import RenderedFeed, feed_version
from pdportal.services.common.cache import LRUCache


def FeedCache(max_entries: int, max_bytes: int) -> LRUCache[RenderedFeed]:  # noqa: N802
    """The calendar's cache is the common LRU, bounded by entries and by bytes."""
    return LRUCache(max_entries, max_bytes, size=lambda entry: entry.size)


def test_lru_keeps_the_most_recently_used_within_its_entry_budget():
    cache = FeedCache(max_entries=2, max_bytes=10_000)
    cache.put("a", RenderedFeed(b"a"))
    cache.put("b", RenderedFeed(b"b"))
    cache.get("a")
    cache.put("c", RenderedFeed(b"c"))

    assert cache.get("b") is None
    assert cache.get("a") is not None and cache.get("c") is not None


def test_lru_evicts_to_stay_within_its_byte_budget():
    cache = FeedCache(max_entries=10, max_bytes=100)
    cache.put("a", RenderedFeed(b"x" * 60))
    cache.put("b", RenderedFeed(b"y" * 60))

    assert len(cache) == 1
    assert cache.get("b") is not None


def test_lru_evicts_when_an_entry_grows_past_the_byte_budget():
    cache = FeedCache(max_entries=10, max_bytes=100)
    cache.put("a", RenderedFeed(b"x" * 40))
    cache.put("b", RenderedFeed(b"y" * 40))
    grown = cache.get("b")
    grown.gzipped = b"z" * 30  # 110 bytes in all now

    cache.resized("b")

    assert cache.get("a") is None and cache.get("b") is grown


def _public_version(language: str = "en"):
    return feed_version(catalog.public_spec(catalog.CatalogFilters(), language))


def test_version_changes_with_every_kind_of_edit(make_workshop, make_network, db):
    workshop = make_workshop(sessions=2)
    versions = [_public_version()]

    workshops.update_session(
        workshop.sessions[0],
        workshop.sessions[0].starts_at.date(),
        workshop.sessions[0].starts_at.time(),
        workshop.sessions[0].ends_at.time(),
        "Room 9",
    )
    versions.append(_public_version())
    workshop.title = "Renamed"
    db.session.commit()
    versions.append(_public_version())
    workshop.network.time_zone = "America/Chicago"
    db.session.commit()
    versions.append(_public_version())
    db.session.delete(workshop.sessions[1])
    db.session.commit()
    versions.append(_public_version())

    assert len({version.etag for version in versions}) == len(versions)
    assert _public_version() == versions[-1]  # nothing changed: same version


def test_personal_version_follows_the_persons_registrations(make_workshop, make_user, register_as):
    ada = make_user()
    workshop = make_workshop()
    before = calendar.personal_feed(ada).etag

    register_as(ada, workshop)

    assert calendar.personal_feed(ada).etag != before


def test_version_differs_by_language(make_workshop):
    make_workshop()

    assert _public_version("en") != _public_version("es")
