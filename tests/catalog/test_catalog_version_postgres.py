"""The catalog version on PostgreSQL, read on a connection each thread keeps for it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import text

from pdportal.extensions import db
from pdportal.models import Network, Workshop, WorkshopStatus
from pdportal.services.catalog import catalog_version
from pdportal.services.catalog import version as version_module

pytestmark = pytest.mark.postgres


def _add_workshop(slug: str) -> None:
    start = datetime.now(UTC) + timedelta(days=3)
    network = db.session.query(Network).first() or Network(name="Hub", slug="hub")
    db.session.add(
        Workshop(
            network=network, slug=slug, title=slug, status=WorkshopStatus.PUBLISHED,
            capacity=5, credit_hours=Decimal("2"), starts_at=start, ends_at=start,
        )
    )  # fmt: skip
    db.session.commit()


def test_the_version_changes_with_each_commit(pg_app):
    before = catalog_version()
    assert catalog_version() == before  # nothing changed: the same token

    _add_workshop("new-one")

    assert catalog_version() != before


def test_a_lost_connection_is_replaced_without_an_error(pg_app):
    catalog_version()
    own = version_module._own.connection
    db.session.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": own.info.backend_pid})
    db.session.commit()

    token = catalog_version()  # the first try fails on the dead connection; the second reads

    assert token and version_module._own.connection is not own
    assert own.closed
