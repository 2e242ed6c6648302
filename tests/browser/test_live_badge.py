"""In real Chromium: A mentions B, and B's badge goes up without a reload."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

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
    a.wait_for_selector("article.post >> text=wil jij de intake van morgen doen")

    b.wait_for_function(
        "n => Number(document.querySelector('[data-unread-count]').textContent) > n",
        arg=before,
        timeout=5000,
    )
    assert b.evaluate("window.kringMarker") == "same page"  # no reload happened
    assert "intake van morgen" in b.locator("#notices").inner_text()
    # The fan-out rings the same notification again a moment later: it counts once.
    b.wait_for_timeout(700)
    expect(badge).to_have_text(str(before + 1))
    assert b.locator("#notices li", has_text="intake van morgen").count() == 1


def test_a_count_read_before_a_ring_does_not_undo_it(live_server, new_page, log_in):
    """The page asks for the count as its socket connects; a mention that rings while that
    answer is on its way must still be counted when the older answer lands."""
    page = new_page()
    log_in(page, "femke@brugwerk.example")
    badge = page.locator("[data-unread-count]")
    held = []

    def hold_the_first_on_this_page(route):
        if held or not route.request.frame.url.endswith("/notifications"):
            route.continue_()  # the log-in's landing page, still catching up; a later ask
        else:
            held.append(route)

    page.route("**/api/v1/notifications?limit=50", hold_the_first_on_this_page)
    page.goto(live_server.url + "/notifications")
    wait_until(page, lambda: held, "the page never asked for its count")
    stale = held[0].fetch()  # the count as the server has it now, before the mention
    before = stale.json()["unread"]
    live_server.create_post(
        "bram@brugwerk.example", {"type": "update", "body": "@femke de offerte is verstuurd"}
    )
    wait_until(page, lambda: badge.inner_text() == str(before + 1), "the mention never rang")
    held[0].fulfill(response=stale)
    shown = []
    for _ in range(75):  # as the older answer lands, and after
        shown.append(badge.inner_text())
        page.wait_for_timeout(20)
    assert set(shown) == {str(before + 1)}


def wait_until(page, done, failure: str, seconds: float = 10) -> None:
    """Wait, letting the page and its events run, until `done()` holds."""
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, failure
        page.wait_for_timeout(50)


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


def test_opening_a_notification_reads_it_and_every_tab_sees_the_badge_go_down(
    live_server, new_page, log_in
):
    writer = new_page()
    log_in(writer, "femke@brugwerk.example")
    writer.fill("#composer-body", "@lies kun jij het rooster van week 12 nakijken?")
    writer.click("form.composer button[type=submit]")
    writer.wait_for_selector("article.post >> text=kun jij het rooster van week 12 nakijken")

    reader = new_page()
    log_in(reader, "lies@brugwerk.example")
    reader.goto(live_server.url + "/notifications")
    badge = reader.locator("[data-unread-count]")
    before = int(badge.inner_text())
    assert before >= 1
    item = reader.locator("#notices li", has_text="rooster van week 12").first
    # It names who acted, once per reason.
    assert " ".join(item.locator(".reason--mention").inner_text().split()) == (
        "Femke Beheer heeft je vermeld"
    )

    other_tab = new_page()  # another window, signed in as the same person
    log_in(other_tab, "lies@brugwerk.example")
    expect(other_tab.locator("[data-unread-count]")).to_have_text(str(before))
    other_tab.wait_for_timeout(500)  # its socket is connected
    item.locator("a.notice__link").click()
    reader.wait_for_selector("article.post")
    # The post page counts without it, and the tab left behind follows live.
    expect(reader.locator("[data-unread-count]")).to_have_text(str(before - 1))
    expect(other_tab.locator("[data-unread-count]")).to_have_text(str(before - 1))
    reader.goto(live_server.url + "/notifications?unread=1")
    assert "rooster van week 12" not in reader.locator("main").inner_text()


def test_a_second_reason_for_the_same_post_is_not_counted_twice(
    live_server, new_page, log_in, api_call
):
    """Eva is named in a post that also hits her alert: the mention rings at once, the
    fan-out adds the alert to the same notification, and her page shows it once."""
    alert = api_call("eva@brugwerk.example", "POST", "/alerts", {"term": "kwartaalcijfers"})
    try:
        reader = new_page()
        log_in(reader, "eva@brugwerk.example")
        reader.goto(live_server.url + "/notifications")
        badge = reader.locator("[data-unread-count]")
        before = int(badge.inner_text() or 0) if badge.is_visible() else 0
        reader.wait_for_timeout(500)  # its socket is connected

        writer = new_page()
        log_in(writer, "bram@brugwerk.example")
        writer.fill("#composer-body", "@eva de kwartaalcijfers staan klaar")
        writer.click("form.composer button[type=submit]")
        writer.wait_for_selector("article.post >> text=de kwartaalcijfers staan klaar")

        def both_reasons():
            items = api_call("eva@brugwerk.example", "GET", "/notifications")["items"]
            item = next(i for i in items if "kwartaalcijfers" in i["post"]["excerpt"])
            return [r["kind"] for r in item["reasons"]] == ["mention", "alert"]

        reader.wait_for_function(
            "() => document.querySelectorAll('#notices li').length > 0", timeout=5000
        )
        for _ in range(50):
            if both_reasons():
                break
            reader.wait_for_timeout(100)
        assert both_reasons()
        reader.wait_for_timeout(500)  # the second push has arrived by now
        expect(badge).to_have_text(str(before + 1))
        assert reader.locator("#notices li", has_text="kwartaalcijfers").count() == 1
    finally:
        api_call("eva@brugwerk.example", "DELETE", f"/alerts/{alert['id']}")
