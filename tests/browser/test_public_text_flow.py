"""In real Chromium: a recruiter approves a vacancy's public text, drafted without what
colleagues say to each other; an outsider's page and its preview show only that text, under
the agency's name. An employee shares from the card and finds the link under "My links"."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

BODY = (
    "Nog even voor de groep: Van der Berg Logistiek zoekt tien heftruckchauffeurs voor het "
    "DC in Zwolle, samen met @eva. Ken jij iemand? #vacature #zwolle\n\n"
    "Intern: de klant betaalt pas na 60 dagen."
)
INSIDE = ("@eva", "#vacature", "#zwolle", "Nog even voor de groep", "Ken jij", "60 dagen", "Kring")


def test_the_public_page_shows_the_approved_text_only(live_server, new_page, log_in, post_vacancy):
    post_id = post_vacancy("Heftruckchauffeur", BODY, department="Warehouse", location="Zwolle")
    recruiter = new_page()
    log_in(recruiter, "bram@brugwerk.example")
    recruiter.goto(f"{live_server.url}/posts/{post_id}")
    recruiter.get_by_role("link", name="Openbare tekst schrijven").click()
    text = recruiter.locator("textarea[name=public_text]")
    draft = text.input_value()
    assert draft.startswith("Van der Berg Logistiek zoekt tien heftruckchauffeurs")
    for word in INSIDE:
        assert word not in draft, word
    text.fill(draft + "\n\nJe rijdt op een elektrische heftruck.")
    recruiter.get_by_role("button", name="Bewaren voor de openbare pagina").click()
    recruiter.wait_for_url(f"{live_server.url}/posts/{post_id}")

    outsider = new_page()
    outsider.goto(f"{live_server.url}/jobs/{post_id}")
    page = outsider.content()
    for word in INSIDE:
        assert word not in page, word
    assert "elektrische heftruck" in outsider.locator("main").inner_text()
    description = outsider.locator("meta[property='og:description']").get_attribute("content")
    assert description.startswith("Van der Berg Logistiek zoekt tien heftruckchauffeurs")
    assert outsider.locator("meta[property='og:site_name']").get_attribute("content") == (
        "Brugwerk Recruitment"
    )
    assert outsider.title() == "Heftruckchauffeur · Brugwerk Recruitment"


def test_share_from_the_board_and_find_the_link_under_my_links(
    live_server, new_page, log_in, chromium, post_vacancy
):
    post_id = post_vacancy("Planner Zwolle", BODY)
    employee = new_page()
    employee.context.grant_permissions(["clipboard-read", "clipboard-write"])
    log_in(employee, "lies@brugwerk.example")
    employee.goto(live_server.url + "/vacancies")
    employee.locator(f"#v{post_id}").get_by_role("link", name="Delen").click()
    employee.wait_for_url(f"{live_server.url}/sharing/{post_id}")
    link = employee.locator("[data-share-link]").input_value()
    assert link.startswith(f"{live_server.url}/jobs/{post_id}?r=")
    employee.get_by_role("button", name="Link kopiëren").click()
    employee.get_by_role("button", name="Gekopieerd").wait_for()
    assert employee.evaluate("navigator.clipboard.readText()") == link

    # Someone in an ordinary browser (a headless one counts as a bot) opens the link.
    visitor = chromium.new_context(user_agent="Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0")
    outsider = visitor.new_page()
    outsider.goto(link)
    assert outsider.locator("h1").inner_text() == "Planner Zwolle"
    visitor.close()

    tabs = employee.get_by_role("navigation", name="Vacatures")
    tabs.get_by_role("link", name="Mijn links").click()
    employee.wait_for_url(live_server.url + "/sharing/links")
    card = employee.locator(f"#v{post_id}")
    assert card.locator("[data-share-link]").input_value() == link
    figures = card.locator(".sharefigures").inner_text()
    assert "1 keer gedeeld" in figures and "1 keer bekeken" in figures and "1 klik" in figures
