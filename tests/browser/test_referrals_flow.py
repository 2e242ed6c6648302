"""In real Chromium: an employee refers someone from a vacancy, the recruiter moves it along
in the pipeline, and the employee sees the new status."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

pytestmark = pytest.mark.browser


def post_vacancy(live_server, email: str, title: str) -> int:
    return live_server.create_post(
        email,
        {
            "type": "vacancy",
            "body": "Wie kent iemand? #referral",
            "title": title,
            "department": "IT",
            "location": "Utrecht",
            "hours": 36,
            "closes_on": (date.today() + timedelta(days=20)).isoformat(),
            "referral_bonus": 400,
        },
    )


def test_refer_a_candidate_and_follow_it_through_the_pipeline(live_server, new_page, log_in):
    post_id = post_vacancy(live_server, "bram@brugwerk.example", "Tester mobiele apps")

    employee = new_page()
    log_in(employee, "eva@brugwerk.example")
    employee.goto(live_server.url + "/vacancies")
    card = employee.locator(f"#v{post_id}")
    assert "Tester mobiele apps" in card.inner_text()
    card.get_by_role("link", name="Iemand aanbrengen").click()
    employee.wait_for_url(f"{live_server.url}/vacancies/{post_id}/refer")
    employee.fill("input[name=name]", "Sanne Testkandidaat")
    employee.fill("input[name=contact]", "sanne.test@example.nl")
    employee.fill("textarea[name=motivation]", "Test al jaren apps bij een bank.")
    employee.click("main form button[type=submit]")
    employee.wait_for_selector(".field__error")  # no consent ticked yet: told, nothing lost
    assert employee.input_value("input[name=name]") == "Sanne Testkandidaat"
    employee.check("input[name=consent]")
    employee.click("main form button[type=submit]")
    employee.wait_for_url(live_server.url + "/referrals")
    row = employee.locator("tr", has_text="Sanne Testkandidaat")
    assert "Tester mobiele apps" in row.inner_text()

    recruiter = new_page()
    log_in(recruiter, "bram@brugwerk.example")
    recruiter.goto(live_server.url + "/referrals/pipeline")
    referred = recruiter.locator("#col-referred").locator("xpath=..")
    card = referred.locator(".refcard", has_text="Sanne Testkandidaat")
    assert "sanne.test@example.nl" in card.inner_text()
    assert "Eva Medewerker" in card.inner_text()
    card.locator("select[name=status]").select_option("contacted")
    card.locator(".refmove button[type=submit]").click()
    recruiter.wait_for_load_state()
    contacted = recruiter.locator("#col-contacted").locator("xpath=..")
    assert contacted.locator(".refcard", has_text="Sanne Testkandidaat").count() == 1

    employee.goto(live_server.url + "/referrals")
    row = employee.locator("tr", has_text="Sanne Testkandidaat")
    assert row.locator(".badge--ref-contacted").is_visible()
