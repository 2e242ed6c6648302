"""Single sign-on in Chromium: Kring (its own server, password login switched off) and a real
OpenID provider on loopback (npm's oidc-provider). A colleague signs in with the company
account; a wrong state, an expired code, an unverified e-mail, a deactivated account and an
address outside the company are each refused with a clear message."""

from __future__ import annotations

import os
import re
from urllib.parse import urljoin

import pytest
from oidc_server import OpenIdProvider, missing
from playwright.sync_api import expect
from servers import PASSWORD, LiveServer, free_port, live_database, prepare, run_python

pytestmark = pytest.mark.browser

PEOPLE = {
    "bram@brugwerk.example": ("Bram Recruiter", "recruiter"),
    "wim@brugwerk.example": ("Wim Vertrokken", "employee"),
    "femke@brugwerk.example": ("Femke Beheer", "admin"),
}


@pytest.fixture(scope="module")
def kring(tmp_path_factory):
    """Kring with single sign-on only, and the provider it trusts."""
    if missing():
        pytest.skip(missing())
    tmp = tmp_path_factory.mktemp("sso")
    database = live_database(tmp, "sso")
    env = {**os.environ, "KRING_INSTANCE_PATH": str(tmp), "SECRET_KEY": "sso-test"}
    env["DATABASE_URL"] = database
    env.pop("TEST_DATABASE_URL", None)
    prepare(env, PEOPLE)
    run_python(
        env,
        "from intranet import create_app\n"
        "from intranet.accounts import people\n"
        "with create_app().app_context():\n"
        "    admin = people.user_by_handle('femke')\n"
        "    people.set_active(admin, people.user_by_handle('wim'), False)\n",
    )
    port = free_port()
    server = LiveServer(
        tmp,
        database,
        RATELIMIT_ENABLED="false",
        KRING_SIGNUP_DOMAINS="brugwerk.example",
        KRING_PASSWORD_LOGIN="false",
        KRING_OIDC_NAME="Brugwerk ID",
        KRING_OIDC_ISSUER=f"http://127.0.0.1:{port}",
        KRING_OIDC_CLIENT_ID="kring",
        KRING_OIDC_CLIENT_SECRET="kring-test-secret",
    )
    provider = OpenIdProvider(server.url + "/login/sso/callback", tmp, port=port)
    server.issuer = provider.issuer
    yield server
    provider.stop()
    server.stop()


def sign_in(page, kring, login: str, hold_callback: bool = False) -> str | None:
    """Log in at the provider as `login`; with `hold_callback`, stop the browser at the
    provider's redirect back to Kring and return that address instead of following it."""
    held = []

    def hold(route):
        # The browser follows redirects without asking routes: follow the provider's own
        # redirects here, with the browser's cookies, up to the one that leads to Kring.
        response = route.fetch(max_redirects=0)
        location = response.headers.get("location", "")
        while location.startswith(kring.issuer) or location.startswith("/"):
            response = page.context.request.get(urljoin(kring.issuer, location), max_redirects=0)
            location = response.headers.get("location", "")
        if "/login/sso/callback" in location:
            held.append(location)
            route.fulfill(body="held", content_type="text/plain")
        else:
            route.fulfill(response=response)

    if hold_callback:
        page.route(f"{kring.issuer}/**", hold)
    page.goto(kring.url + "/login")
    expect(page.locator("input[name=password]")).to_have_count(0)  # password login is off
    page.get_by_role("link", name="Inloggen met Brugwerk ID").click()
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    if hold_callback:
        expect(page.get_by_text("held")).to_be_visible()
        page.unroute(f"{kring.issuer}/**")
        return held[0]
    page.wait_for_load_state()
    return None


def refusal(page) -> str:
    return page.get_by_role("alert").inner_text()


def test_a_new_colleague_signs_in_and_gets_an_employee_account(new_page, kring):
    page = new_page()
    sign_in(page, kring, "nina.nieuw@brugwerk.example")
    expect(page).to_have_url(re.compile(r"/welcome"))
    expect(page.get_by_text("Welkom bij Kring, Nina Nieuw!")).to_be_visible()
    page.goto(kring.url + "/")
    page.locator(".usermenu summary").click()
    expect(page.locator(".usermenu__who")).to_contain_text("Medewerker")


def test_an_existing_account_signs_in_where_it_wanted_to_go(new_page, kring):
    page = new_page()
    page.goto(kring.url + "/alerts")  # sends them to the login page, remembering this
    page.get_by_role("link", name="Inloggen met Brugwerk ID").click()
    page.fill("input[name=login]", "bram@brugwerk.example")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(kring.url + "/alerts")
    expect(page.locator(".usermenu__who")).to_contain_text("Bram Recruiter")


def test_a_forged_state_is_refused(new_page, kring):
    page = new_page()
    callback = sign_in(page, kring, "bram@brugwerk.example", hold_callback=True)
    page.goto(re.sub(r"state=[^&]+", "state=vervalst", callback))
    assert "niet in deze browser begonnen" in refusal(page)
    expect(page.locator(".usermenu")).to_have_count(0)


def test_an_expired_code_is_refused(new_page, kring):
    page = new_page()
    callback = sign_in(page, kring, "slow.sara@brugwerk.example", hold_callback=True)
    page.wait_for_timeout(2500)  # the provider gives this account's codes one second
    page.goto(callback)
    assert "duurde te lang" in refusal(page)
    expect(page.locator(".usermenu")).to_have_count(0)


def test_an_unverified_email_is_refused(new_page, kring):
    page = new_page()
    sign_in(page, kring, "unverified.ursula@brugwerk.example")
    assert "Brugwerk ID heeft je e-mailadres niet bevestigd" in refusal(page)
    expect(page.locator(".usermenu")).to_have_count(0)


def test_a_deactivated_account_and_an_outsider_are_refused(new_page, kring):
    page = new_page()
    sign_in(page, kring, "wim@brugwerk.example")
    assert "gedeactiveerd" in refusal(page)
    other = new_page()
    sign_in(other, kring, "iemand@elders.example")
    assert "Kring is voor brugwerk.example" in refusal(other)
