"""The catalog on a phone (360 px): compact cards, the filters folded away until wanted,
and the search's pages accessible at 360 px and 1280 px."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}
CARD_HEIGHT_BEFORE = 520  # px at 360 px wide, with the facts listed one under another


@pytest.fixture(scope="module")
def estuaries(live_server, network_admin):
    for number in range(3):
        live_server.make_workshop(
            f"phone-estuaries-{number}", f"Tide Pools and Estuaries {number}", sessions=2
        )


def test_cards_are_a_third_as_tall_and_filters_fold_on_a_phone(page, estuaries, assert_accessible):
    page.set_viewport_size(PHONE)
    page.goto("/workshops?q=estuaries")

    cards = page.locator(".workshop-card")
    assert cards.count() == 3
    heights = [cards.nth(index).bounding_box()["height"] for index in range(3)]
    assert max(heights) <= CARD_HEIGHT_BEFORE * 0.35, heights  # about a third
    assert page.locator("details.filter-panel").evaluate("panel => !panel.open")
    assert page.get_by_label("Topic").is_hidden()
    assert_accessible(page)

    page.locator("details.filter-panel summary").click()
    page.get_by_label("Online only").check()
    page.get_by_role("button", name="Show workshops").click()

    page.wait_for_url("**/workshops?q=estuaries*online=y*")
    assert page.locator("details.filter-panel").evaluate("panel => panel.open")
    assert page.get_by_role("link", name="In person too").is_visible()
    assert_accessible(page)


def test_filters_start_open_on_a_wide_screen(page, estuaries):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/workshops")

    assert page.locator("details.filter-panel").evaluate("panel => panel.open")
    assert page.get_by_label("Topic").is_visible()
