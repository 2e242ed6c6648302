"""In real Chromium: A mentions B, and B's badge goes up without a reload."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_mention_bumps_the_badge_without_reload(live_server, new_page, log_in):
    b = new_page()
    log_in(b, "eva@brugwerk.example")
    b.goto(live_server.url + "/notifications")
    badge = b.locator("[data-unread-count]")
    before = int(badge.inner_text() or 0) if badge.is_visible() else 0
    b.evaluate("window.kringMarker = 'same page'")

    a = new_page()
    log_in(a, "bram@brugwerk.example")
    handle = "eva"
    a.fill("#composer-body", f"@{handle} wil jij de intake van morgen doen?")
    a.click("form.composer button[type=submit]")
    a.wait_for_selector("article.post")

    b.wait_for_function(
        "n => Number(document.querySelector('[data-unread-count]').textContent) > n",
        arg=before,
        timeout=5000,
    )
    assert b.evaluate("window.kringMarker") == "same page"  # no reload happened
    assert "intake van morgen" in b.locator("#notices").inner_text()


def test_new_posts_bar_on_the_everyone_feed(live_server, new_page, log_in):
    reader = new_page()
    log_in(reader, "lies@brugwerk.example")
    reader.goto(live_server.url + "/?scope=all")
    writer = new_page()
    log_in(writer, "femke@brugwerk.example")
    writer.fill("#composer-body", "Nieuw beleid voor thuiswerken #beleid")
    writer.click("form.composer button[type=submit]")
    reader.wait_for_selector("#newposts:not([hidden])", timeout=5000)
    assert "1" in reader.inner_text("#newposts")
    reader.click("#newposts")
    reader.wait_for_selector("text=Nieuw beleid voor thuiswerken")
