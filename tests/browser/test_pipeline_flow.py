"""In real Chromium at 1,280 px: the referral pipeline shows its six stages side by side,
and a recruiter moves a card by dragging it and with the keyboard on its handle."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

STAGES = ("referred", "contacted", "interviewing", "offered", "hired", "rejected")


def test_six_stages_drag_and_drop_and_keys(
    live_server, new_page, log_in, post_vacancy, api_call, refer
):
    post_id = post_vacancy("Magazijnmedewerker", "Dagdienst in Tiel.")
    referral = refer(post_id, "Sjoerd Sleep", "sjoerd@example.nl")
    page = new_page(1280)
    log_in(page, "bram@brugwerk.example")
    # This vacancy's pipeline: other tests' cards would push this one below the fold, and a
    # drag that has to scroll on its way picks up whatever card is under the pointer then.
    page.goto(live_server.url + f"/referrals/pipeline?vacancy={post_id}")
    tops = {stage: page.locator(f"[data-status={stage}]").bounding_box()["y"] for stage in STAGES}
    assert len(set(tops.values())) == 1, tops  # one row of six
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    card = f"#r{referral['id']}"
    page.locator(card).drag_to(page.locator("[data-status=interviewing]"))
    page.wait_for_selector(f"[data-status=interviewing] {card}")
    assert "Status gewijzigd" in page.locator(".flashes").inner_text()
    assert api_call("bram@brugwerk.example", "GET", f"/referrals/{referral['id']}")["status"] == (
        "interviewing"
    )

    grip = page.locator(f"{card} [data-grip]")
    assert grip.get_attribute("aria-describedby") == "pipeline-help"
    # Each move loads the page again: its card is there before pipeline.js has run, and
    # a handle the script has not shown yet takes no focus and hears no key.
    expect(grip).to_be_visible()
    grip.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_selector(f"[data-status=offered] {card}")
    expect(grip).to_be_visible()
    grip.focus()
    page.keyboard.press("ArrowLeft")
    page.wait_for_selector(f"[data-status=interviewing] {card}")
    statuses = [
        event["status"]
        for event in api_call("bram@brugwerk.example", "GET", f"/referrals/{referral['id']}")[
            "events"
        ]
    ]
    assert statuses[-3:] == ["interviewing", "offered", "interviewing"]
