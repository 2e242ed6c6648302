"""In real Chromium: search corrects a typo ("did you mean"), and its filters (dates,
author, group, type) are a form that works with and without JavaScript and stay in the
links to the next page."""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from intranet.platform.clock import local_today

pytestmark = pytest.mark.browser

BODIES = (
    "Chauffeur gezocht voor de nachtdienst in Tiel",
    "Twee chauffeurs met C-rijbewijs voor Logistiek Tiel",
    "Onze chauffeur rijdt vrijdag naar Zwolle",
)


@pytest.fixture(scope="module")
def drivers(live_server):
    """Posts about drivers, by Bram and by Lies, searchable once the index has them."""
    made = [
        live_server.create_post("bram@brugwerk.example", {"type": "update", "body": b})
        for b in BODIES
    ]
    made.append(
        live_server.create_post(
            "lies@brugwerk.example", {"type": "update", "body": "Chauffeur van Lies"}
        )
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        url = live_server.url + "/api/v1/search?" + urllib.parse.urlencode({"q": "chauffeur"})
        request = urllib.request.Request(
            url, headers={"Authorization": f"Bearer {live_server.tokens['eva@brugwerk.example']}"}
        )
        try:
            with urllib.request.urlopen(request) as response:
                if {i["id"] for i in json.load(response)["items"]} >= set(made):
                    return made
        except urllib.error.HTTPError as error:  # 503 until the index is first written
            assert error.code == 503
        time.sleep(0.2)
    raise AssertionError("the posts never became searchable")


def shoot(page, name: str) -> None:
    if os.environ.get("KRING_SCREENSHOTS"):
        page.screenshot(path=f"{os.environ['KRING_SCREENSHOTS']}/{name}.png", full_page=True)


def test_a_typo_shows_what_was_meant_and_offers_the_words_as_typed(
    live_server, drivers, page, log_in
):
    log_in(page, "eva@brugwerk.example")
    page.goto(live_server.url + "/search")
    page.fill("#search-q", "chaufeur")
    page.press("#search-q", "Enter")
    correction = page.locator("#search-correction")
    expect(correction).to_contain_text("Resultaten voor chauffeur.")
    expect(page.locator("ol.results > li")).to_have_count(len(drivers))
    correction.get_by_role("link", name="chaufeur").click()
    page.wait_for_url("**correct=0**")
    expect(page.locator("#search-correction")).to_have_text("Bedoelde je chauffeur?")
    expect(page.locator("ol.results > li")).to_have_count(0)
    page.locator("#search-correction").get_by_role("link", name="chauffeur").click()
    page.wait_for_url(lambda url: "q=chauffeur" in url and "correct" not in url)
    expect(page.locator("ol.results > li")).to_have_count(len(drivers))
    expect(page.locator("#search-correction")).to_have_count(0)


@pytest.mark.parametrize("javascript", [True, False])
def test_filters_narrow_the_search_and_say_what_is_wrong(
    live_server, drivers, chromium, log_in, javascript
):
    context = chromium.new_context(java_script_enabled=javascript, locale="nl-NL")
    page = context.new_page()
    try:
        log_in(page, "eva@brugwerk.example")
        page.goto(live_server.url + "/search?q=chauffeur")
        filters = page.locator("#search-filters")
        expect(filters).not_to_have_attribute("open", "")
        filters.locator("summary").click()
        today = local_today()  # the agency's day: posts are dated in its zone
        page.fill("#since", (today + timedelta(days=1)).isoformat())
        page.fill("#until", today.isoformat())
        page.fill("#author", "@bram")
        page.select_option("#type", "update")
        page.get_by_role("button", name="Filters toepassen").click()
        page.wait_for_url("**author=%40bram**")
        expect(page.locator("#err-until")).to_have_text("De einddatum ligt vóór de begindatum.")
        expect(page.locator("#until")).to_have_attribute("aria-invalid", "true")
        expect(page.locator("ol.results")).to_have_count(0)
        page.fill("#since", (today - timedelta(days=1)).isoformat())
        page.get_by_role("button", name="Filters toepassen").click()
        page.wait_for_url(lambda url: f"since={today - timedelta(days=1)}" in url)
        expect(page.locator("#err-until")).to_have_count(0)
        results = page.locator("ol.results > li")
        expect(results).to_have_count(len(BODIES))
        expect(results.filter(has_text="Lies")).to_have_count(0)
        expect(page.locator("#search-filters")).to_have_attribute("open", "")
        expect(page.locator("#author")).to_have_value("@bram")
        page.get_by_role("link", name="Filters wissen").click()
        page.wait_for_url(lambda url: "author" not in url)
        expect(page.locator("ol.results > li")).to_have_count(len(drivers))
    finally:
        context.close()


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("locale", ["nl-NL", "en-GB"])
def test_the_page_at_phone_and_desktop_width(live_server, drivers, new_page, log_in, width, locale):
    page = new_page(width=width, locale=locale)
    log_in(page, "bram@brugwerk.example")
    today = local_today().isoformat()
    page.goto(
        live_server.url
        + f"/search?q=chaufeur&since={today}&until={today}&author=%40bram&type=update"
    )
    expect(page.locator("#search-correction")).to_be_visible()
    expect(page.locator("#search-filters")).to_have_attribute("open", "")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    shoot(page, f"search-filters-{locale[:2]}-{width}")
    page.goto(live_server.url + "/search?q=chaufeur&correct=0")
    expect(page.locator("#search-correction")).to_be_visible()
    shoot(page, f"search-did-you-mean-{locale[:2]}-{width}")


def test_the_group_filter_offers_only_groups_the_reader_may_read(
    live_server, drivers, api_call, new_page, log_in
):
    """The group filter's choices and the hits follow the reader: a private group and its
    post are there for its member and nowhere for a colleague outside it."""
    bram = "bram@brugwerk.example"
    closed = api_call(bram, "POST", "/groups", {"name": "Besloten planners", "private": True})
    api_call(bram, "POST", "/groups", {"name": "Open planners"})
    secret = live_server.create_post(
        bram,
        {"type": "update", "body": "Chauffeur voor de besloten planning", "group": closed["id"]},
    )
    deadline = time.monotonic() + 60
    while secret not in {i["id"] for i in api_call(bram, "GET", "/search?q=chauffeur")["items"]}:
        assert time.monotonic() < deadline, "the group's post never became searchable"
        time.sleep(0.2)

    outsider = new_page()
    log_in(outsider, "eva@brugwerk.example")
    outsider.goto(live_server.url + "/search?q=chauffeur")
    choices = outsider.locator("#group option").all_text_contents()
    assert "Open planners" in choices and "Besloten planners" not in choices
    expect(outsider.locator("ol.results > li")).to_have_count(len(drivers))
    expect(outsider.locator("ol.results")).not_to_contain_text("besloten planning")

    member = new_page()
    log_in(member, bram)
    member.goto(live_server.url + "/search?q=chauffeur")
    member.locator("#search-filters summary").click()
    member.select_option("#group", label="Besloten planners")
    member.get_by_role("button", name="Filters toepassen").click()
    member.wait_for_url(f"**group={closed['id']}**")
    results = member.locator("ol.results > li")
    expect(results).to_have_count(1)
    expect(results).to_contain_text("besloten planning")
