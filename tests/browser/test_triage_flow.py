"""In real Chromium: a recruiter picks who handles a reputation alert from the one list of
colleagues the triage board offers, and the card says who handles it."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def report_alert(live_server, email: str, text: str) -> int:
    return live_server.create_post(
        email, {"type": "reputation_alert", "body": text, "source": "Indeed", "severity": "high"}
    )


def test_assign_from_the_colleagues_list(live_server, page, log_in):
    post_id = report_alert(live_server, "eva@brugwerk.example", "Een boze review op Indeed")
    report_alert(live_server, "eva@brugwerk.example", "Nog een review")
    log_in(page, "bram@brugwerk.example")
    page.goto(live_server.url + "/reputation")
    assert page.locator("datalist#triage-people").count() == 1
    card = page.locator(f"#a{post_id}")
    card.locator("summary", has_text="Toewijzen").click()
    field = card.locator(f"#assignee-{post_id}")
    # The datalist is there for a browser without JavaScript; with it the field is a
    # combobox that suggests colleagues as they are typed.
    expect(field).to_have_attribute("role", "combobox")
    field.press_sequentially("Lies", delay=20)
    option = page.locator(f"#{field.get_attribute('aria-controls')} [role=option]").first
    expect(option).to_contain_text("Lies Collega (lies)")
    field.press("Enter")
    expect(field).to_have_value("@lies")
    if os.environ.get("KRING_SCREENSHOTS"):
        page.screenshot(path=os.environ["KRING_SCREENSHOTS"] + "/triage-assign.png")
    card.locator("form.triage__form button[type=submit]", has_text="Toewijzen").click()
    page.wait_for_selector(".flash")
    assert "Lies Collega" in page.locator(f"#a{post_id}").inner_text()
