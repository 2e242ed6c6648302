"""Hot read paths over HTTP under `wrk`: Kring against a bare Flask + SQLAlchemy app on the
same database (bench/bare.py), both served by gunicorn with one gevent worker, their runs
interleaved in one load run so that both see the same machine.

Benches: `feed` (the feed page, logged in), `api` (GET /api/v1/feed), `search_http` (the
search page: one word, two words, a phrase, a prefix). Settings: BENCH_WEB_POSTS (20000),
BENCH_SECONDS per run (5), BENCH_ROUNDS (2), BENCH_CONCURRENCY ("1,10,50"), BENCH_ENGINES
("sqlite,postgresql"), BENCH_REDIS_URL (redis://127.0.0.1:6379/13, with PostgreSQL),
BENCH_PROFILE=1 (py-spy samples Kring's worker during its runs at c=10; the hottest
frames are printed and kept in bench/out/).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import requests

from .site import PASSWORD, READER, Site

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
LUA = Path(__file__).resolve().parent / "paths.lua"
MODES = ("close", "keep-alive")
PROFILE = bool(os.environ.get("BENCH_PROFILE"))


def _setting(name: str, default: str) -> str:
    return os.environ.get(name) or default


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A gunicorn node with one gevent worker: Kring (`KRING_SERVER=gevent python wsgi.py`,
    as production starts it) or the bare baseline."""

    def __init__(self, name: str, argv: list[str], env: dict):
        self.name, self.port = name, _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        OUT.mkdir(parents=True, exist_ok=True)
        self.log = open(OUT / f"{name}.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [a.format(port=self.port) for a in argv],
            cwd=ROOT,
            env={**os.environ, **env, "HOST": "127.0.0.1", "PORT": str(self.port)},
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._wait()

    def _wait(self) -> None:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} did not start: {OUT / self.name}.log")
            try:
                requests.get(self.url + "/healthz", timeout=5)
                return self._settle()
            except requests.RequestException:
                time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not answer: {OUT / self.name}.log")

    def _settle(self, limit: float = 60) -> None:
        """Until the worker's start-up work (search, the first periodic runs) is done: it
        used under 5% of a core for a second."""
        stat = Path(f"/proc/{self.worker()}/stat")
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            before = sum(int(x) for x in stat.read_text().rsplit(")", 1)[1].split()[11:13])
            time.sleep(1)
            after = sum(int(x) for x in stat.read_text().rsplit(")", 1)[1].split()[11:13])
            if after - before < 5:  # clock ticks, 100 a second
                return

    def worker(self) -> int:
        """gunicorn's one worker process (the one that serves)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return int(children.read_text().split()[0])

    def rss_mb(self) -> float:
        status = Path(f"/proc/{self.worker()}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, 9)
            self.process.wait()
        self.log.close()


def start_kring(site: Site) -> Server:
    env = {
        "KRING_SERVER": "gevent",
        "KRING_INSTANCE_PATH": str(site.instance),
        "SECRET_KEY": "bench",
        "DATABASE_URL": site.url,
    }
    if site.engine == "postgresql":
        env["REDIS_URL"] = _setting("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
        env["KRING_JOBS_IN_PROCESS"] = "true"  # no separate consumer: nothing to wait for
    return Server(f"kring-{site.engine}", [sys.executable, "wsgi.py"], env)


def start_bare(site: Site) -> Server:
    # `-c /dev/null`: not Kring's gunicorn.conf.py (found by name), whose hook starts Kring.
    argv = [sys.executable, "-m", "gunicorn", "-c", "/dev/null", "-k", "gevent", "-w", "1"]
    argv += ["--worker-connections", "10000", "--keep-alive", "5"]
    env = {"BARE_DATABASE_URL": site.url, "BARE_FTS": str(site.fts), "BARE_READER": "1"}
    return Server(f"bare-{site.engine}", [*argv, "-b", "127.0.0.1:{port}", "bench.bare:app"], env)


def login_cookie(url: str) -> str:
    """Log the reader in through the login form; the session cookie for wrk."""
    browser = requests.Session()
    page = browser.get(url + "/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    answer = browser.post(
        url + "/login", data={"email": READER, "password": PASSWORD, "csrf_token": token}
    )
    answer.raise_for_status()
    assert "session" in browser.cookies, "the reader was not logged in"
    return "; ".join(f"{k}={v}" for k, v in browser.cookies.items())


def wrk(url: str, paths: list[str], connections: int, mode: str, headers: dict) -> dict:
    """One load run; its figures from the Lua script's done()."""
    OUT.mkdir(parents=True, exist_ok=True)
    listing = OUT / f"paths-{os.getpid()}.txt"
    listing.write_text("\n".join(paths) + "\n")
    seconds = _setting("BENCH_SECONDS", "5")
    argv = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s"]
    argv += ["--timeout", "10s", "-s", str(LUA)]
    for name, value in {**headers, "Connection": mode}.items():
        argv += ["-H", f"{name}: {value}"]
    done = subprocess.run([*argv, url, "--", str(listing)], capture_output=True, text=True)
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH ")), None)
    if line is None:
        raise RuntimeError(done.stdout + done.stderr)
    figures = json.loads(line[6:])
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    return figures


def _merge(runs: list[dict]) -> dict:
    """Rounds of one side: throughput over all of them, the median round's p50, the worst
    round's p99, every error counted."""
    p50s = sorted(r["p50"] for r in runs)
    requests_, seconds = sum(r["requests"] for r in runs), sum(r["duration_us"] for r in runs)
    errors = sum(r[k] for r in runs for k in ("connect", "read", "write", "status", "timeout"))
    return {
        "rps": requests_ / (seconds / 1e6),
        "p50": p50s[len(p50s) // 2] / 1e6,
        "p99": max(r["p99"] for r in runs) / 1e6,
        "errors": errors,
    }


class Profiler:
    """py-spy on Kring's worker while it serves (raw stacks, summed per frame)."""

    def __init__(self, server: Server, name: str):
        self.path = OUT / f"profile-{name}.txt"
        seconds = int(_setting("BENCH_SECONDS", "5"))
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "py-spy"), "record", "--format", "raw"]
            + ["--nonblocking", "-r", "200", "-d", str(seconds)]
            + ["-p", str(server.worker()), "-o", str(self.path)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def top(self, n: int = 25) -> list[str]:
        self.process.wait()
        inclusive, total = Counter(), 0
        for line in self.path.read_text().splitlines():
            stack, _, count = line.rpartition(" ")
            total += int(count)
            for frame in set(stack.split(";")):
                inclusive[frame] += int(count)
        return [f"{100 * c / total:5.1f}%  {frame}" for frame, c in inclusive.most_common(n)]


def interleaved(kring: tuple, bare: tuple, connections: int, mode: str, name: str) -> dict:
    """Kring and the baseline in turn, BENCH_ROUNDS times each, same settings."""
    rounds = int(_setting("BENCH_ROUNDS", "2"))
    runs = {"kring": [], "bare": []}
    profile = None
    for turn in range(rounds):
        for side, (server, paths, headers) in (("kring", kring), ("bare", bare)):
            if side == "kring" and turn == 0 and connections == 10 and PROFILE:
                profile = Profiler(server, f"{name}-{mode}")
            runs[side].append(wrk(server.url, paths, connections, mode, headers))
    merged = {side: _merge(r) for side, r in runs.items()}
    if profile:
        merged["profile"] = profile.top()
        print("\n".join(merged["profile"]), flush=True)
    return merged


def feed_paths(site: Site) -> tuple[list[str], list[str]]:
    """Everyone's newest posts: Kring's page and the baseline's show the same 20 rows."""
    return ["/?scope=all"], ["/"]


def _concurrencies() -> list[int]:
    return [int(c) for c in _setting("BENCH_CONCURRENCY", "1,10,50").split(",")]


def _engines() -> list[str]:
    return _setting("BENCH_ENGINES", "sqlite,postgresql").split(",")


def run_feed(kind: str) -> dict:
    """`kind` is "html" (the feed page) or "api" (the feed's JSON)."""
    size = int(_setting("BENCH_WEB_POSTS", "20000"))
    results = {"size": size, "kind": kind, "rows": []}
    for engine in _engines():
        site = Site(engine, size).ensure()
        kring, bare = start_kring(site), start_bare(site)
        try:
            if kind == "html":
                headers = {"Cookie": login_cookie(kring.url)}
                ours, theirs = ["/?scope=all"], ["/"]
            else:
                headers = {"Authorization": f"Bearer {site.token()}"}
                ours, theirs = ["/api/v1/feed?scope=all"], ["/api/feed"]
            _check(kring.url + ours[0], headers)
            for connections in _concurrencies():
                for mode in MODES:
                    row = interleaved(
                        (kring, ours, headers),
                        (bare, theirs, {}),
                        connections,
                        mode,
                        f"{kind}-{engine}",
                    )
                    row.update(engine=engine, connections=connections, mode=mode)
                    results["rows"].append(row)
                    print(_row_line(row), flush=True)
            results.setdefault("rss", {})[engine] = {"kring": kring.rss_mb(), "bare": bare.rss_mb()}
        finally:
            kring.stop()
            bare.stop()
    return results


def _check(url: str, headers: dict) -> None:
    answer = requests.get(url, headers=headers, allow_redirects=False, timeout=30)
    if answer.status_code != 200:
        raise RuntimeError(f"{url} answered {answer.status_code}")


def _row_line(row: dict) -> str:
    k, b = row["kring"], row["bare"]
    return (
        f"{row['engine']} c={row['connections']} {row['mode']}: kring {k['rps']:.0f} req/s "
        f"p50 {k['p50'] * 1000:.1f} p99 {k['p99'] * 1000:.1f} ms | bare {b['rps']:.0f} req/s "
        f"p50 {b['p50'] * 1000:.1f} p99 {b['p99'] * 1000:.1f} ms | "
        f"{k['rps'] / b['rps']:.2f}× errors {k['errors']}/{b['errors']}"
    )


SEARCH_KINDS = ("one word", "two words", "phrase", "prefix")


def search_queries(n: int = 50) -> dict[str, list[str]]:
    """Queries of each kind from the generated texts (the same every run)."""
    import random
    from urllib.parse import quote

    from . import data

    posts = data.posts(int(_setting("BENCH_WEB_POSTS", "20000")))
    rng = random.Random(11)
    words = [w for p in rng.sample(posts, 200) for w in p["text"].split() if len(w) > 3]
    made = {kind: [] for kind in SEARCH_KINDS}
    for _ in range(n):
        made["one word"].append(rng.choice(words))
        made["two words"].append(f"{rng.choice(words)} {rng.choice(words)}")
        text = rng.choice(posts)["text"].split()
        i = rng.randrange(len(text) - 1)
        made["phrase"].append(f'"{text[i]} {text[i + 1]}"')
        made["prefix"].append(rng.choice(words)[:3] + "*")
    return {kind: [f"/search?q={quote(q)}" for q in qs] for kind, qs in made.items()}


def run_search() -> dict:
    """The search page at c=1 per kind of query, Whoosh against FTS5 (SQLite only: the
    baseline is SQLite's own full-text search)."""
    size = int(_setting("BENCH_WEB_POSTS", "20000"))
    site = Site("sqlite", size).ensure()
    kring, bare = start_kring(site), start_bare(site)
    results = {"size": size, "rows": []}
    try:
        headers = {"Cookie": login_cookie(kring.url)}
        queries = search_queries()
        _check(kring.url + queries["one word"][0], headers)
        for kind in SEARCH_KINDS:
            for connections in (1, 10):
                row = interleaved(
                    (kring, queries[kind], headers),
                    (bare, queries[kind], {}),
                    connections,
                    "close",
                    f"search-{kind.replace(' ', '-')}",
                )
                row.update(kind=kind, connections=connections)
                results["rows"].append(row)
                print(kind, _row_line({**row, "engine": "sqlite", "mode": "close"}), flush=True)
        results["rss"] = {"sqlite": {"kring": kring.rss_mb(), "bare": bare.rss_mb()}}
    finally:
        kring.stop()
        bare.stop()
    return results
