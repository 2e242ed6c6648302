"""Several web nodes behind one address: real gunicorn nodes (each with its own instance
folder, as on separate machines), a real job consumer, PostgreSQL or SQLite, Redis, and
nginx started from deploy/nginx.conf."""

from __future__ import annotations

import gc
import os
import re
import secrets
import socket
import threading
import time
import urllib.parse
import uuid
import warnings

import pytest
import requests
import socketio
from servers import PASSWORD, Consumer, LiveServer, free_port, live_database, prepare
from test_live import Browser, Listener
from test_redis import REDIS_URL, redis_available

from deploy.scaled import Nginx

PEOPLE = {
    "ann@brugwerk.example": ("Ann Ontvanger", "employee"),
    "bob@brugwerk.example": ("Bob Schrijver", "employee"),
}
CLIENTS = 50

pytestmark = [
    pytest.mark.skipif(
        not redis_available() and not os.environ.get("CI_REQUIRE_REDIS"),
        reason=f"no Redis at {REDIS_URL}",
    ),
    # When a node goes away under them, the Socket.IO client library drops the sockets of
    # the connections it gives up on without closing them; they are reported when the
    # garbage collector finds them, in whichever test runs then. They are the client's, not
    # Kring's: ignored here and collected before the module ends (see `collected`).
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
]


@pytest.fixture(scope="module", autouse=True)
def collected():
    """Collect the dropped client sockets while their warnings are still ignored, so they
    are not reported in a later module's test."""
    yield
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


class Cluster:
    """What an operator runs on three machines: two web nodes and a job consumer, sharing
    the database, Redis and SECRET_KEY, and nginx in front of the nodes."""

    def __init__(self, tmp, name: str):
        self.tmp = tmp
        self.database = live_database(tmp, name)
        self.settings = {
            "REDIS_URL": REDIS_URL,
            "KRING_SOCKETIO_CHANNEL": f"kring-test-{uuid.uuid4().hex[:8]}",
            "KRING_JOBS_QUEUE": f"kring-test-{uuid.uuid4().hex[:8]}",
            "KRING_PROXY_FIX": "1",
            "KRING_SERVER": "gevent",
        }
        if self.database.startswith("postgresql"):  # search on every machine: in the database
            self.settings["SEARCH_BACKEND"] = "postgres"
        env = self.env("setup")
        self.tokens = prepare(env, PEOPLE)
        self.consumer = Consumer(tmp / "jobs", self.env("jobs"))
        self.nodes = [self.node("a"), self.node("b")]
        for node in self.nodes:  # started side by side, ready one after the other
            node.wait()
        log = self.consumer.log_path
        assert wait_until(lambda: "consumer started" in log.read_text(), 60), log.read_text()
        port = free_port()
        self.nginx = Nginx(
            tmp / "nginx", f"127.0.0.1:{port}", [f"127.0.0.1:{n.port}" for n in self.nodes]
        )
        self.url = f"http://127.0.0.1:{port}"

    def env(self, folder: str) -> dict:
        env = {
            **os.environ,
            "KRING_INSTANCE_PATH": str(self.tmp / folder),
            "SECRET_KEY": "live-test",
            "DATABASE_URL": self.database,
            **self.settings,
        }
        env.pop("TEST_DATABASE_URL", None)
        return env

    def node(self, name: str, **more) -> LiveServer:
        node = LiveServer(self.tmp / name, self.database, wait=False, **self.settings, **more)
        node.tokens = self.tokens
        return node

    def stop(self) -> None:
        self.nginx.stop()
        for node in self.nodes:
            node.stop()
        self.consumer.stop()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    cluster = Cluster(tmp_path_factory.mktemp("cluster"), "cluster")
    through(
        cluster, "POST", "/posts", "bob@brugwerk.example", json={"type": "update", "body": "Hoi"}
    )
    yield cluster
    cluster.stop()


class Through:
    """A python-socketio client that goes through nginx as a browser does: its own random
    `kring_node` cookie, its token, a transport of the test's choosing; it reconnects when
    its node goes away and then fetches what it missed, as static/js/live.js does."""

    def __init__(self, cluster, email, transports=None, reconnection=False):
        self.cluster, self.email = cluster, email
        # A browser sends its cookies with every request: a session's cookie jar does.
        self.http = http = requests.Session()
        http.cookies.set("kring_node", secrets.token_urlsafe(12))
        self.client = socketio.Client(
            reconnection=reconnection,
            reconnection_delay=0.2,
            reconnection_delay_max=1,
            http_session=http,
        )
        self.heard: list[dict] = []
        self.last_id = 0
        self.connects = 0
        self.lock = threading.Lock()
        self.client.on("notification", self._note)
        self.client.on("connect", self._connected)
        self.client.connect(
            cluster.url,
            auth={"token": cluster.tokens[email]},
            transports=transports,
            wait_timeout=15,
        )

    def _note(self, item):
        with self.lock:
            self.heard.append(item)
            self.last_id = max(self.last_id, item["id"])

    def _connected(self):
        self.connects += 1
        if self.connects > 1:  # a reconnect: what did I miss?
            threading.Thread(target=self.catch_up, daemon=True).start()

    def catch_up(self):
        path = f"/notifications?after_id={self.last_id}"
        for item in through(self.cluster, "GET", path, self.email)["items"]:
            self._note(item)

    def got(self, post_id) -> bool:
        with self.lock:
            return any(item["post_id"] == post_id for item in self.heard)

    def close(self):
        self.client.shutdown()  # connected or still reconnecting: stop either way
        self.http.close()


def sockets_on(node) -> int:
    return requests.get(node.url + "/readyz", timeout=10).json()["sockets"]


def wait_until(check, timeout=10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return check()


def through(cluster, method, path, email, **kw):
    """The API through nginx."""
    response = requests.request(
        method,
        f"{cluster.url}/api/v1{path}",
        headers={"Authorization": f"Bearer {cluster.tokens[email]}"},
        timeout=10,
        **kw,
    )
    assert response.status_code < 400, response.text
    return response.json()


def mention(cluster, email="ann@brugwerk.example", text="Kijk hiernaar") -> int:
    """Bob mentions `email` in a post made through nginx; the post's id."""
    handle = through(cluster, "GET", "/me", email)["handle"]
    body = {"type": "update", "body": f"{text} @{handle}"}
    return through(cluster, "POST", "/posts", "bob@brugwerk.example", json=body)["id"]


def test_a_kept_alive_connection_answers_without_the_40_ms_stall(cluster):
    """Headers and body of a response on a kept-alive connection must not wait for the
    acknowledgement of an earlier write (Nagle's algorithm and delayed ACKs: ~40 ms)."""
    node = cluster.nodes[0]
    request = f"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{node.port}\r\n\r\n".encode()
    seconds = []
    with socket.create_connection(("127.0.0.1", node.port)) as connection:
        for _ in range(6):
            started = time.perf_counter()
            connection.sendall(request)
            answer = b""
            while b'"ok"' not in answer:
                answer += connection.recv(65536)
            seconds.append(time.perf_counter() - started)
    assert b"HTTP/1.1 200" in answer and b"Connection: close" not in answer
    assert min(seconds[1:]) < 0.025, seconds


def test_a_post_on_a_is_pushed_to_a_socket_on_b(cluster):
    a, b = cluster.nodes
    ann_on_b = Listener(b, token=cluster.tokens["ann@brugwerk.example"])
    try:
        post_id = mention(cluster, text="Via A")
        data, _ = ann_on_b.wait_for("notification", lambda d: d["post_id"] == post_id, 10)
        assert data is not None, "the notification did not reach the socket on B"
    finally:
        ann_on_b.close()


def test_logging_out_on_a_closes_the_socket_on_b(cluster):
    a, b = cluster.nodes
    browser = Browser(a, "ann@brugwerk.example")
    assert browser.session.cookies.get("kring_node"), "no kring_node cookie at login"
    listener = Listener(b, cookie=browser.cookie)
    try:
        browser.post("/logout", {}, page="/")
        assert listener.gone.wait(5), "B kept the socket after the logout on A"
    finally:
        listener.close()
        browser.session.close()


@pytest.mark.parametrize(
    "transports",
    [["polling"], ["websocket"], None],
    ids=["polling", "websocket", "polling-then-websocket"],
)
def test_fifty_clients_through_nginx(cluster, transports):
    """Each client's requests keep to one node by its cookie: the polling transport (a
    request per message) works, and both nodes get their share."""
    a, b = cluster.nodes
    assert wait_until(lambda: sockets_on(a) == sockets_on(b) == 0)  # earlier tests' are gone
    clients = []
    try:
        for _ in range(CLIENTS):
            clients.append(Through(cluster, "ann@brugwerk.example", transports))
        assert all(c.client.connected for c in clients)
        assert wait_until(lambda: sockets_on(a) + sockets_on(b) == CLIENTS)
        on_a, on_b = sockets_on(a), sockets_on(b)
        assert on_a > 0 and on_b > 0, (on_a, on_b)
        post_id = mention(cluster, text="Voor iedereen")
        assert wait_until(lambda: all(c.got(post_id) for c in clients)), sum(
            c.got(post_id) for c in clients
        )
        if transports is None:
            assert all(c.client.transport() == "websocket" for c in clients)
    finally:
        for client in clients:
            client.close()


def test_requests_keep_their_id_through_nginx(cluster):
    response = requests.get(cluster.url + "/healthz", headers={"X-Request-Id": "abc-123"})
    assert response.headers["X-Request-Id"] == "abc-123"
    fresh = requests.get(cluster.url + "/healthz")
    assert len(fresh.headers["X-Request-Id"]) >= 16  # nginx's own
    assert fresh.headers["Server"] == "nginx"  # no version, and not the node's


@pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL"),
    reason="on SQLite the nodes search with Whoosh, one machine's index: search on every "
    "node is SEARCH_BACKEND=postgres, which needs PostgreSQL",
)
def test_search_on_b_finds_a_post_made_on_a_within_a_second(cluster):
    """The PostgreSQL search backend's place: a post made on A is found on B within a
    second (each node's Whoosh index is its own, so Whoosh can't)."""
    assert cluster.settings["SEARCH_BACKEND"] == "postgres"
    a, b = cluster.nodes
    word = "vlinder" + "".join(secrets.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(8))
    bob = {"Authorization": f"Bearer {cluster.tokens['bob@brugwerk.example']}"}
    ann = {"Authorization": f"Bearer {cluster.tokens['ann@brugwerk.example']}"}
    made = requests.post(
        a.url + "/api/v1/posts",
        json={"type": "update", "body": f"Wie kent {word} in Zwolle?"},
        headers=bob,
        timeout=10,
    )
    assert made.status_code == 201, made.text
    posted = time.monotonic()

    def found_on_b() -> list:
        response = requests.get(b.url + "/api/v1/search", params={"q": word}, headers=ann)
        assert response.status_code == 200, response.text
        return response.json()["items"]

    assert wait_until(lambda: found_on_b(), timeout=1.0), "B did not find the post within 1 s"
    assert time.monotonic() - posted < 1.0
    [hit] = found_on_b()
    assert hit["id"] == made.json()["id"] and f"<mark>{word}</mark>" in hit["snippet"]
    health = requests.get(b.url + "/readyz", timeout=10).json()["search"]
    assert health["backend"] == "postgres" and health["ok"] is True


@pytest.fixture
def spare(tmp_path_factory):
    """A cluster of its own, for tests that take a node away."""
    cluster = Cluster(tmp_path_factory.mktemp("spare"), "spare")
    yield cluster
    cluster.stop()


def test_a_killed_node_s_clients_reconnect_to_the_other_and_miss_nothing(spare):
    a, b = spare.nodes
    clients = [
        Through(spare, "ann@brugwerk.example", ["websocket"], reconnection=True) for _ in range(12)
    ]
    try:
        on_a = sockets_on(a)
        assert 0 < on_a < len(clients)
        a.kill()
        missed = mention(spare, text="Terwijl A weg was")
        assert wait_until(lambda: sockets_on(b) == len(clients), timeout=20), sockets_on(b)
        assert wait_until(lambda: all(c.got(missed) for c in clients)), [
            c.got(missed) for c in clients
        ]
        assert sum(c.connects > 1 for c in clients) == on_a  # only A's clients moved
    finally:
        for client in clients:
            client.close()


def test_sigterm_drains_a_node(spare):
    """In-flight requests finish; the node's sockets reconnect on the other node."""
    a, b = spare.nodes
    clients = [
        Through(spare, "ann@brugwerk.example", ["websocket"], reconnection=True) for _ in range(12)
    ]
    try:
        on_a = sockets_on(a)
        assert on_a > 0
        # A request in flight: a login whose form is still coming when the node is told
        # to stop (the first thing that reads the form is the CSRF check: nothing holds
        # the database while it waits).
        with requests.Session() as page:
            form = page.get(a.url + "/login", timeout=10).text
            cookie = "; ".join(f"{c.name}={c.value}" for c in page.cookies)
        csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form)
        body = urllib.parse.urlencode(
            {"csrf_token": csrf.group(1), "email": "ann@brugwerk.example", "password": PASSWORD}
        ).encode()
        with socket.create_connection(("127.0.0.1", a.port)) as upload:
            upload.sendall(
                b"POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n"
                + f"Cookie: {cookie}\r\nContent-Length: {len(body)}\r\n\r\n".encode()
                + body[:10]
            )
            time.sleep(0.3)  # the node has read the headers: the request is in flight
            a.process.terminate()
            assert wait_until(lambda: sockets_on(b) == len(clients), timeout=15), sockets_on(b)
            upload.sendall(body[10:])
            answer = upload.recv(65536)
        assert answer.startswith(b"HTTP/1.1 303"), answer[:300]  # logged in
        a.process.wait(30)
        missed = mention(spare, text="Na het aftreden van A")
        assert wait_until(lambda: all(c.got(missed) for c in clients))
    finally:
        for client in clients:
            client.close()
