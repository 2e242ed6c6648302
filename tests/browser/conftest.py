"""A real Kring server in its own process, and real Chromium driven by Playwright."""

from __future__ import annotations

import json
import os
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

import pytest
from servers import PASSWORD, LiveServer, live_database, prepare
from sqlalchemy import create_engine, text

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PEOPLE = {  # e-mail: (name, role)
    "bram@brugwerk.example": ("Bram Recruiter", "recruiter"),
    "eva@brugwerk.example": ("Eva Medewerker", "employee"),
    "lies@brugwerk.example": ("Lies Collega", "employee"),
    "femke@brugwerk.example": ("Femke Beheer", "admin"),
}


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("live")
    database = live_database(tmp, "browser")
    env = {
        **os.environ,
        "KRING_INSTANCE_PATH": str(tmp),
        "SECRET_KEY": "live-test",
        "DATABASE_URL": database,
    }
    env.pop("TEST_DATABASE_URL", None)
    tokens = prepare(env, PEOPLE)
    # One browser session logs in more often than the login limit allows one address.
    server = LiveServer(
        tmp, database, RATELIMIT_ENABLED="false", KRING_AGENCY_NAME="Brugwerk Recruitment"
    )
    server.tokens = tokens
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _no_drafts_left(request):
    """Drafts are kept on the server per person: one test's half-written post must not
    turn up in the next test's composer."""
    if "live_server" not in request.fixturenames:
        yield
        return
    url = request.getfixturevalue("live_server").env["DATABASE_URL"]

    def forget() -> None:
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM drafts"))
        engine.dispose()

    forget()
    yield
    # A page being closed sends its last save on its way (keepalive): it lands a moment
    # after the test's pages are gone, and would open the next test's composer.
    time.sleep(0.2)
    forget()


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(chromium):
    contexts = []

    def make(width: int = 1280, locale: str = "nl-NL", **options):
        height = 844 if width < 600 else 900  # a phone held upright, or a desktop
        context = chromium.new_context(
            viewport={"width": width, "height": height}, locale=locale, **options
        )
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        return page

    yield make
    for context in contexts:
        errors = [e for page in context.pages for e in page.errors]
        context.close()
        assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def log_in(live_server):
    def do(page, email: str) -> None:
        page.goto(live_server.url + "/login")
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", PASSWORD)
        page.click("form button[type=submit]")
        page.wait_for_url(live_server.url + "/")
        # The page's scripts have run: a click before that is the page without them.
        page.wait_for_load_state()

    return do


@pytest.fixture(scope="session")
def post_vacancy(api_call):
    """Bram the recruiter posts an open vacancy through the API; its id."""

    def post(title: str, body: str, **fields) -> int:
        data = {
            "type": "vacancy",
            "title": title,
            "department": "Logistiek",
            "location": "Tiel",
            "hours": 36,
            "closes_on": (date.today() + timedelta(days=30)).isoformat(),
            "body": body,
            **fields,
        }
        return api_call("bram@brugwerk.example", "POST", "/posts", data)["id"]

    return post


@pytest.fixture(scope="session")
def api_call(live_server):
    """A JSON API call as one of the people: the answer's JSON."""

    def call(email: str, method: str, path: str, data: dict | None = None):
        request = urllib.request.Request(
            live_server.url + "/api/v1" + path,
            method=method,
            headers={
                "Authorization": f"Bearer {live_server.tokens[email]}",
                "Content-Type": "application/json",
            },
            data=json.dumps(data).encode() if data is not None else None,
        )
        with urllib.request.urlopen(request) as response:
            body = response.read()
            return json.loads(body) if body else None  # 204: nothing

    return call


@pytest.fixture(scope="session")
def refer(api_call):
    """Lies refers someone for a vacancy through the API; the referral's JSON."""

    def make(vacancy_id: int, name: str, email: str) -> dict:
        data = {"name": name, "contact": email, "consent": True}
        return api_call("lies@brugwerk.example", "POST", f"/vacancies/{vacancy_id}/referrals", data)

    return make
