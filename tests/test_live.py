"""Socket.IO with real python-socketio clients against a real server process."""

from __future__ import annotations

import os
import re
import threading
import time

import pytest
import requests
import socketio
from servers import PASSWORD, LiveServer, live_database, prepare

PEOPLE = {
    "ann@brugwerk.example": ("Ann Ontvanger", "employee"),
    "bob@brugwerk.example": ("Bob Schrijver", "employee"),
    "rita@brugwerk.example": ("Rita Recruiter", "recruiter"),
    "admin@brugwerk.example": ("Adam Beheer", "admin"),
    "otto@brugwerk.example": ("Otto Buiten", "employee"),
}


@pytest.fixture(scope="module", params=["threading", "gevent"])
def server(request, tmp_path_factory):
    """`python wsgi.py` as `make run` serves it (Werkzeug, threads) and as production does
    (KRING_SERVER=gevent: gunicorn's gevent worker, greenlets); every test here runs against
    both."""
    tmp = tmp_path_factory.mktemp(f"sockets-{request.param}")
    database = live_database(tmp, f"sockets_{request.param}")
    env = {
        **os.environ,
        "KRING_INSTANCE_PATH": str(tmp),
        "SECRET_KEY": "live-test",
        "DATABASE_URL": database,
    }
    env.pop("TEST_DATABASE_URL", None)
    tokens = prepare(env, PEOPLE)
    live = LiveServer(tmp, database, KRING_SERVER=request.param)
    live.tokens = tokens
    Api(live, "admin@brugwerk.example").post(
        "/posts", json={"type": "update", "body": "De server is wakker"}
    )
    yield live
    live.stop()


class Api:
    def __init__(self, server, email):
        self.base = server.url + "/api/v1"
        self.headers = {"Authorization": f"Bearer {server.tokens[email]}"}

    def __getattr__(self, method):
        def call(path, **kw):
            response = requests.request(
                method.upper(), self.base + path, headers=self.headers, timeout=10, **kw
            )
            assert response.status_code < 400, response.text
            return response.json() if response.content else None

        return call


class Browser:
    """A logged-in browser session (cookie), reading CSRF tokens from pages."""

    def __init__(self, server, email=None, remember=False):
        self.server, self.session = server, requests.Session()
        if email:
            login = {
                "email": email,
                "password": PASSWORD,
                **({"remember": "y"} if remember else {}),
            }
            self.post("/login", login, page="/login")

    def token(self, page: str) -> str:
        html = self.session.get(self.server.url + page, timeout=10).text
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)

    def post(self, path, data, page="/settings/tokens"):
        data = {**data, "csrf_token": self.token(page)}
        return self.session.post(self.server.url + path, data=data, timeout=10)

    @property
    def cookie(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.session.cookies)


class Listener:
    """A python-socketio client that records what it hears."""

    def __init__(self, server, token=None, cookie=None, headers=None):
        self.client = socketio.Client(reconnection=False)
        self.events: list[tuple[str, dict, float]] = []
        self.gone = threading.Event()
        for name in ("notification", "post"):
            self.client.on(
                name, lambda data, name=name: self.events.append((name, data, time.monotonic()))
            )
        self.client.on("disconnect", lambda *args: self.gone.set())
        extra = dict(headers or {})
        if cookie:
            extra["Cookie"] = cookie
        self.client.connect(
            server.url,
            auth={"token": token} if token else None,
            headers=extra,
            transports=["websocket"],
            wait_timeout=10,
        )

    def wait_for(self, name, test=lambda data: True, timeout=5.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for event, data, when in self.events:
                if event == name and test(data):
                    return data, when
            time.sleep(0.02)
        return None, None

    def heard(self, name, test=lambda data: True) -> list:
        return [data for event, data, _when in list(self.events) if event == name and test(data)]

    def close(self):
        if self.client.connected:
            self.client.disconnect()


@pytest.fixture
def listen(server):
    made = []

    def make(email=None, **kw):
        listener = Listener(server, token=server.tokens[email] if email else None, **kw)
        made.append(listener)
        return listener

    yield make
    for listener in made:
        listener.close()


def test_no_server_banner(server):
    """Neither Werkzeug nor gunicorn tells what it is or which versions run."""
    for path in ("/login", "/healthz", "/no-such-page"):
        banner = requests.get(server.url + path, timeout=10).headers.get("Server", "")
        assert banner == "Kring", (path, banner)


def test_unauthenticated_connections_are_refused(server):
    client = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(server.url, transports=["websocket"], wait_timeout=5)
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(
            server.url, auth={"token": "kr_forged"}, transports=["websocket"], wait_timeout=5
        )


def test_foreign_origin_is_refused(server):
    client = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(
            server.url,
            auth={"token": server.tokens["ann@brugwerk.example"]},
            headers={"Origin": "http://evil.example"},
            transports=["websocket"],
            wait_timeout=5,
        )


def test_a_mention_arrives_within_a_second(server, listen):
    ann = listen("ann@brugwerk.example")
    me = Api(server, "ann@brugwerk.example").get("/me")
    started = time.monotonic()
    post = Api(server, "bob@brugwerk.example").post(
        "/posts", json={"type": "update", "body": f"@{me['handle']} kun je hiernaar kijken?"}
    )
    data, when = ann.wait_for("notification", lambda d: d["post_id"] == post["id"])
    assert data is not None, "no notification pushed"
    assert when - started < 1.0
    assert data["reasons"] == [{"kind": "mention"}] and data["read"] is False
    listed = Api(server, "ann@brugwerk.example").get("/notifications")["items"]
    assert listed[0]["id"] == data["id"]


def test_a_further_reason_rings_again_in_place_of_the_first(server, listen):
    """A post that names Ann and hits her alert: the mention rings first (it is stored
    with the post), then the fan-out's alert, which says whose place it takes."""
    ann_api = Api(server, "ann@brugwerk.example")
    alert = ann_api.post("/alerts", json={"term": "functiehuis"})
    try:
        ann = listen("ann@brugwerk.example")
        before = ann_api.get("/notifications")["unread"]
        post = Api(server, "bob@brugwerk.example").post(
            "/posts",
            json={"type": "update", "body": f"@{ann_api.get('/me')['handle']} het functiehuis"},
        )
        second, _ = ann.wait_for(
            "notification", lambda d: d["post_id"] == post["id"] and len(d["reasons"]) == 2
        )
        assert second is not None, "the alert's reason was not pushed"
        first = ann.heard("notification", lambda d: d["post_id"] == post["id"])[0]
        assert first["reasons"] == [{"kind": "mention"}] and "replaces" not in first
        assert [r["kind"] for r in second["reasons"]] == ["mention", "alert"]
        assert second["replaces"] == first["id"] and second["id"] > first["id"]
        listed = ann_api.get("/notifications")
        assert listed["unread"] == before + 1
        assert [i["id"] for i in listed["items"] if i["post_id"] == post["id"]] == [second["id"]]
    finally:
        ann_api.delete(f"/alerts/{alert['id']}")


def test_the_session_cookie_also_connects(server, listen):
    browser = Browser(server, "ann@brugwerk.example")
    ann = listen(cookie=browser.cookie)
    handle = Api(server, "ann@brugwerk.example").get("/me")["handle"]
    post = Api(server, "rita@brugwerk.example").post(
        "/posts", json={"type": "update", "body": f"Hoi @{handle}"}
    )
    data, _ = ann.wait_for("notification", lambda d: d["post_id"] == post["id"])
    assert data is not None


def test_private_posts_reach_members_only(server, listen):
    rita, otto = Api(server, "rita@brugwerk.example"), Api(server, "otto@brugwerk.example")
    ann_id = Api(server, "ann@brugwerk.example").get("/me")["id"]
    group = rita.post("/groups", json={"name": f"Geheim {time.time()}", "private": True})
    rita.post(f"/groups/{group['id']}/members/{ann_id}")
    ann, outsider = listen("ann@brugwerk.example"), listen("otto@brugwerk.example")
    otto_handle = otto.get("/me")["handle"]
    post = rita.post(
        "/posts",
        json={
            "type": "update",
            "group": group["id"],
            "body": f"Alleen voor ons, ook al staat @{otto_handle} erin",
        },
    )
    assert post["warnings"], "the author is warned that Otto can't see it"
    heard, _ = ann.wait_for("post", lambda d: d["id"] == post["id"])
    assert heard is not None
    # A later public post naming Otto: its feed push follows the private one's, and its
    # notification comes from the fan-out after the private post's. Once Otto has heard
    # both, anything about the private post would have come first.
    later = rita.post("/posts", json={"type": "update", "body": f"Voor iedereen, @{otto_handle}"})
    assert outsider.wait_for("notification", lambda d: d["post_id"] == later["id"])[0]
    assert outsider.wait_for("post", lambda d: d["id"] == later["id"])[0]
    about = {"post": "id", "notification": "post_id"}  # a notification's own id is no post's
    assert [e for e in outsider.events if e[1].get(about[e[0]]) == post["id"]] == []


def test_removal_from_a_group_stops_its_pushes(server, listen):
    rita = Api(server, "rita@brugwerk.example")
    ann_id = Api(server, "ann@brugwerk.example").get("/me")["id"]
    group = rita.post("/groups", json={"name": f"Tijdelijk {time.time()}", "private": True})
    rita.post(f"/groups/{group['id']}/members/{ann_id}")
    ann = listen("ann@brugwerk.example")
    first = rita.post("/posts", json={"type": "update", "group": group["id"], "body": "Een"})
    assert ann.wait_for("post", lambda d: d["id"] == first["id"])[0] is not None
    rita.delete(f"/groups/{group['id']}/members/{ann_id}")  # her socket leaves on commit
    second = rita.post("/posts", json={"type": "update", "group": group["id"], "body": "Twee"})
    later = rita.post("/posts", json={"type": "update", "body": "Voor iedereen"})
    assert ann.wait_for("post", lambda d: d["id"] == later["id"])[0] is not None
    assert ann.heard("post", lambda d: d["id"] == second["id"]) == []  # it would have come first


def test_revoking_the_token_closes_its_socket(server, listen):
    browser = Browser(server, "bob@brugwerk.example")
    page = browser.post("/settings/tokens", {"name": "socket"}).text
    secret = re.search(r'class="secret__value">(kr_[^<]+)<', page).group(1)
    token_id = re.findall(r"/settings/tokens/(\d+)/revoke", page)[0]
    listener = Listener(server, token=secret)
    try:
        assert listener.client.connected
        browser.post(f"/settings/tokens/{token_id}/revoke", {})
        assert listener.gone.wait(3), "the socket stayed open after revocation"
    finally:
        listener.close()


def test_logout_closes_the_browser_socket(server, listen):
    browser = Browser(server, "otto@brugwerk.example")
    listener = listen(cookie=browser.cookie)
    assert listener.client.connected
    browser.post("/logout", {}, page="/")
    assert listener.gone.wait(3), "the socket stayed open after logout"


def test_a_socket_opened_through_remember_me_closes_at_logout(server, listen):
    """A browser whose session cookie is gone comes back by its remember-me cookie: the
    socket it opens then belongs to that login too, and logging out closes it."""
    first = Browser(server, "ann@brugwerk.example", remember=True)
    later = Browser(server)
    later.session.cookies.set("remember_token", first.session.cookies["remember_token"])
    listener = listen(cookie=f"remember_token={first.session.cookies['remember_token']}")
    assert listener.client.connected
    later.post("/logout", {}, page="/")
    assert listener.gone.wait(3), "the socket opened through remember-me stayed open"


def test_deactivation_closes_every_socket(server, listen):
    email = "rita@brugwerk.example"
    by_token = listen(email)
    by_cookie = listen(cookie=Browser(server, email).cookie)
    rita_id = Api(server, email).get("/me")["id"]
    admin = Browser(server, "admin@brugwerk.example")
    admin.post(f"/admin/users/{rita_id}", {"active": "0"}, page="/admin/users")
    assert by_token.gone.wait(3) and by_cookie.gone.wait(3)
    with pytest.raises(socketio.exceptions.ConnectionError):
        Listener(server, token=server.tokens[email])
