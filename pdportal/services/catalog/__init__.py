"""The public catalog: which workshops a visitor sees, filtered and searched (one set of
filters for the catalog page, the JSON API and the public calendar feed), the catalog as
a calendar subscription, and the version that page caches are keyed on."""

from pdportal.services.catalog.feed import public_feed, public_spec
from pdportal.services.catalog.filters import (
    FILTER_PARAMS,
    CatalogFilters,
    FilterError,
    FilterProblem,
    ParsedFilters,
    parse_filters,
)
from pdportal.services.catalog.listing import (
    CatalogItem,
    CatalogPage,
    catalog_version,
    find_public_workshop,
    find_workshop,
    networks,
    search,
    upcoming,
)

__all__ = [
    "FILTER_PARAMS",
    "CatalogFilters",
    "CatalogItem",
    "CatalogPage",
    "FilterError",
    "FilterProblem",
    "ParsedFilters",
    "catalog_version",
    "find_public_workshop",
    "find_workshop",
    "networks",
    "parse_filters",
    "public_feed",
    "public_spec",
    "search",
    "upcoming",
]
