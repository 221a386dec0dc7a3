"""Credit hours read as a person writes them: "1 hour", "1.5 hours", never "1 hours" or "1.50"."""

from __future__ import annotations

from decimal import Decimal

import pytest


@pytest.mark.parametrize(
    ("hours", "text", "wrong"),
    [
        (Decimal("1"), "1 hour", "1 hours"),
        (Decimal("1.5"), "1.5 hours", "1.50 hours"),
        (Decimal("0.75"), "0.75 hours", "0.75 hour<"),
        (Decimal("12"), "12 hours", "12 hour<"),
    ],
)
def test_credit_hours_in_words_on_the_card_and_the_workshop_page(
    client, make_workshop, hours, text, wrong
):
    workshop = make_workshop(credit_hours=hours)

    card = client.get("/workshops").text
    page = client.get(f"/workshops/{workshop.slug}").text

    assert f'<span class="credit">{text}</span>' in card
    assert f"<dt>Credit</dt><dd>{text} · " in page
    assert wrong not in card and wrong not in page
