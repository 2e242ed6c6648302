"""axe-core in real Chromium on every main page, at a phone's 390 px and a desktop's
1,280 px (and at 390 px in dark mode), as an employee, a recruiter, an admin and someone
not logged in: no critical or serious violations; in Dutch, and a page of each kind in
English too. axe comes from npm (a devDependency),
injected into each page."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
EMPLOYEE = [
    "/",
    "/?scope=all",
    "/vacancies",
    "/vacancies/calendar",
    "/referrals",
    "/referrals/leaderboard",
    "/sharing",
    "/sharing/links",
    "/sharing/preferences",
    "/sharing/{vacancy}",
    "/posts/{vacancy}",
    "/posts/{update}",
    "/posts/new",
    "/vacancies/{vacancy}/refer",
    "/people",
    "/people/bram",
    "/clients",
    "/clients/{client}",
    "/groups",
    "/tags",
    "/tags/logistiek",
    "/search?q=planner",
    "/notifications",
    "/notifications/settings",
    "/alerts",
    "/analytics",
    "/settings/",
    "/settings/email",
    "/settings/webhooks/",
]
PAGES = {
    "eva@brugwerk.example": EMPLOYEE,
    "bram@brugwerk.example": [
        "/",
        "/posts/{vacancy}",
        "/vacancies/{vacancy}/public",
        "/referrals/pipeline",
        "/reputation",
        "/analytics",
        "/clients",
        "/search?q=planer&type=update&author=%40bram",  # did you mean, filters open
        "/search?q=planer&since=2026-12-31&until=2026-01-01",  # a filter's error
    ],
    "femke@brugwerk.example": [
        "/admin/users",
        "/admin/mail",
        "/admin/privacy",
        "/groups/new",
        "/clients/new",
        "/analytics",
    ],
    None: ["/login", "/signup", "/jobs/{vacancy}", "/jobs/999999"],
}
# In English: each kind of page once, as the role that sees the most of it.
ENGLISH = {
    "eva@brugwerk.example": [
        "/",
        "/posts/{update}",
        "/posts/new",
        "/vacancies",
        "/people",
        "/people?skill=nobody",
        "/search?q=planner",
        "/notifications",
        "/settings/",
    ],
    "bram@brugwerk.example": ["/posts/{vacancy}", "/referrals/pipeline", "/reputation"],
    "femke@brugwerk.example": ["/admin/users", "/analytics"],
    None: ["/login", "/jobs/{vacancy}"],
}


@pytest.fixture(scope="module")
def seeded(api_call, post_vacancy, refer):
    """Posts of every kind the pages show: tags and mentions in text, a vacancy with a
    referral, a client with a signal, a reputation alert."""
    vacancy = post_vacancy(
        "Planner binnendienst", "Wie kent een #planner? @eva weet er misschien een. #logistiek"
    )
    refer(vacancy, "Anna Aangebracht", "anna@example.nl")
    client = api_call("femke@brugwerk.example", "POST", "/clients", {"name": "Cloudhaven"})
    api_call(
        "bram@brugwerk.example",
        "POST",
        "/posts",
        {
            "type": "client_signal",
            "client": client["id"],
            "kind": "expansion",
            "body": "Cloudhaven opent een kantoor in Tiel. #logistiek",
        },
    )
    api_call(
        "bram@brugwerk.example",
        "POST",
        "/posts",
        {
            "type": "reputation_alert",
            "source": "Indeed",
            "severity": "high",
            "body": "Een slechte review over de intake. @eva kijk jij?",
        },
    )
    update = api_call(
        "eva@brugwerk.example",
        "POST",
        "/posts",
        {"type": "update", "body": "Vrijdag **borrel** in Tiel, @bram komt ook. #team"},
    )
    api_call(
        "bram@brugwerk.example",
        "POST",
        "/posts",
        {
            "type": "candidate_offer",
            "headline": "Planner, Tiel",
            "skills": ["planning"],
            "availability": "per direct",
            "location": "Tiel",
            "retain_until": (date.today() + timedelta(days=20)).isoformat(),
            "candidate_name": "Karel Kandidaat",
            "candidate_contact": "karel@example.nl",
            "consent": True,
            "body": "Sterke planner. #planner",
        },
    )
    return {"vacancy": vacancy, "update": update["id"], "client": client["id"]}


def serious_violations(page) -> list[str]:
    assert AXE.exists(), "axe-core is missing: run `npm ci` (make test does)"
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
            .filter(v => v.impact === "critical" || v.impact === "serious")
            .map(v => v.id + " (" + v.impact + "): " + v.nodes.slice(0, 3)
                .map(n => n.target.join(" ")).join(", "))"""
    )
    return found


@pytest.mark.parametrize(
    ("width", "scheme"), [(390, "light"), (1280, "light"), (390, "dark")], ids=str
)
@pytest.mark.parametrize("email", list(PAGES), ids=lambda e: (e or "visitor").split("@")[0])
def test_no_serious_violations(live_server, chromium, log_in, seeded, email, width, scheme):
    problems = check(live_server, chromium, log_in, seeded, email, PAGES[email], width, scheme)
    assert not problems, problems


@pytest.mark.parametrize("width", [390, 1280], ids=str)
@pytest.mark.parametrize("email", list(ENGLISH), ids=lambda e: (e or "visitor").split("@")[0])
def test_no_serious_violations_in_english(live_server, chromium, log_in, seeded, email, width):
    """English words are other lengths and other names: a representative page of each kind
    (a feed, a post, a form, a table, settings, the people directory) in English too."""
    problems = check(
        live_server, chromium, log_in, seeded, email, ENGLISH[email], width, "light", "en-GB"
    )
    assert not problems, problems


def check(live_server, chromium, log_in, seeded, email, paths, width, scheme, locale="nl-NL"):
    """axe's serious and critical violations per page."""
    context = chromium.new_context(
        viewport={"width": width, "height": 844 if width < 600 else 900},
        locale=locale,
        color_scheme=scheme,  # dark mode follows the system: it must read as well
        bypass_csp=True,  # axe is injected as a script of the page
    )
    page = context.new_page()
    if email:
        log_in(page, email)
    problems = {}
    for path in paths:
        page.goto(live_server.url + path.format(**seeded))
        assert page.locator("html").get_attribute("lang") == locale[:2], path
        violations = serious_violations(page)
        if violations:
            problems[path] = violations
    context.close()
    return problems
