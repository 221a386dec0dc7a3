"""Catalog fixtures: an SQL statement counter, and a clean rendered-page cache per test."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from pdportal.blueprints.catalog import cache
from pdportal.extensions import db
from pdportal.services.catalog import catalog_version


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture(autouse=True)
def _empty_page_cache() -> Iterator[None]:
    cache.rendered.clear()
    yield
    cache.rendered.clear()


@pytest.fixture
def count_queries(app):
    """`with count_queries() as counter:` counts the SQL statements run inside the block.

    SQLAlchemy's cursor event sees every statement but the catalog version read, which
    runs on a raw pooled connection (see `services.catalog.catalog_version`): it is
    counted as one statement per call.
    """

    @contextmanager
    def counting() -> Iterator[QueryCounter]:
        counter = QueryCounter()

        def record(_conn, _cursor, statement, *_args) -> None:
            counter.statements.append(statement)

        def counted_version() -> str:
            counter.statements.append("catalog version")
            return catalog_version()

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(cache, "catalog_version", counted_version)
            event.listen(db.engine, "before_cursor_execute", record)
            try:
                yield counter
            finally:
                event.remove(db.engine, "before_cursor_execute", record)

    return counting
