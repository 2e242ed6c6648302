"""Faults caused for real on live servers, with nothing lost: Redis stopped and started
again under a node and its consumer; a node killed (SIGKILL) while posts are in flight;
the index writer process killed while it drains a large batch."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
import redis
import requests
from servers import Consumer, LiveServer, free_port, live_database, prepare, run_python
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool
from test_live import Api, Browser, Listener

PEOPLE = {
    "ann@brugwerk.example": ("Ann Ontvanger", "employee"),
    "bob@brugwerk.example": ("Bob Schrijver", "employee"),
}


def wait_until(check, timeout: float = 20.0, every: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(every)
    return False


def _settings(tmp: Path, database: str, **settings: str) -> dict:
    env = {
        **os.environ,
        "KRING_INSTANCE_PATH": str(tmp),
        "SECRET_KEY": "live-test",
        "DATABASE_URL": database,
        **settings,
    }
    env.pop("TEST_DATABASE_URL", None)
    return env


def _scalar(database: str, sql: str):
    engine = create_engine(database, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return connection.execute(text(sql)).scalar()
    finally:
        engine.dispose()


def _ids(database: str, sql: str) -> set[int]:
    engine = create_engine(database, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return {row[0] for row in connection.execute(text(sql))}
    finally:
        engine.dispose()


def _indexed(instance: Path) -> set[int]:
    """The post ids in the Whoosh index of that instance folder, read from its files."""
    from whoosh import index

    if not index.exists_in(str(instance / "search")):
        return set()  # the node went before its index writer first wrote
    ix = index.open_dir(str(instance / "search"))
    try:
        with ix.searcher() as searcher:
            keys = [fields["key"] for fields in searcher.all_stored_fields()]
    finally:
        ix.close()
    return {int(key.split(":")[1]) for key in keys if key.startswith("post:")}


# Redis stopped and started again ---------------------------------------------------------


class PrivateRedis:
    """A redis-server of the test's own on a free port (the shared one is never stopped)."""

    def __init__(self, folder: Path):
        self.port, self.folder = free_port(), folder
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert wait_until(self.answers, timeout=10), "the private redis-server did not start"

    def answers(self) -> bool:
        try:
            return redis.Redis.from_url(self.url, socket_timeout=0.5).ping()
        except redis.RedisError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


@pytest.mark.skipif(not shutil.which("redis-server"), reason="no redis-server binary here")
def test_redis_stopped_and_started_again(tmp_path):
    """Redis goes away under a gevent node and a consumer (`jobs run`), then comes back on
    the same port: pages keep serving while it is away, a rate-limited form is answered
    (the limit fails open, with a log line), a post made meanwhile is stored and its
    notification reaches the socket that stayed connected once Redis is back."""
    server = PrivateRedis(tmp_path)
    database = live_database(tmp_path, "redisfault")
    settings = {
        "REDIS_URL": server.url,
        "KRING_SOCKETIO_CHANNEL": "kring-fault",
        "KRING_SERVER": "gevent",
    }
    tokens = prepare(_settings(tmp_path / "node", database, **settings), PEOPLE)
    node = LiveServer(tmp_path / "node", database, **settings)
    node.tokens = tokens
    consumer = Consumer(tmp_path / "node", node.env)  # one index folder
    listener = None
    try:
        browser = Browser(node, "bob@brugwerk.example")
        handle = Api(node, "ann@brugwerk.example").get("/me")["handle"]
        listener = Listener(node, token=tokens["ann@brugwerk.example"])
        bob = Api(node, "bob@brugwerk.example")
        before = bob.post("/posts", json={"type": "update", "body": f"Voor de storing @{handle}"})
        heard, _ = listener.wait_for(
            "notification", lambda d: d["post_id"] == before["id"], timeout=20
        )
        assert heard is not None  # the consumer ran the fan-out: all is well before the fault

        server.stop()
        assert browser.session.get(node.url + "/", timeout=10).status_code == 200
        assert bob.get("/feed")["items"]
        during = bob.post(
            "/posts", json={"type": "update", "body": f"Tijdens de storing @{handle}"}
        )
        stranger = Browser(node)
        login = stranger.post(
            "/login", {"email": "ann@brugwerk.example", "password": "fout"}, page="/login"
        )
        assert login.status_code == 200, login.status_code  # refused, counted in memory
        # The post's jobs are enqueued after its answer was sent: their refusal is logged
        # a moment later.
        assert wait_until(lambda: "could not enqueue" in node.log_path.read_text(), timeout=20)
        log = node.log_path.read_text()
        assert "falling back to in-memory storage" in log or "Swallowing error" in log, log[-3000:]
        assert _scalar(database, f"SELECT count(*) FROM posts WHERE id = {during['id']}") == 1

        server.start()
        # The node's subscription to the push channel comes back on its own (with back-off).
        subscribed = redis.Redis.from_url(server.url)
        assert wait_until(
            lambda: dict(subscribed.pubsub_numsub("kring-fault")).get(b"kring-fault", 0) >= 1,
            timeout=30,
        ), "the node did not subscribe to Redis again"
        after = bob.post("/posts", json={"type": "update", "body": f"Na de storing @{handle}"})
        # The post made while Redis was away was not enqueued; its fan-out row was kept,
        # and the next fan-out (a sweep of the whole table) delivers it.
        for post in (during, after):
            heard, _ = listener.wait_for(
                "notification", lambda d, i=post["id"]: d["post_id"] == i, timeout=20
            )
            assert heard is not None, f"no live notification for post {post['id']}"
        # The mentions rang with their posts; the rest of each post's fan-out follows.
        for queue in ("fanout_queue", "index_queue"):
            assert wait_until(lambda q=queue: _scalar(database, f"SELECT count(*) FROM {q}") == 0)
        found = bob.get("/search", params={"q": "storing"})["items"]
        assert {item["id"] for item in found} == {before["id"], during["id"], after["id"]}
    finally:
        if listener:
            listener.close()
        consumer.stop()
        node.stop()
        server.stop()


# A node killed while posts are in flight -------------------------------------------------


def _start(tmp: Path, database: str, tokens: dict) -> LiveServer:
    node = LiveServer(tmp, database, KRING_SERVER="gevent")
    node.tokens = tokens
    return node


def test_a_node_killed_during_posts_leaves_no_half_post(tmp_path):
    """The whole node (gunicorn, its gevent worker, the index writer) is killed with
    SIGKILL while one post's body is still arriving and others are being made as fast as
    they are answered: no half post is stored (every post has its queue rows, the slow
    one is not there at all), and a node started again on the same database and folder
    drains the queue: search finds every post, and nothing that isn't one."""
    database = live_database(tmp_path, "killed")
    tokens = prepare(_settings(tmp_path / "node", database), PEOPLE)
    node = _start(tmp_path / "node", database, tokens)
    made, failed, stop = [], [], threading.Event()

    def post_on():
        bob = Api(node, "bob@brugwerk.example")
        while not stop.is_set():
            try:
                made.append(bob.post("/posts", json={"type": "update", "body": "Stortvloed"})["id"])
            except (requests.RequestException, AssertionError) as error:
                failed.append(error)
                return

    first = Api(node, "bob@brugwerk.example").post(
        "/posts", json={"type": "update", "body": "Stortvloed begint"}
    )
    body = b'{"type": "update", "body": "Halverwege afgebroken"}'
    with socket.create_connection(("127.0.0.1", node.port)) as upload:
        upload.sendall(
            b"POST /api/v1/posts HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\n"
            + f"Authorization: Bearer {tokens['bob@brugwerk.example']}\r\n".encode()
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body[:20]
        )
        poster = threading.Thread(target=post_on)
        poster.start()
        assert wait_until(lambda: len(made) >= 5 or failed, timeout=20) and not failed, failed
        node.kill()
        stop.set()
        poster.join(15)

    stored = _ids(database, "SELECT id FROM posts")
    assert first["id"] in stored and set(made) <= stored  # every answered post is there
    assert _scalar(database, "SELECT count(*) FROM posts WHERE body LIKE '%afgebroken%'") == 0
    unqueued = _ids(
        database,
        "SELECT p.id FROM posts p WHERE NOT EXISTS (SELECT 1 FROM index_queue q "
        "WHERE q.kind = 'post' AND q.object_id = p.id)",
    )
    assert unqueued <= _indexed(tmp_path / "node")  # each post is indexed or queued

    again = _start(tmp_path / "node", database, tokens)
    try:
        last = Api(again, "bob@brugwerk.example").post(
            "/posts", json={"type": "update", "body": "Stortvloed voorbij"}
        )
        stored.add(last["id"])
        assert wait_until(lambda: _scalar(database, "SELECT count(*) FROM index_queue") == 0)
        assert _indexed(tmp_path / "node") == stored
    finally:
        again.stop()


# The index writer killed in the middle of a large batch ----------------------------------

MANY = """
from sqlalchemy import select
from intranet import create_app
from intranet.extensions import db
from intranet.models import User
from intranet.platform.database import writes
from intranet.posting.posts import create_post
app = create_app()
app.config["KRING_TRIGGER_JOBS"] = False  # queued, not run: no node is up yet

@writes
def many(count):  # one transaction: the posts and their queue rows in one commit
    bob = db.session.scalar(select(User).where(User.email == "bob@brugwerk.example"))
    for number in range(count):
        create_post(bob, {"type": "update", "body": f"Stapel bericht {number} vacature"})

with app.app_context():
    many(COUNT)
"""


def _holding_the_index_lock(session: int, folder: Path) -> int | None:
    """The pid in that session that has the index's write lock file open, if one does."""
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as stat:
                if int(stat.read().rsplit(")", 1)[1].split()[3]) != session:
                    continue
            for fd in os.listdir(f"/proc/{name}/fd"):
                target = os.readlink(f"/proc/{name}/fd/{fd}")
                if target.startswith(str(folder)) and target.endswith("WRITELOCK"):
                    return int(name)
        except (FileNotFoundError, ProcessLookupError, PermissionError, ValueError):
            continue
    return None


def test_the_index_writer_killed_mid_batch_loses_nothing(tmp_path):
    """Posts are queued for the index while no node runs; a node starts and its index
    writer process drains them in batches of 500; it is killed (SIGKILL) while it holds
    the index's write lock. Every post is still in the database, the index names no post
    that doesn't exist, what it didn't take is still queued, and the next wake starts a
    writer again that drains the rest: the index holds every post."""
    database = live_database(tmp_path, "writer")
    env = _settings(tmp_path / "node", database)
    tokens = prepare(env, PEOPLE)
    count = 700
    run_python(env, f"COUNT = {count}\n{MANY}")
    posts = _ids(database, "SELECT id FROM posts")
    assert len(posts) == count
    node = LiveServer(tmp_path / "node", database, wait=False, KRING_SERVER="gevent")
    node.tokens = tokens
    try:
        folder = tmp_path / "node" / "search"
        holder = None
        deadline = time.monotonic() + 40
        while holder is None and time.monotonic() < deadline:
            holder = _holding_the_index_lock(node.process.pid, folder)
        assert holder is not None, "no process took the index's write lock"
        assert holder != node.process.pid
        os.kill(holder, signal.SIGKILL)
        node.wait()

        assert _ids(database, "SELECT id FROM posts") == posts
        indexed = _indexed(tmp_path / "node")
        queued = _ids(database, "SELECT object_id FROM index_queue WHERE kind = 'post'")
        assert indexed <= posts  # no index entry without a post
        assert queued, "the killed writer had taken the whole queue"
        assert indexed | queued == posts  # what the index lacks is still queued

        last = Api(node, "bob@brugwerk.example").post(
            "/posts", json={"type": "update", "body": "Stapel compleet vacature"}
        )
        assert wait_until(
            lambda: _scalar(database, "SELECT count(*) FROM index_queue") == 0, timeout=40
        )
        assert _indexed(tmp_path / "node") == posts | {last["id"]}
        assert "index writer process died" in node.log_path.read_text()
    finally:
        node.stop()
