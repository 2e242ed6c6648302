"""In real Chromium: log in, post a vacancy with the composer, find it in the feed, log out."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_post_a_vacancy_and_see_it_in_the_feed(live_server, page, log_in):
    log_in(page, "bram@brugwerk.example")

    page.click("label[for=type-vacancy]")
    assert page.is_visible("#f-vacancy-title")
    assert not page.is_visible("#f-candidate_offer-headline")
    page.fill("#f-vacancy-title", "Senior recruiter zorg")
    page.fill("#f-vacancy-department", "Recruitment")
    page.fill("#f-vacancy-location", "Zwolle")
    page.fill("#f-vacancy-hours", "32")
    page.fill("#f-vacancy-closes_on", (date.today() + timedelta(days=21)).isoformat())
    page.fill("#composer-body", "Ken jij iemand voor ons team in #zwolle?")
    page.click("form.composer button[type=submit]")

    page.wait_for_selector("article.post--vacancy")
    card = page.locator("article.post--vacancy").first
    assert "Senior recruiter zorg" in card.inner_text()
    assert "#zwolle" in card.inner_text()

    page.goto(live_server.url + "/?scope=all")
    feed_card = page.locator("article.post--vacancy").first
    assert "Senior recruiter zorg" in feed_card.inner_text()
    assert feed_card.locator(".badge--vacancy").is_visible()

    page.click(".usermenu summary")
    page.click(".usermenu__panel button[type=submit]")
    page.wait_for_url(live_server.url + "/login")
    page.goto(live_server.url + "/?scope=all")
    assert page.url.startswith(live_server.url + "/login")


def test_composer_error_keeps_what_was_typed(live_server, page, log_in):
    log_in(page, "eva@brugwerk.example")
    page.click("label[for=type-vacancy]")
    page.fill("#f-vacancy-title", "Zonder datum")
    page.fill("#composer-body", "Tekst die niet verloren mag gaan")
    page.click("form.composer button[type=submit]")
    page.wait_for_selector(".field__error")
    assert page.input_value("#f-vacancy-title") == "Zonder datum"
    assert page.input_value("#composer-body") == "Tekst die niet verloren mag gaan"
    assert page.is_visible("#f-vacancy-closes_on")  # the vacancy fields are still shown


def test_reactions_update_in_place_and_say_who(live_server, page, log_in):
    log_in(page, "lies@brugwerk.example")
    page.fill("#composer-body", "Vind dit leuk")
    page.click("form.composer button[type=submit]")
    page.wait_for_url("**/posts/*")
    # htmx takes the forms over once the page's scripts have run: a click before that is
    # the form's own (no-script) submission, which is not what this test is about.
    page.wait_for_load_state()
    url_before = page.url
    card = page.locator("article.post").first
    card.locator(".reactpick summary").click()
    expect(card.locator(".reactpick__panel")).to_be_visible()
    page.keyboard.press("Escape")  # closes the picker, focus back on its button
    expect(card.locator(".reactpick__panel")).to_be_hidden()
    expect(card.locator(".reactpick summary")).to_be_focused()
    page.keyboard.press("Enter")
    card.locator(".reactpick__panel button[value=tada]").click()
    chip = card.locator(".reactions > form button.reaction--mine")
    expect(chip).to_have_count(1)
    assert page.url == url_before
    # The count arrives with the swapped actions; give a loaded machine a moment.
    expect(chip.locator(".count")).to_have_text("1")
    expect(chip).to_have_attribute("aria-label", "Goed gedaan, 1: Lies Collega")
    expect(chip).to_have_attribute("aria-pressed", "true")
    card.locator(".reactpick summary").click()
    card.locator(".reactpick__panel button[value=heart]").click()
    expect(card.locator(".reactions > form button.reaction--mine")).to_have_count(2)
    chip.first.click()  # the heart comes first; clicking it takes it back
    expect(card.locator(".reactions > form button")).to_have_count(1)
    expect(card.locator(".reactions > form button")).to_have_attribute(
        "title", "Goed gedaan: Lies Collega"
    )
