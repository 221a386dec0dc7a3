"""Catalog fixtures: an SQL statement counter, and a clean rendered-page cache per test."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from pdportal.blueprints.catalog import cache
from pdportal.services.catalog.version import catalog_version
from tests.conftest import recorded_statements


class QueryCounter:
    def __init__(self, statements: list[str]) -> None:
        self.statements = statements

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture(autouse=True)
def _empty_page_cache() -> Iterator[None]:
    cache.rendered.clear()
    cache.cards.clear()
    yield
    cache.rendered.clear()
    cache.cards.clear()


@pytest.fixture
def count_queries(app):
    """`with count_queries() as counter:` counts the SQL statements run inside the block.

    SQLAlchemy's cursor event sees every statement but the catalog version read, which
    runs on a raw pooled connection (see `services.catalog.catalog_version`): it is
    counted as one statement per call.
    """

    @contextmanager
    def counting() -> Iterator[QueryCounter]:
        with pytest.MonkeyPatch.context() as patch, recorded_statements() as statements:

            def counted_version() -> str:
                statements.append("catalog version")
                return catalog_version()

            patch.setattr(cache, "catalog_version", counted_version)
            yield QueryCounter(statements)

    return counting
