"""In real Chromium: the notification filters fit on a phone and at 1,280 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [390, 1280])
def test_reason_filters_fit_and_the_rest_are_one_tap_away(live_server, page, log_in, width):
    log_in(page, "eva@brugwerk.example")
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + "/notifications")
    chips = page.locator("nav.chips")
    overflow = chips.evaluate("nav => nav.scrollWidth - nav.clientWidth")
    assert overflow <= 0
    for box in chips.locator(".chip").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().right)"
    ):
        assert box <= width
    tops = "nav => [...nav.querySelectorAll('.chip')].map(c => c.getBoundingClientRect().top)"
    rows = len({round(top) for top in chips.evaluate(tops)})
    assert rows <= (3 if width < 500 else 1)
    page.click(".chipmore summary")
    page.click(".chipmore__list a:text('Escalaties')")
    page.wait_for_url("**kind=escalation")
    expect(page.locator("nav.chips > .chip[aria-current]")).to_have_text("Escalaties")
