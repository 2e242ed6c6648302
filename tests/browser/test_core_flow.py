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


def test_like_updates_in_place(live_server, page, log_in):
    log_in(page, "lies@brugwerk.example")
    page.fill("#composer-body", "Vind dit leuk")
    page.click("form.composer button[type=submit]")
    page.wait_for_selector("article.post")
    url_before = page.url
    page.click("article.post .post__actions button[aria-pressed=false]")
    page.wait_for_selector("article.post .post__actions button[aria-pressed=true]")
    assert page.url == url_before
    # The count arrives with the swapped actions; give a loaded machine a moment.
    expect(page.locator("article.post .post__actions .count").first).to_have_text("1")
