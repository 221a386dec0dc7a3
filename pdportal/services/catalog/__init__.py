"""The public catalog: which workshops a visitor sees, filtered and searched (one set of
filters for the catalog page, the JSON API and the public calendar feed), the catalog as
a calendar subscription, and the version that page caches are keyed on. The search box's
words are understood and matched by `services.search`; nothing found, `alternatives`
says which nearby searches would find something."""

from pdportal.services.catalog.choices import FilterChoices, NetworkChoice, filter_choices
from pdportal.services.catalog.feed import public_feed, public_spec
from pdportal.services.catalog.filters import (
    FILTER_PARAMS,
    CatalogFilters,
    FilterError,
    FilterProblem,
    ParsedFilters,
    counties,
    parse_filters,
)
from pdportal.services.catalog.listing import (
    CatalogItem,
    CatalogPage,
    find_public_workshop,
    find_workshop,
    search,
    upcoming,
)
from pdportal.services.catalog.suggestions import Alternative, Widening, alternatives
from pdportal.services.catalog.version import catalog_version

__all__ = [
    "FILTER_PARAMS",
    "Alternative",
    "CatalogFilters",
    "CatalogItem",
    "CatalogPage",
    "FilterChoices",
    "FilterError",
    "FilterProblem",
    "NetworkChoice",
    "ParsedFilters",
    "Widening",
    "alternatives",
    "catalog_version",
    "counties",
    "filter_choices",
    "find_public_workshop",
    "find_workshop",
    "parse_filters",
    "public_feed",
    "public_spec",
    "search",
    "upcoming",
]
