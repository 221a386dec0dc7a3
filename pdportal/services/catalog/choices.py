"""What the catalog's filters can be set to: the networks (with their time zones, which
whole-day date filters need) and the counties some workshop meets in.

Every search on the catalog page and the API needs them, and they change rarely, so
they are read once per catalog version and minute (a network renamed, which bumps no
version, shows within a minute, as on the cached pages).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from pdportal.extensions import db
from pdportal.models import Network
from pdportal.orm import utcnow
from pdportal.services.catalog.filters import counties
from pdportal.services.common.cache import LRUCache

_cached: LRUCache[FilterChoices] = LRUCache(8)


@dataclass(frozen=True)
class NetworkChoice:
    slug: str
    name: str
    time_zone: str


@dataclass(frozen=True)
class FilterChoices:
    networks: tuple[NetworkChoice, ...]
    counties: tuple[str, ...]
    network_slugs: frozenset[str] = field(init=False)
    zones: frozenset[str] = field(init=False)  # the networks' time zones

    def __post_init__(self) -> None:
        object.__setattr__(self, "network_slugs", frozenset(n.slug for n in self.networks))
        object.__setattr__(self, "zones", frozenset(n.time_zone for n in self.networks))


def _read() -> FilterChoices:
    rows = db.session.execute(
        select(Network.slug, Network.name, Network.time_zone).order_by(Network.name)
    )
    return FilterChoices(
        networks=tuple(NetworkChoice(*row) for row in rows), counties=tuple(counties())
    )


def filter_choices(version: str | None = None, now: datetime | None = None) -> FilterChoices:
    """Every network by name and every county; `version` is `catalog_version()` as the
    caller read it (then the choices read for it in this minute are reused), or None to
    read them now."""
    if version is None:
        return _read()
    minute = int((now or utcnow()).timestamp() // 60)
    return _cached.get_or_build(f"{version}\x1f{minute}", _read)
