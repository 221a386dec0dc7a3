"""Every process sends the same bytes for the same data (the cache and ETags rely on it)."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import sys
from datetime import UTC, datetime
from pdportal import create_app
from pdportal.extensions import db
from pdportal.models import Network, Workshop, WorkshopSession, WorkshopStatus
from pdportal.services import calendar, catalog
from pdportal.services.calendar import feeds as calendar_feeds

app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
with app.app_context():
    db.create_all()
    stamp = datetime(2026, 1, 1, tzinfo=UTC)
    for index, zone in enumerate(["America/New_York", "America/Los_Angeles", "Europe/Paris"]):
        start = datetime(2026, 11, 1 + index, 17, tzinfo=UTC)
        db.session.add(
            Workshop(
                network=Network(name=zone, slug=f"n{index}", time_zone=zone, created_at=stamp),
                slug=f"w{index}",
                title=f"Workshop {index}",
                status=WorkshopStatus.PUBLISHED,
                updated_at=stamp,
                sessions=[WorkshopSession(starts_at=start, ends_at=start.replace(hour=19),
                                          updated_at=stamp)],
            )
        )
    db.session.commit()
    spec = catalog.public_spec(catalog.CatalogFilters(), "en")
    sys.stdout.buffer.write(calendar.render(spec, calendar_feeds.feed_rows(spec)))
"""


def _render_with_hash_seed(seed: str, project_root) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed, "PDPORTAL_ENV": "testing"}
    return subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, cwd=project_root, capture_output=True, check=True
    ).stdout


def test_feed_bytes_do_not_depend_on_the_process(project_root):
    outputs = {_render_with_hash_seed(seed, project_root) for seed in ("1", "2", "3", "4")}
    assert len(outputs) == 1
    assert outputs.pop().count(b"BEGIN:VTIMEZONE") == 3
