"""In real Chromium: @mentions and #tags suggested while typing, by keyboard and mouse."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_mention_and_tag_suggestions_by_keyboard(live_server, page, log_in):
    log_in(page, "bram@brugwerk.example")
    page.fill("#composer-body", "Vacature in #zwolle en #zwolle-noord")
    page.click("form.composer button[type=submit]")
    page.wait_for_selector("article.post >> text=Vacature in")
    page.goto(live_server.url + "/")

    body = page.locator("#composer-body")
    body.press_sequentially("Vraag @ev", delay=20)
    listbox = page.locator("#" + body.get_attribute("aria-controls"))
    expect(listbox).to_be_visible()
    expect(body).to_have_attribute("role", "combobox")
    expect(body).to_have_attribute("aria-expanded", "true")
    expect(listbox.locator("[role=option]").first).to_contain_text("Eva Medewerker (eva)")
    expect(listbox.locator("[aria-selected=true]")).to_have_count(1)
    body.press("Enter")  # picks, does not post
    expect(body).to_have_value("Vraag @eva ")
    expect(body).to_have_attribute("aria-expanded", "false")

    body.press_sequentially("over #zw", delay=20)
    expect(listbox.locator("[role=option]")).to_have_count(2)
    expect(listbox.locator("[role=option]").first).to_contain_text("#zwolle")
    body.press("ArrowDown")
    expect(listbox.locator("[role=option]").nth(1)).to_have_attribute("aria-selected", "true")
    body.press("Enter")
    expect(body).to_have_value("Vraag @eva over #zwolle-noord ")

    body.press_sequentially("en @li", delay=20)
    expect(listbox).to_be_visible()
    body.press("Escape")
    expect(listbox).to_be_hidden()
    body.press_sequentially("es", delay=20)
    listbox.locator("[role=option]", has_text="Lies Collega").click()
    expect(body).to_have_value("Vraag @eva over #zwolle-noord en @lies ")
    page.click("form.composer button[type=submit]")
    expect(page.locator("article.post").first).to_contain_text("@lies")


def test_without_javascript_a_wrong_name_is_refused_with_who_was_meant(
    live_server, chromium, log_in
):
    context = chromium.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    try:
        log_in(page, "eva@brugwerk.example")
        page.fill("#composer-body", "Kan @brammetje even kijken?")
        page.click("form.composer button[type=submit]")
        error = page.locator(".field__error")
        expect(error).to_contain_text("Niemand heet @brammetje")
        expect(error).to_contain_text("Bedoel je @bram (Bram Recruiter)?")
    finally:
        context.close()
