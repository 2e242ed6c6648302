"""Served over https: Secure cookies and HSTS (an https KRING_BASE_URL, or what the proxy
in front says behind KRING_PROXY_FIX); sockets limited to Kring's own origin."""

from __future__ import annotations

import re

import pytest
from support import PASSWORD

from intranet.app import _serve_https, _trust_proxies


def log_in(client, user, remember=True, **kw):
    page = client.get("/login", **kw).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    data = {"email": user.email, "password": PASSWORD, "csrf_token": token}
    if remember:
        data["remember"] = "y"
    return client.post("/login", data=data, **kw)


def set_cookies(response) -> dict[str, str]:
    return {value.split("=", 1)[0]: value for value in response.headers.getlist("Set-Cookie")}


def is_secure(cookie: str) -> bool:
    return "secure" in [part.strip().lower() for part in cookie.split(";")[1:]]


@pytest.fixture
def https_app(app, monkeypatch):
    """The test app as an https KRING_BASE_URL sets it up, for one test (a second app
    would rebind the extensions every other test shares)."""
    plain = app.wsgi_app
    monkeypatch.setitem(app.config, "KRING_BASE_URL", "https://kring.test")
    for name in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
        monkeypatch.setitem(app.config, name, app.config.get(name, False))
    _serve_https(app)
    yield app
    app.wsgi_app = plain


def test_at_an_https_address_every_cookie_is_secure(https_app, make_user):
    user = make_user()
    client = https_app.test_client()
    # Over https Flask-WTF also checks that the form came from this site (Referer)
    response = log_in(
        client, user, base_url="https://kring.test", headers={"Referer": "https://kring.test/"}
    )
    assert response.status_code == 303
    cookies = set_cookies(response)
    assert {"session", "remember_token", "kring_node"} <= set(cookies)
    assert all(is_secure(c) for c in cookies.values()), cookies
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    page = client.get("/", base_url="https://kring.test")
    policy = page.headers["Content-Security-Policy"]
    assert "connect-src 'self' wss://kring.test;" in policy


def test_behind_a_proxy_https_is_what_the_proxy_says(app, make_user):
    user = make_user()
    plain = app.wsgi_app
    app.config["KRING_PROXY_FIX"] = 1
    _trust_proxies(app)
    try:
        over_https = log_in(
            app.test_client(),
            user,
            headers={"X-Forwarded-Proto": "https", "Referer": "https://localhost/login"},
        )
        over_http = log_in(app.test_client(), user)
    finally:
        app.wsgi_app = plain
        app.config["KRING_PROXY_FIX"] = 0
    assert all(is_secure(c) for c in set_cookies(over_https).values())
    assert "Strict-Transport-Security" in over_https.headers
    assert not any(is_secure(c) for c in set_cookies(over_http).values())
    assert "Strict-Transport-Security" not in over_http.headers


def test_over_plain_http_cookies_stay_usable_and_sockets_stay_home(app, make_user):
    response = log_in(app.test_client(), make_user())
    assert response.status_code == 303
    assert not any(is_secure(c) for c in set_cookies(response).values())
    assert "Strict-Transport-Security" not in response.headers
    policy = app.test_client().get("/login").headers["Content-Security-Policy"]
    sources = re.search(r"connect-src ([^;]+);", policy).group(1).split()
    assert sources == ["'self'", "ws://localhost"]  # not ws: or wss:, which is any host


def test_the_sharing_queue_keeps_sockets_home_too(app, make_user, login):
    queue = login(make_user()).get("/sharing")
    assert queue.status_code == 200
    policy = queue.headers["Content-Security-Policy"]
    assert "connect-src 'self' ws://localhost;" in policy
    assert "form-action 'self' https://www.linkedin.com" in policy
