"""Discount code dates out of range get a field message, never a 500 (issue 16)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from pdportal.models import DiscountCode


@pytest.mark.parametrize("expires", ["9999-12-31T23:59", "0001-01-01T00:00", "10000-01-01T00:00"])
def test_a_code_expiring_out_of_range_is_refused_beside_the_field(
    db, client, auth, make_user, paid_workshop, expires
):
    workshop = paid_workshop()
    auth.login(make_user(is_site_admin=True))
    response = client.post(
        f"/payments/admin/workshops/{workshop.slug}/codes",
        data={"code": "FAR", "percent_off": "10", "expires_at": expires},
    )
    assert response.status_code in (200, 400, 422)
    assert db.session.scalars(select(DiscountCode)).all() == []
