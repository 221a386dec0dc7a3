"""Payment report totals are amounts of money ($0.00), never a price word ("Free")."""

from __future__ import annotations

import pytest

from pdportal.services import payments


@pytest.mark.parametrize("scope", ["workshops", "networks"])
def test_report_totals_read_zero_dollars_not_free(
    client, auth, make_user, make_network, paid_workshop, stripe_app, scope
):
    network = make_network(name="Salish STEM")
    workshop = paid_workshop(network=network, allows_purchase_order=True, price_cents=10000)
    payments.pay_by_card(make_user(), workshop, code="")  # held, nothing paid yet
    auth.login(make_user(name="Network Admin", admin_of=network))
    slug = workshop.slug if scope == "workshops" else network.slug

    page = client.get(f"/payments/admin/{scope}/{slug}").text

    assert "<dt>Paid</dt><dd>$0.00</dd>" in page
    assert "<dt>Refunded</dt><dd>$0.00</dd>" in page
    assert "<dt>Due by purchase order or invoice</dt><dd>$0.00</dd>" in page
    assert "Free" not in page
