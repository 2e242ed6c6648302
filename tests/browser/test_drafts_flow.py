"""In real Chromium: a half-written post or reply survives navigation and reload, per
person, and is gone once it is posted."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_half_written_post_and_reply_survive_and_go_once_posted(live_server, page, log_in):
    log_in(page, "lies@brugwerk.example")
    page.click("label[for=type-vacancy]")
    page.fill("#f-vacancy-title", "Planner Zwolle")
    page.locator("#composer-body").press_sequentially("Halve gedachte over", delay=10)
    page.goto(live_server.url + "/people")
    page.goto(live_server.url + "/")
    expect(page.locator("#composer-body")).to_have_value("Halve gedachte over")
    expect(page.locator("#f-vacancy-title")).to_have_value("Planner Zwolle")
    expect(page.locator("#f-vacancy-title")).to_be_visible()  # its type is chosen again
    page.reload()
    expect(page.locator("#composer-body")).to_have_value("Halve gedachte over")

    # Someone else on this browser does not get it.
    other = page.context.browser.new_context(locale="nl-NL")
    try:
        theirs = other.new_page()
        log_in(theirs, "eva@brugwerk.example")
        expect(theirs.locator("#composer-body")).to_have_value("")
    finally:
        other.close()

    page.click("label[for=type-update]")
    page.fill("#composer-body", "Gewoon een update")
    page.click("form.composer button[type=submit]")
    page.wait_for_selector("article.post")
    post_url = page.url
    page.locator("#reply-body").press_sequentially("Een reactie in wording", delay=10)
    page.goto(live_server.url + "/")
    expect(page.locator("#composer-body")).to_have_value("")  # posted: the draft is gone
    page.goto(post_url)
    expect(page.locator("#reply-body")).to_have_value("Een reactie in wording")
    page.click("#reply button[type=submit]")
    page.wait_for_selector(".reply")
    page.reload()
    expect(page.locator("#reply-body")).to_have_value("")
