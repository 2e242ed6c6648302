"""Single sign-on: whom the provider's claims make of someone, the login page with and
without passwords, and refusals that need no provider. The whole flow against a real
OpenID provider runs in Chromium (tests/browser/test_sso_flow.py)."""

from __future__ import annotations

import html
import re

import pytest
from servers import free_port
from support import PASSWORD

from intranet.accounts import people, sso
from intranet.errors import Forbidden
from intranet.extensions import db
from intranet.models import User

EN = {"Accept-Language": "en"}


@pytest.fixture
def company(app, monkeypatch):
    """SSO configured against a provider that isn't listening (nothing here asks it)."""
    for name, value in {
        "KRING_OIDC_ISSUER": f"http://127.0.0.1:{free_port()}",
        "KRING_OIDC_CLIENT_ID": "kring",
        "KRING_OIDC_CLIENT_SECRET": "geheim",
        "KRING_OIDC_NAME": "Brugwerk ID",
    }.items():
        monkeypatch.setitem(app.config, name, value)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def no_passwords(app, monkeypatch):
    monkeypatch.setitem(app.config, "KRING_PASSWORD_LOGIN", False)


def claims(email="nina@brugwerk.example", **more) -> dict:
    return {"sub": "abc", "email": email, "email_verified": True, "name": "Nina Nieuw", **more}


# Whom the claims make of someone -----------------------------------------------------------


def test_a_first_sign_in_makes_an_employee_and_the_next_finds_her(ctx, company):
    user, created = sso.account_for(claims(email="Nina@Brugwerk.example"))
    assert created and (user.email, user.name, user.role) == (
        "nina@brugwerk.example",
        "Nina Nieuw",
        "employee",
    )
    again, created = sso.account_for(claims())
    assert (again.id, created) == (user.id, False)
    assert people.authenticate("nina@brugwerk.example", "") is None  # no password to guess


def test_an_invitation_gives_its_role_even_outside_the_domains(ctx, company, make_user):
    admin = make_user("admin")
    people.invite(admin, "gast@partner.example", "recruiter")
    user, created = sso.account_for(claims(email="gast@partner.example"))
    assert created and user.role == "recruiter"


@pytest.mark.parametrize(
    ("given", "code"),
    [
        (claims(email_verified=False), "email_unverified"),
        (claims(email_verified=None), "email_unverified"),
        ({"sub": "abc", "email_verified": True}, "email_unverified"),
        (claims(email="iemand@elders.example"), "not_allowed"),
        (claims(hd="elders.example"), "not_allowed"),  # a Google account of another company
    ],
)
def test_what_the_provider_did_not_vouch_for_is_refused(ctx, company, given, code):
    with pytest.raises(Forbidden) as refused:
        sso.account_for(given)
    assert refused.value.code == code
    assert db.session.query(User).count() == 0


def test_entra_ids_domain_owner_verified_claim_counts_as_verified(ctx, company):
    user, _created = sso.account_for(
        {"sub": "x", "email": "nina@brugwerk.example", "xms_edov": True, "name": "Nina"}
    )
    assert user.email == "nina@brugwerk.example"


def test_google_vouches_for_a_company_only_with_its_hosted_domain(ctx, company, monkeypatch, app):
    monkeypatch.setitem(app.config, "KRING_OIDC_ISSUER", "https://accounts.google.com")
    with pytest.raises(Forbidden):
        sso.account_for(claims())  # a personal Google account with a company address
    user, _created = sso.account_for(claims(hd="brugwerk.example"))
    assert user.email == "nina@brugwerk.example"


def test_a_deactivated_account_stays_out(ctx, company, make_user):
    admin, leaver = make_user("admin"), make_user(email="wim@brugwerk.example")
    people.set_active(admin, leaver, False)
    with pytest.raises(Forbidden) as refused:
        sso.account_for(claims(email="wim@brugwerk.example"))
    assert refused.value.code == "deactivated"


@pytest.mark.parametrize(
    ("issuer", "name"),
    [
        ("https://login.microsoftonline.com/0000-tenant/v2.0", "Microsoft"),
        ("https://accounts.google.com", "Google"),
        ("https://sso.brugwerk.example/realms/brugwerk", "Keycloak"),
        ("https://id.brugwerk.example", "id.brugwerk.example"),
    ],
)
def test_the_provider_is_named_after_its_issuer_unless_named(app, ctx, issuer, name):
    app.config.update(KRING_OIDC_ISSUER=issuer, KRING_OIDC_NAME=None)
    try:
        assert sso.provider_name() == name
    finally:
        app.config.update(KRING_OIDC_ISSUER=None)


# The login page -----------------------------------------------------------------------------


def test_the_login_page_offers_the_company_sign_in_beside_the_password(client, company):
    page = client.get("/login", headers=EN).get_data(as_text=True)
    assert "Sign in with Brugwerk ID" in page and 'name="password"' in page


def test_without_sso_the_login_page_is_as_before(client):
    page = client.get("/login", headers=EN).get_data(as_text=True)
    assert "Sign in with" not in page and 'name="password"' in page
    assert client.get("/login/sso/").status_code == 404


def test_with_password_login_off_only_the_company_sign_in_remains(
    app, company, no_passwords, make_user, login
):
    user = make_user()
    client = app.test_client()
    page = client.get("/login", headers=EN).get_data(as_text=True)
    assert "Sign in with Brugwerk ID" in page and 'name="password"' not in page
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
    refused = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert refused.status_code == 403
    assert client.get("/signup").status_code == 302
    link = people.signup_token("nieuw@brugwerk.example")
    assert client.get(f"/signup/{link}").status_code == 302
    with pytest.raises(Forbidden):
        people.request_signup("nieuw@brugwerk.example")


# Refusals before the provider is asked anything ------------------------------------------------


def test_a_callback_this_browser_did_not_start_is_refused(client, company):
    refused = client.get("/login/sso/callback?code=abc&state=vervalst", headers=EN)
    assert refused.status_code == 400
    assert "not started in this browser" in refused.get_data(as_text=True)


def test_a_sign_in_cancelled_at_the_provider_says_so(client, company):
    refused = client.get("/login/sso/callback?error=access_denied&state=x", headers=EN)
    assert "cancelled at Brugwerk ID" in refused.get_data(as_text=True)


def test_an_unreachable_provider_is_a_message_not_an_error_page(client, company):
    answer = client.get("/login/sso/", headers=EN)
    assert answer.status_code == 503
    assert "can't reach Brugwerk ID" in html.unescape(answer.get_data(as_text=True))
