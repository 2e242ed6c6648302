"""In real Chromium: Kring follows the system's dark mode, and the keyboard shortcuts
(n new post, / search, j and k next and previous post, ? the list) work, never while
typing."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

LIGHTNESS = """selector => {
  const [r, g, b] = getComputedStyle(document.querySelector(selector)).backgroundColor
    .match(/\\d+/g).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_system_setting_chooses_light_or_dark(live_server, new_page, log_in, scheme):
    page = new_page(1280, color_scheme=scheme)
    log_in(page, "eva@brugwerk.example")
    body, card = page.evaluate(LIGHTNESS, "body"), page.evaluate(LIGHTNESS, ".card")
    if scheme == "dark":
        assert body < 0.15 and card < 0.2
        assert page.evaluate("getComputedStyle(document.body).color") == "rgb(228, 233, 231)"
    else:
        assert body > 0.9 and card > 0.9


def test_keyboard_shortcuts(live_server, new_page, log_in, api_call):
    for text in ("Eerste bericht voor j en k", "Tweede bericht voor j en k"):
        api_call("bram@brugwerk.example", "POST", "/posts", {"type": "update", "body": text})
    page = new_page(1280)
    log_in(page, "eva@brugwerk.example")
    page.goto(live_server.url + "/?scope=all")
    posts = page.locator("article.post")
    focused = "document.activeElement.closest('article.post')?.id"
    page.keyboard.press("j")
    assert page.evaluate(focused) == posts.nth(0).get_attribute("id")
    page.keyboard.press("j")
    assert page.evaluate(focused) == posts.nth(1).get_attribute("id")
    page.keyboard.press("k")
    assert page.evaluate(focused) == posts.nth(0).get_attribute("id")

    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "top-q"
    page.keyboard.type("jk")  # typing is typing, not moving
    assert page.locator("#top-q").input_value() == "jk"
    page.evaluate("document.activeElement.blur()")

    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Sneltoetsen")
    assert dialog.is_visible()
    assert dialog.locator("kbd").all_inner_texts() == ["n", "/", "j", "k", "?"]
    page.keyboard.press("Escape")
    assert not dialog.is_visible()

    page.keyboard.press("n")
    assert page.evaluate("document.activeElement.id") == "composer-body"
    page.keyboard.type("n")
    assert page.locator("#composer-body").input_value() == "n"


def test_n_opens_the_collapsed_composer_on_a_phone(live_server, new_page, log_in):
    page = new_page(390)
    log_in(page, "eva@brugwerk.example")
    assert not page.locator("#composer-body").is_visible()
    page.keyboard.press("n")
    assert page.locator("#composer-body").is_visible()
    assert page.evaluate("document.activeElement.id") == "composer-body"
