"""In real Chromium: the analytics page draws its charts from the vendored Chart.js (served
by Kring itself, no CDN), beside tables with the same numbers, without JavaScript errors."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_charts_are_drawn_beside_their_tables(live_server, page, log_in):
    log_in(page, "bram@brugwerk.example")  # a recruiter: the overall dashboard
    page.goto(live_server.url + "/analytics")
    page.wait_for_selector("[data-chart][data-drawn] canvas")
    drawn = page.locator("[data-chart][data-drawn]")
    assert drawn.count() >= 2
    box = drawn.first.locator("canvas").bounding_box()
    assert box and box["width"] > 100 and box["height"] > 50  # drawn, not collapsed
    assert page.locator("table caption").count() >= drawn.count()
    assert page.evaluate("typeof window.Chart") == "function"
    chart_src = page.locator("script[src*='chart']").get_attribute("src")
    assert chart_src.startswith("/static/vendor/")
