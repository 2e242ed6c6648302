"""In real Chromium: an employee shares a vacancy from their share queue, someone opens the
personal link in a fresh browser, applies, and the employee sees the application credited."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_share_apply_and_see_the_credit(live_server, new_page, log_in, post_vacancy):
    post_id = post_vacancy("Planner binnendienst", "Wie kent een planner die van puzzelen houdt?")

    employee = new_page()
    log_in(employee, "eva@brugwerk.example")
    employee.goto(live_server.url + "/sharing")
    employee.check("input[name=rhythm][value=monthly]")  # asked once
    employee.click("form.shareprefs button[type=submit]")
    employee.wait_for_url(live_server.url + "/sharing")
    card = employee.locator(f"#v{post_id}")
    assert "Planner binnendienst" in card.inner_text()
    link = card.locator("[data-share-link]").input_value()
    assert link.startswith(f"{live_server.url}/jobs/{post_id}?r=")

    outsider = new_page()  # a fresh context: no cookies, not logged in
    outsider.goto(link)
    assert (
        outsider.locator("meta[property='og:title']").get_attribute("content")
        == "Planner binnendienst"
    )
    assert outsider.locator(".topbar").count() == 0
    outsider.fill("input[name=name]", "Anna Sollicitant")
    outsider.fill("input[name=email]", "anna@example.nl")
    outsider.fill("textarea[name=motivation]", "Ik puzzel graag.")
    outsider.set_input_files(
        "input[name=cv]",
        files=[
            {
                "name": "anna-cv.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF",
            }
        ],
    )
    outsider.check("input[name=consent]")
    outsider.click("#apply button[type=submit]")
    outsider.wait_for_url(f"{live_server.url}/jobs/{post_id}/thanks")
    assert "Bedankt" in outsider.inner_text("h1")

    again = new_page()
    log_in(again, "eva@brugwerk.example")
    again.goto(live_server.url + "/sharing")
    row = again.locator(".shareresults tr", has_text="Planner binnendienst")
    assert row.locator("[data-applications]").inner_text() == "1"
