"""In real Chromium: a mention reaches a colleague as a system notification (shown by
Kring's service worker) while they look at another tab, and not once they switched it
off; and the last feed page reads offline, with a clear offline state."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

SHOWN = """async () => {
  const registration = await navigator.serviceWorker.ready;
  for (let i = 0; i < 150; i += 1) {
    const shown = await registration.getNotifications();
    if (shown.length >= %d) {
      return shown.map((n) => ({ title: n.title, body: n.body, url: n.data.url }));
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  return [];
}"""


def wait_in_page(page, condition: str) -> None:
    """Until `condition` (JavaScript, may be a promise) holds in the page: polled by the
    page itself, since Kring's CSP forbids the eval that Playwright's wait_for_function uses."""
    held = page.evaluate(
        """async (condition) => {
          const check = new Function("return (" + condition + ");");
          for (let i = 0; i < 150; i += 1) {
            if (await check()) { return true; }
            await new Promise((done) => setTimeout(done, 100));
          }
          return false;
        }""",
        condition,
    )
    assert held, condition


def kring_tab(context, live_server, log_in, email):
    """A logged-in tab whose service worker is in charge, with the browser's real focus
    (not Playwright's "every page has focus")."""
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    log_in(page, email)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    wait_in_page(page, "navigator.serviceWorker.controller !== null")
    context.new_cdp_session(page).send("Emulation.setFocusEmulationEnabled", {"enabled": False})
    return page


def look_elsewhere(context):
    other = context.new_page()
    other.set_content("<p>Another tab</p>")
    other.bring_to_front()
    return other


def unread(page) -> int:
    return int(page.locator("[data-unread-count]").inner_text() or 0)


def test_a_mention_shows_as_a_desktop_notification_until_switched_off(
    live_server, chromium, log_in
):
    context = chromium.new_context(locale="nl-NL")
    context.grant_permissions(["notifications"], origin=live_server.url)
    try:
        kring = kring_tab(context, live_server, log_in, "lies@brugwerk.example")
        assert kring.evaluate("Notification.permission") == "granted"
        look_elsewhere(context)
        assert kring.evaluate("document.hasFocus()") is False
        post_id = live_server.create_post(
            "bram@brugwerk.example", {"type": "update", "body": "@lies kun je dit bekijken?"}
        )
        [shown] = kring.evaluate(SHOWN % 1)
        assert shown == {
            "title": "Bram Recruiter heeft je genoemd",
            "body": "@lies kun je dit bekijken?",
            "url": f"/posts/{post_id}",
        }

        # Switched off on the settings page: the next mention only counts in the badge.
        kring.bring_to_front()
        kring.goto(live_server.url + "/notifications/settings")
        assert kring.locator("[data-permission]").inner_text() == (
            "Je browser staat meldingen van Kring toe."
        )
        kring.check("input[name=desktop_notifications][value='0']")
        kring.click("#desktop button[type=submit]")
        kring.wait_for_url("**/notifications/settings#desktop")
        before = unread(kring)
        look_elsewhere(context)
        live_server.create_post(
            "bram@brugwerk.example", {"type": "update", "body": "@lies en dit ook graag"}
        )
        badge = "document.querySelector('[data-unread-count]').textContent"
        wait_in_page(kring, f"Number({badge}) > {before}")
        assert len(kring.evaluate(SHOWN % 0)) == 1  # still only the first
        assert not kring.errors
    finally:
        context.close()


def test_the_last_feed_page_reads_offline(live_server, chromium, log_in):
    context = chromium.new_context(locale="nl-NL")
    try:
        live_server.create_post(
            "eva@brugwerk.example", {"type": "update", "body": "Koffie staat klaar op de derde"}
        )
        kring = kring_tab(context, live_server, log_in, "eva@brugwerk.example")
        kring.goto(live_server.url + "/")  # through the service worker, which keeps it
        assert kring.locator("[data-offline]").is_hidden()
        wait_in_page(kring, "caches.match('/').then((kept) => Boolean(kept))")

        context.set_offline(True)
        kring.reload()
        assert kring.get_by_text("Koffie staat klaar op de derde").is_visible()
        banner = kring.locator("[data-offline]")
        assert banner.is_visible() and "Je bent offline" in banner.inner_text()

        kring.goto(live_server.url + "/people")  # not kept: the offline page says so
        assert kring.locator("h1").inner_text() == "Je bent offline"

        context.set_offline(False)
        kring.goto(live_server.url + "/")
        assert kring.locator("[data-offline]").is_hidden()
        assert not kring.errors
    finally:
        context.close()
