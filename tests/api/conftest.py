"""API fixtures: the catalog's query counter and page-cache reset."""

from tests.catalog.conftest import _empty_page_cache, count_queries  # noqa: F401
