"""Post-to-client latency: with N python-socketio clients connected, a post that mentions
one of them reaches that client after… (baseline: the same with one client connected).

BENCH_NODES=2 (with BENCH_REDIS_URL, and best with BENCH_DATABASE_URL) serves from two
nodes sharing the database and Redis: the post is made on the first, the mentioned person
and half of the crowd are connected to the second, so every push crosses Redis."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests
import socketio

from . import databases
from .stats import summary

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent / "data"
# Between posts: each measurement sees one post, not a queue of earlier ones (a post costs
# the server ~130 ms of CPU with 1,000 listeners: its broadcast, the search index).
PAUSE = 0.25

SETUP = """
import json, sys
from flask_migrate import upgrade
from intranet import create_app
from intranet.extensions import db
from intranet.models import User
from intranet.accounts.tokens import create_token
from werkzeug.security import generate_password_hash
n = int(sys.argv[1])
app = create_app()
with app.app_context():
    upgrade()
    hashed = generate_password_hash("bench-password", method="pbkdf2:sha256:1000")
    db.session.add_all([User(email=f"u{i}@brugwerk.example", handle=f"u{i}", name=f"User {i}",
                             password_hash=hashed, role="employee") for i in range(n + 1)])
    db.session.commit()
    users = db.session.scalars(db.select(User).order_by(User.id)).all()
    print(json.dumps([[u.handle, create_token(u, "bench")[1]] for u in users]))
"""


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`python wsgi.py` as production runs it: KRING_SERVER=gevent (BENCH_SERVER=threading
    measures the Werkzeug default instead)."""

    def __init__(self, clients: int, mode: str, name: str = "sockets"):
        self.dir = HERE / name
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir.mkdir(parents=True)
        self.port = _port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.database_url = databases.fresh(self.dir, name)
        self.env = {
            **os.environ,
            "KRING_INSTANCE_PATH": str(self.dir),
            "SECRET_KEY": "b",
            "DATABASE_URL": self.database_url,
            "PORT": str(self.port),
            "KRING_SERVER": mode,
            "RATELIMIT_ENABLED": "false",  # a benchmark posts faster than people may
        }
        self.env.pop("REDIS_URL", None)
        if os.environ.get("BENCH_REDIS_URL"):  # scaled out: jobs in a consumer of their own
            self.env.update(REDIS_URL=os.environ["BENCH_REDIS_URL"], KRING_JOBS_QUEUE=name)
        out = subprocess.run(
            [sys.executable, "-c", SETUP, str(clients)],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        self.people = json.loads(out.stdout.strip().splitlines()[-1])
        self.log = open(self.dir / "server.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "wsgi.py"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.nodes = [self.process]
        self.consumer = None
        if "REDIS_URL" in self.env:
            self.consumer = subprocess.Popen(
                [sys.executable, "-m", "flask", "--app", "wsgi", "jobs", "run"],
                cwd=ROOT,
                env=self.env,
                stdout=self.log,
                stderr=subprocess.STDOUT,
            )
        _wait_for(self.url)
        self.urls = [self.url]

    def add_node(self) -> str:
        """Another web node on the same database and Redis; returns its address."""
        port = _port()
        self.nodes.append(
            subprocess.Popen(
                [sys.executable, "wsgi.py"],
                cwd=ROOT,
                env={**self.env, "PORT": str(port)},
                stdout=self.log,
                stderr=subprocess.STDOUT,
            )
        )
        url = f"http://127.0.0.1:{port}"
        _wait_for(url)
        self.urls.append(url)
        return url

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def settle(self, limit: float = 240) -> float:
        """Wait until the server is idle (under 10% of a core for 2 s): measure the steady
        state, not start-up work such as the first digest run, which composes a digest for
        each of the thousand new people (tens of seconds of CPU) a minute after start."""
        started = time.monotonic()
        while time.monotonic() - started < limit:
            before = self.cpu_seconds()
            time.sleep(2)
            if self.cpu_seconds() - before < 0.2:
                break
        return time.monotonic() - started

    def stop(self):
        for process in (*self.nodes, self.consumer):
            if process is None:
                continue
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
        self.log.close()


def _wait_for(url: str) -> None:
    for _ in range(300):
        try:
            requests.get(url + "/login", timeout=1)
            return
        except requests.RequestException:
            time.sleep(0.1)
    raise RuntimeError(f"server at {url} did not start")


def _listen(url: str, token: str, inbox: dict) -> socketio.Client:
    """The measured person: a real client that notes when each notification arrives."""
    client = socketio.Client(reconnection=False, logger=False, engineio_logger=False)

    @client.on("notification")
    def _heard(data):
        inbox.setdefault(data["post_id"], time.perf_counter())

    client.connect(url, auth={"token": token}, transports=["websocket"], wait_timeout=30)
    return client


class Crowd:
    """The other connected people: idle asyncio clients in a process of their own."""

    def __init__(self, url: str, tokens: list[str]):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.socket_crowd", url],
            cwd=ROOT,
            text=True,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self.process.stdin.write(json.dumps(tokens) + "\n")
        self.process.stdin.flush()
        self.connected = int(self.process.stdout.readline().split()[1])

    def count(self) -> int:
        self.process.stdin.write("count\n")
        self.process.stdin.flush()
        return int(self.process.stdout.readline().split()[1])

    def close(self) -> None:
        with contextlib.suppress(BrokenPipeError):
            self.process.stdin.write("quit\n")
            self.process.stdin.close()
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.process.kill()


def measure(
    server: Server, connected: int, posts: int
) -> tuple[list[float], list[float], int, int]:
    """`connected` people online: the measured one, and connected - 1 in the crowd, spread
    over the nodes; the measured one on the last node, the post made on the first."""
    _, poster_token = server.people[0]
    handle, token = server.people[1]
    others = [t for _, t in server.people[2 : connected + 1]]
    nodes = len(server.urls)
    crowds = [Crowd(url, others[i::nodes]) for i, url in enumerate(server.urls) if others[i::nodes]]
    inbox: dict[int, float] = {}
    try:
        listener = _listen(server.urls[-1], token, inbox)
        server.settle()
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {poster_token}"
        latencies, accepted, lost = [], [], 0
        for i in range(posts):
            started = time.perf_counter()
            response = session.post(
                server.url + "/api/v1/posts",
                timeout=30,
                json={"type": "update", "body": f"Bericht {i} voor @{handle}"},
            )
            accepted.append(time.perf_counter() - started)
            post_id = response.json()["id"]
            deadline = started + 5
            while post_id not in inbox and time.perf_counter() < deadline:
                time.sleep(0.0005)
            if post_id in inbox:
                latencies.append(inbox[post_id] - started)
            else:
                lost += 1
            time.sleep(PAUSE)
        still = int(listener.connected) + sum(crowd.count() for crowd in crowds)
        listener.disconnect()
    finally:
        for crowd in crowds:
            crowd.close()
    return latencies, accepted, lost, still


def run(clients: int = 1000, posts: int = 100) -> dict:
    mode = os.environ.get("BENCH_SERVER", "gevent")
    server = Server(clients, mode)
    try:
        for _ in range(int(os.environ.get("BENCH_NODES", 1)) - 1):
            if not server.consumer:
                raise SystemExit("BENCH_NODES needs BENCH_REDIS_URL: nodes hear each other there")
            server.add_node()
        requests.post(
            server.url + "/api/v1/posts",
            timeout=30,
            json={"type": "update", "body": "warm"},
            headers={"Authorization": f"Bearer {server.people[0][1]}"},
        )
        settled = server.settle()  # the first periodic run (digests for everyone) starts now
        base, base_accepted, base_lost, _ = measure(server, 1, posts)
        many, many_accepted, many_lost, still = measure(server, clients, posts)
    finally:
        server.stop()
    (server.dir / "latencies.json").write_text(
        json.dumps(  # in post order, for a closer look
            {"one": base, "many": many, "accepted": [base_accepted, many_accepted]}
        )
    )
    return {
        "database": databases.backend() + (" + Redis" if server.consumer else ""),
        "server": mode,
        "nodes": len(server.urls),
        "pause": PAUSE,
        "settled": settled,
        "clients": clients,
        "posts": posts,
        "one": summary(base),
        "many": summary(many),
        "accepted": {"one": summary(base_accepted), "many": summary(many_accepted)},
        "lost": {"one": base_lost, "many": many_lost},
        "connected": still,
    }
