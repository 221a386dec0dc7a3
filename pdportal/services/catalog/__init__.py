"""The public catalog: which workshops a visitor sees, filtered and searched, and the
version that page caches are keyed on."""

from pdportal.services.catalog.listing import (
    catalog_version,
    find_public_workshop,
    get_public_workshop_or_404,
    get_visible_workshop_or_404,
    networks,
    search,
    upcoming,
)

__all__ = [
    "catalog_version",
    "find_public_workshop",
    "get_public_workshop_or_404",
    "get_visible_workshop_or_404",
    "networks",
    "search",
    "upcoming",
]
