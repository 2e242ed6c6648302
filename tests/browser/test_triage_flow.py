"""In real Chromium: a recruiter picks who handles a reputation alert from the one list of
colleagues the triage board offers, and the card says who handles it."""

from __future__ import annotations

import json
import os
import urllib.request

import pytest

pytestmark = pytest.mark.browser


def report_alert(live_server, email: str, text: str) -> int:
    body = json.dumps({"type": "reputation_alert", "body": text, "source": "Indeed",
                       "severity": "high"}).encode()
    request = urllib.request.Request(
        live_server.url + "/api/v1/posts", data=body, method="POST",
        headers={"Content-Type": "application/json",
                 "Authorization": f"Bearer {live_server.tokens[email]}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["id"]


def test_assign_from_the_colleagues_list(live_server, page, log_in):
    post_id = report_alert(live_server, "eva@brugwerk.example", "Een boze review op Indeed")
    report_alert(live_server, "eva@brugwerk.example", "Nog een review")
    log_in(page, "bram@brugwerk.example")
    page.goto(live_server.url + "/reputation")
    assert page.locator("datalist#triage-people").count() == 1
    card = page.locator(f"#a{post_id}")
    card.locator("summary", has_text="Toewijzen").click()
    field = card.locator(f"#assignee-{post_id}")
    assert field.get_attribute("list") == "triage-people"
    handle = page.eval_on_selector(
        "datalist#triage-people",
        "list => [...list.options].find(o => o.label === 'Lies Collega').value")
    field.fill(handle)
    if os.environ.get("KRING_SCREENSHOTS"):
        page.screenshot(path=os.environ["KRING_SCREENSHOTS"] + "/triage-assign.png")
    card.locator("form.triage__form button[type=submit]", has_text="Toewijzen").click()
    page.wait_for_selector(".flash")
    assert "Lies Collega" in page.locator(f"#a{post_id}").inner_text()
