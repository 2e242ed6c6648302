"""The HTTP benches' sections of BENCHMARKS.md (bench/wrk.py measures them)."""

from __future__ import annotations

import os

FEED_TARGET = 0.33  # Kring's throughput at least a third of the baseline's
P99_TARGET = 0.100  # seconds
SEARCH_TARGET = 3.0  # Kring's p50 at most three times the baseline's


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def _rss(results: dict) -> str:
    parts = [
        f"{engine}: Kring {r['kring']:.0f} MB, baseline {r['bare']:.0f} MB"
        for engine, r in results.get("rss", {}).items()
    ]
    return "Resident memory of the serving worker after the load run: " + "; ".join(parts) + "."


def _setup(size: int) -> str:
    seconds, rounds = os.environ.get("BENCH_SECONDS", "5"), os.environ.get("BENCH_ROUNDS", "2")
    return (
        f"{size:,} generated posts (every type, 10% in groups, a quarter of those private), "
        "300 people. Both servers are gunicorn with one gevent worker on the same database "
        "(Kring started as production starts it, `KRING_SERVER=gevent python wsgi.py`; "
        "PostgreSQL with Redis as its broker). `wrk` drives them in turn, "
        f"{rounds} rounds of {seconds} s per side and setting, with `Connection: close` "
        "(a new connection per request) and kept alive; throughput over all rounds, the "
        "median round's p50, the worst round's p99."
    )


def feed(results: dict) -> list[str]:
    api = results["kind"] == "api"
    what = "`GET /api/v1/feed?scope=all` (bearer token)" if api else "the feed page `/?scope=all`"
    baseline = "the same rows as JSON" if api else "a bare page of the same posts and authors"
    lines = [
        "### Feed over HTTP, " + ("API JSON" if api else "HTML page, logged in"),
        "",
        f"Kring: {what}, 20 posts for a reader in seven groups. Baseline: a bare Flask + "
        f"SQLAlchemy app (bench/bare.py) serving {baseline}: the newest 20 posts the reader "
        "may read, joined with their authors, in one query. " + _setup(results["size"]),
        "",
        "| database | c | connection | Kring req/s | p50 | p99 | baseline req/s | p50 | p99 "
        "| ratio | errors |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    worst = 1e9
    p99_at_10 = []
    for row in results["rows"]:
        k, b = row["kring"], row["bare"]
        ratio = k["rps"] / b["rps"]
        worst = min(worst, ratio)
        if row["connections"] == 10:
            p99_at_10.append(k["p99"])
        lines.append(
            f"| {row['engine']} | {row['connections']} | {row['mode']} | {k['rps']:.0f} | "
            f"{_ms(k['p50'])} | {_ms(k['p99'])} | {b['rps']:.0f} | {_ms(b['p50'])} | "
            f"{_ms(b['p99'])} | {ratio:.2f}× | {k['errors']} / {b['errors']} |"
        )
    lines += [
        "",
        f"Target ≥ {FEED_TARGET}× at every concurrency: {_verdict(worst >= FEED_TARGET)} "
        f"(worst {worst:.2f}×)."
        + (
            ""
            if api
            else f" p99 < 100 ms at c=10: {_verdict(max(p99_at_10, default=0) < P99_TARGET)} "
            f"(worst {_ms(max(p99_at_10, default=0))})."
        ),
        _rss(results),
    ]
    return lines


def search(results: dict) -> list[str]:
    lines = [
        "### Search over HTTP",
        "",
        "Kring: the search page `/search?q=…` (logged in: visibility filter, highlighted "
        "snippets, counts per type) on Whoosh. Baseline: SQLite FTS5 over the same texts behind "
        "the same HTTP stack (bench/bare.py: top 20 by rank with snippets, a count, their "
        "authors). 50 queries of each kind taken from the texts, cycled. "
        + _setup(results["size"]),
        "",
        "| query | c | Kring req/s | p50 | p99 | FTS5 req/s | p50 | p99 | p50 ratio | errors |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    worst_ratio, worst_p99 = 0.0, 0.0
    for row in results["rows"]:
        k, b = row["kring"], row["bare"]
        ratio = k["p50"] / b["p50"]
        if row["connections"] == 1:
            worst_ratio, worst_p99 = max(worst_ratio, ratio), max(worst_p99, k["p99"])
        lines.append(
            f"| {row['kind']} | {row['connections']} | {k['rps']:.0f} | {_ms(k['p50'])} | "
            f"{_ms(k['p99'])} | {b['rps']:.0f} | {_ms(b['p50'])} | {_ms(b['p99'])} | "
            f"{ratio:.1f}× | {k['errors']} / {b['errors']} |"
        )
    lines += [
        "",
        f"Targets at c=1: p50 ≤ {SEARCH_TARGET:.0f}× the baseline's "
        f"{_verdict(worst_ratio <= SEARCH_TARGET)} (worst {worst_ratio:.1f}×); p99 < 100 ms "
        f"{_verdict(worst_p99 < P99_TARGET)} (worst {_ms(worst_p99)}).",
        _rss(results),
    ]
    return lines
