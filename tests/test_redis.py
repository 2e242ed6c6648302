"""Two server processes share Redis: a post made on A reaches a socket connected to B."""

from __future__ import annotations

import os
import re
import time
import uuid

import pytest
import redis
import requests
import socketio
from servers import LiveServer, live_database, prepare
from test_live import Api, Listener

REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")
PEOPLE = {
    "ann@brugwerk.example": ("Ann Ontvanger", "employee"),
    "bob@brugwerk.example": ("Bob Schrijver", "employee"),
}


def redis_available() -> bool:
    try:
        return redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping()
    except redis.RedisError:
        return False


pytestmark = pytest.mark.skipif(
    not redis_available() and not os.environ.get("CI_REQUIRE_REDIS"),
    reason=f"no Redis at {REDIS_URL}",
)


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("redis")
    database = live_database(tmp, "redis")
    settings = {
        "REDIS_URL": REDIS_URL,
        "KRING_JOBS_IN_PROCESS": "1",
        "KRING_SOCKETIO_CHANNEL": f"kring-test-{uuid.uuid4().hex[:8]}",
    }
    env = {
        **os.environ,
        "KRING_INSTANCE_PATH": str(tmp / "a"),
        "SECRET_KEY": "live-test",
        "DATABASE_URL": database,
        **settings,
    }
    env.pop("TEST_DATABASE_URL", None)
    tokens = prepare(env, PEOPLE)
    a = LiveServer(tmp / "a", database, **settings)
    b = LiveServer(tmp / "b", database, **settings)
    a.tokens = b.tokens = tokens
    Api(a, "bob@brugwerk.example").post("/posts", json={"type": "update", "body": "Wakker"})
    yield a, b
    a.stop()
    b.stop()


def test_post_on_a_reaches_a_socket_on_b(pair):
    a, b = pair
    ann_on_b = Listener(b, token=b.tokens["ann@brugwerk.example"])
    try:
        handle = Api(b, "ann@brugwerk.example").get("/me")["handle"]
        started = time.monotonic()
        post = Api(a, "bob@brugwerk.example").post(
            "/posts", json={"type": "update", "body": f"Via proces A voor @{handle}"}
        )
        data, when = ann_on_b.wait_for("notification", lambda d: d["post_id"] == post["id"])
        assert data is not None, "the notification did not cross to process B"
        assert when - started < 2.0
        heard, _ = ann_on_b.wait_for("post", lambda d: d["id"] == post["id"])
        assert heard is not None
    finally:
        ann_on_b.close()


def test_revoking_on_a_closes_a_socket_on_b(pair):
    a, b = pair
    import re

    from test_live import Browser

    browser = Browser(a, "bob@brugwerk.example")
    page = browser.post("/settings/tokens", {"name": "twee processen"}).text
    secret = re.search(r'class="secret__value">(kr_[^<]+)<', page).group(1)
    token_id = re.findall(r"/settings/tokens/(\d+)/revoke", page)[0]
    listener = Listener(b, token=secret)
    try:
        browser.post(f"/settings/tokens/{token_id}/revoke", {})
        assert listener.gone.wait(3), "B kept the socket after A revoked its token"
    finally:
        listener.close()
    with pytest.raises(socketio.exceptions.ConnectionError):
        Listener(b, token=secret)


def test_a_rate_limit_is_one_budget_across_nodes(pair):
    """With REDIS_URL the limits are counted in Redis: failed logins spread over two nodes
    spend one budget (`login`: 10 a minute per address) and the refusal says when to
    come back."""
    a, b = pair
    browser = requests.Session()
    page = browser.get(a.url + "/login", timeout=10).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    form = {"email": "ann@brugwerk.example", "password": "niet het wachtwoord", "csrf_token": token}
    answers = [
        browser.post(node.url + "/login", data=form, timeout=10, allow_redirects=False)
        for _round in range(6)
        for node in (a, b)
    ]
    statuses = [answer.status_code for answer in answers]
    assert set(statuses) <= {200, 429} and statuses.count(200) <= 10, statuses
    first = statuses.index(429)
    assert all(s == 429 for s in statuses[first:]), statuses  # the other node refuses too
    assert int(answers[first].headers["Retry-After"]) >= 1
