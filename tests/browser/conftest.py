"""A real Kring server in its own process, and real Chromium driven by Playwright."""

from __future__ import annotations

import json
import os
import urllib.request
from datetime import date, timedelta
from pathlib import Path

import pytest
from servers import PASSWORD, LiveServer, live_database, prepare

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

    def make():
        context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
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

    return do


@pytest.fixture
def post_vacancy(live_server):
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
        request = urllib.request.Request(
            live_server.url + "/api/v1/posts",
            method="POST",
            headers={
                "Authorization": f"Bearer {live_server.tokens['bram@brugwerk.example']}",
                "Content-Type": "application/json",
            },
            data=json.dumps(data).encode(),
        )
        with urllib.request.urlopen(request) as response:
            return json.load(response)["id"]

    return post
