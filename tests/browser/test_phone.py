"""In real Chromium at a phone's 390 px: every area of the header is in a menu (nothing
scrolls sideways), the composer starts collapsed, and the tables show their key column;
on a desktop the areas stay a bar and the composer stays open."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

AREAS = ("Tijdlijn", "Vacatures", "Collega's", "Klanten", "Groepen", "Tags")


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def in_sight(page, locator) -> bool:
    box = locator.bounding_box()
    width = page.viewport_size["width"]
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


@pytest.mark.parametrize("email", ["eva@brugwerk.example", "bram@brugwerk.example"])
def test_every_area_is_in_the_menu_on_a_phone(live_server, new_page, log_in, email):
    page = new_page(390)
    log_in(page, email)
    assert no_sideways_scroll(page)
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    assert menu.count() == 0  # no bar, and the menu folded away
    page.get_by_text("Menu", exact=True).click()
    assert menu.count() == 1
    for area in AREAS:
        link = menu.get_by_role("link", name=area, exact=True)
        assert link.is_visible() and in_sight(page, link), area
    page.keyboard.press("Escape")
    assert menu.count() == 0
    page.get_by_text("Menu", exact=True).click()
    menu.get_by_role("link", name="Groepen", exact=True).click()
    page.wait_for_url(live_server.url + "/groups")
    assert no_sideways_scroll(page)


def test_the_composer_starts_collapsed_on_a_phone(live_server, new_page, log_in):
    page = new_page(390)
    log_in(page, "eva@brugwerk.example")
    body = page.locator("#composer-body")
    assert not body.is_visible()
    page.get_by_text("Schrijf een bericht…").click()
    assert body.is_visible()
    expect(body).to_be_focused()  # a moment after the click: the box opens first
    body.fill("Vanaf mijn telefoon #mobiel")
    page.click("form.composer button[type=submit]")
    page.wait_for_selector("article.post >> text=Vanaf mijn telefoon")


def test_a_desktop_keeps_the_bar_and_an_open_composer(live_server, new_page, log_in):
    page = new_page(1280)
    log_in(page, "eva@brugwerk.example")
    bar = page.get_by_role("navigation", name="Hoofdmenu")
    assert bar.count() == 1
    for area in AREAS:
        assert bar.get_by_role("link", name=area, exact=True).is_visible(), area
    assert page.get_by_text("Menu", exact=True).is_hidden()
    assert page.locator("#composer-body").is_visible()


def test_tables_show_their_status_on_a_phone(live_server, new_page, log_in, post_vacancy, refer):
    post_id = post_vacancy("Orderpicker nachtdienst", "Nachtdienst in Tiel.")
    refer(post_id, "Kees Kandidaat", "kees@example.nl")
    page = new_page(390)
    log_in(page, "lies@brugwerk.example")
    page.goto(live_server.url + "/referrals")
    row = page.locator("tr", has_text="Kees Kandidaat")
    assert in_sight(page, row.locator(".badge"))  # the status
    assert no_sideways_scroll(page)

    recruiter = new_page(390)
    log_in(recruiter, "bram@brugwerk.example")
    recruiter.goto(live_server.url + "/referrals/pipeline")
    card = recruiter.locator(".refcard", has_text="Kees Kandidaat")
    assert in_sight(recruiter, card) and in_sight(recruiter, card.locator("select"))
    assert no_sideways_scroll(recruiter)
    recruiter.goto(live_server.url + "/analytics")
    assert no_sideways_scroll(recruiter)
    for header in recruiter.locator("table.table--figures tbody th[scope=row]").all()[:5]:
        header.scroll_into_view_if_needed()
        assert in_sight(recruiter, header)


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize(
    "path", ["/vacancies", "/settings/", "/admin/users", "/clients", "/search?q=planner"]
)
def test_every_tab_is_in_sight(live_server, new_page, log_in, path, width):
    """Tabs wrap onto another row: none is scrolled out of sight (a hidden scrollbar hid
    the pipeline and the leaderboard on a phone, and the settings' last tabs on a
    desktop), and the page does not scroll sideways."""
    page = new_page(width)
    log_in(page, "femke@brugwerk.example")  # an admin: the most tabs
    page.goto(live_server.url + path)
    bars = page.locator("nav.tabs")
    assert bars.count() >= 1
    for bar in bars.all():
        assert bar.evaluate("nav => nav.scrollWidth <= nav.clientWidth"), path
        for tab in bar.locator("a").all():
            assert tab.is_visible() and in_sight(page, tab), tab.inner_text()
    assert no_sideways_scroll(page)
