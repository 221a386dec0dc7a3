"""The items a page of results shows, kept per catalog version and minute."""

from __future__ import annotations

import uuid

import pytest

from pdportal.orm import utcnow
from pdportal.services.catalog import listing


@pytest.mark.parametrize("version", [None, "kept"])
def test_a_workshop_deleted_since_it_was_matched_is_left_out(make_workshop, version):
    kept = make_workshop("Soil and water")
    version = version and f"{version}-{uuid.uuid4()}"

    items = listing._items([kept.id, kept.id + 1000], version, utcnow())

    assert [item.title for item in items] == ["Soil and water"]
