"""In real Chromium: replies since your last visit are marked, on the feed and the post."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_new_replies_since_the_last_visit_are_marked(live_server, new_page, log_in):
    reader = new_page()
    log_in(reader, "eva@brugwerk.example")
    reader.fill("#composer-body", "Wie weet een goede locatie voor de heidag?")
    reader.click("form.composer button[type=submit]")
    reader.wait_for_selector("article.post >> text=Wie weet een goede locatie")
    post_url = reader.url

    writer = new_page()
    log_in(writer, "femke@brugwerk.example")
    writer.goto(post_url)
    writer.fill("#reply-body", "Het Kasteel in Zwolle!")
    writer.click("#reply button[type=submit]")
    writer.wait_for_selector(".reply")

    reader.goto(live_server.url + "/?scope=all")
    card = reader.locator("article.post", has_text="locatie voor de heidag").first
    marker = card.locator("a.newmark")
    expect(marker).to_have_text("1 nieuwe reactie")
    marker.click()
    expect(reader.locator(".reply--new")).to_have_count(1)
    expect(reader.locator(".reply--new")).to_contain_text("Het Kasteel in Zwolle!")
    reader.goto(live_server.url + "/?scope=all")
    expect(card.locator("a.newmark")).to_have_count(0)
