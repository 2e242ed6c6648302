"""Run the benchmarks and write BENCHMARKS.md: `python -m bench [NAME…]` with NAME among
matcher, search, pgsearch, sockets, mail, posting, reindex, feed, api, search_http (all of
them when none is named).

Sizes: BENCH_POSTS (default 100000), BENCH_CLIENTS (default 1000), BENCH_DIGESTS (default
10000), BENCH_WRITES (posts created, default 200), BENCH_REINDEX (posts, default 20000).
Where: SQLite in bench/data/ unless BENCH_DATABASE_URL names a PostgreSQL database (the
write benchmarks make fresh ones beside it) and BENCH_REDIS_URL a Redis for the jobs;
BENCH_NODES=2 (with BENCH_REDIS_URL) serves the socket bench from two web nodes.

Each result replaces only its own section of BENCHMARKS.md, between `<!-- bench:NAME -->`
and `<!-- /bench:NAME -->` (NAME with the database, for the write benchmarks), so that
sections measured at other times, or by other runs, stay.
"""

from __future__ import annotations

import importlib
import os
import platform
import sys
import time
from pathlib import Path

from .stats import ms

ROOT = Path(__file__).resolve().parents[1]


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.1f}×" if b else "–"


def _latency_rows(r: dict, categories, baseline: str, name: str) -> list[str]:
    """A table of Kring against a baseline, a row per kind of query."""
    lines = [
        f"| query | Kring p50 | Kring p99 | {name} p50 | {name} p99 | p50 ratio | hits (mean) |",
        "|---|---|---|---|---|---|---|",
    ]
    for category in categories:
        row = r[category]
        k, b = row["kring"], row[baseline]
        capped = f" ({row['capped']} capped)" if row.get("capped") else ""
        lines.append(
            f"| {category} | {ms(k['p50'])} | {ms(k['p99'])} | {ms(b['p50'])} | "
            f"{ms(b['p99'])} | {_ratio(k['p50'], b['p50'])} | "
            f"{row['mean_hits']:.0f}{capped} |"
        )
    return lines


def report_search(r: dict) -> list[str]:
    lines = [
        f"### Search over {r['size']:,} generated posts",
        "",
        "Kring: the real search path (visibility filter, highlighted snippets, counts "
        "per type) on Whoosh with a reused, refreshed searcher. Baseline: SQLite FTS5 "
        "over the same texts (top 20 by rank plus a count).",
        "",
        *_latency_rows(r, ("one word", "two words", "phrase", "filtered"), "fts5", "FTS5"),
    ]
    if r.get("build_seconds"):
        lines += [
            "",
            f"Building the index took {r['build_seconds']:.0f} s "
            f"({r['size'] / r['build_seconds']:.0f} posts/s, one writer).",
        ]
    return lines


PGSEARCH_TITLE = "### Search in PostgreSQL"


def report_pgsearch(r: dict) -> list[str]:
    lines = [
        f"{PGSEARCH_TITLE} over {r['size']:,} generated posts",
        "",
        "Kring: `pg_search.search` (SEARCH_BACKEND=postgres), the function the page and the "
        "API call, one statement: visibility (private groups) and filters, a tsquery of "
        "folded words or Dutch and English stems, counts per type capped at 1,000 matches, "
        "the newest 100 matches (a common word's read newest first along the date index) "
        "ranked by ts_rank_cd weighed by age, the page's 20 texts "
        "read (their snippets marked in Python). Baseline: "
        "`vector @@ to_tsquery('kring_simple', …)` top 20 by ts_rank_cd, the same query "
        "before or after Kring's, each first every other query (interleaved), one "
        "transaction each.",
        "",
        *_latency_rows(r, ("one word", "two words", "phrase", "prefix"), "bare", "bare"),
    ]
    before, after = r["load_before"], r["load_after"]
    lines += [
        "",
        f"{r['one word']['kring']['n']} queries per row. Load average (1, 5, "
        f"15 min) {before[0]:.1f} / {before[1]:.1f} / {before[2]:.1f} before, "
        f"{after[0]:.1f} / {after[1]:.1f} / {after[2]:.1f} after.",
    ]
    if r.get("fill_seconds"):
        lines.append(
            f"Writing the {r['size']:,} documents (the trigger makes each vector) took "
            f"{r['fill_seconds']:.0f} s ({r['size'] / r['fill_seconds']:,.0f} posts/s)."
        )
    return lines


def report_matcher(r: dict) -> list[str]:
    lines = [
        "### Alert matching per post",
        "",
        "Kring: one pass over the post's words with a dict of first words. Baseline: one "
        "compiled regex per alert, searched in turn.",
        "",
        "| alert terms | Kring p50 | Kring p99 | regex loop p50 | speed-up (p50) | build |",
        "|---|---|---|---|---|---|",
    ]
    for size, row in r.items():
        k, n = row["kring"], row["naive"]
        lines.append(
            f"| {size:,} | {ms(k['p50'])} | {ms(k['p99'])} | {ms(n['p50'])} | "
            f"{n['p50'] / k['p50']:,.0f}× | {row['build_seconds']:.2f} s |"
        )
    return lines


def report_sockets(r: dict) -> list[str]:
    one, many = r["one"], r["many"]
    server = (
        "gevent's WSGI server (`KRING_SERVER=gevent python wsgi.py`, as in production: "
        "monkey-patched, a greenlet per socket)"
        if r["server"] == "gevent"
        else "the Werkzeug server in threading mode (`python wsgi.py`, as `make run`)"
    )
    accepted = r["accepted"]
    return [
        f"### Post to client with {r['clients']:,} connected python-socketio clients",
        "",
        "From the API call that posts a mention to the mentioned person's socket receiving "
        "the notification (stored with the post, pushed by the node that took it; the job "
        "consumer fans out the rest). Baseline: the "
        f"same with one client connected. Served by {server}; {r['database']} (with "
        "Redis: a `jobs run` consumer; otherwise in-process jobs). "
        + (
            f"{r['nodes']} nodes on the same database and Redis: the post is made on the "
            "first, the mentioned person and an equal share of the crowd are connected to "
            "the last, so each push crosses Redis. "
            if r["nodes"] > 1
            else ""
        )
        + "The mentioned person "
        "is a python-socketio client in the "
        "measuring process, timed on arrival; the other connected people are asyncio "
        "python-socketio clients in one process of their own per node, and every post's `post` "
        f"event reaches all of them. {r['posts']} posts per row, one at a time, "
        f"{r['pause'] * 1000:.0f} ms apart, after the server went idle (start-up work "
        f"such as the first digest run took {r['settled']:.0f} s).",
        "",
        "| connected | p50 | p99 | lost | API answered (p50 / p99) |",
        "|---|---|---|---|---|",
        f"| 1 | {ms(one['p50'])} | {ms(one['p99'])} | {r['lost']['one']} | "
        f"{ms(accepted['one']['p50'])} / {ms(accepted['one']['p99'])} |",
        f"| {r['clients']:,} | {ms(many['p50'])} | {ms(many['p99'])} | "
        f"{r['lost']['many']} | {ms(accepted['many']['p50'])} / "
        f"{ms(accepted['many']['p99'])} |",
        "",
        f"p50 ratio {_ratio(many['p50'], one['p50'])}, p99 ratio "
        f"{_ratio(many['p99'], one['p99'])} against one client; "
        f"{r['connected']:,} of {r['clients']:,} clients still connected at the end. "
        f"Produced by `BENCH_CLIENTS={r['clients']}"
        + (f" BENCH_NODES={r['nodes']}" if r["nodes"] > 1 else "")
        + f" python -m bench sockets` on "
        f"{time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC.",
    ]


def _where(r: dict) -> str:
    return f"{r['database']}, load average {r['load']} (1 / 5 / 15 min) at the end"


def report_mail(r: dict) -> list[str]:
    return [
        f"### {r['n']:,} digests to an SMTP server on loopback ({r['database']})",
        "",
        "Kring: find what is due, compose the digests from the database (in batches: a "
        "few queries for a batch of people), render the HTML and text parts, claim them, "
        "send over one SMTP connection, mark them sent and their items e-mailed. Baseline: "
        "the same messages, already prepared, sent with bare smtplib over one connection "
        "(aiosmtpd sink in the same process), right after. CPU: this process's, the "
        "sink's thread included.",
        "",
        "| | total | per digest | CPU per digest |",
        "|---|---|---|---|",
        f"| Kring | {r['kring_seconds']:.1f} s | {ms(r['kring_seconds'] / r['n'])} | "
        f"{ms(r['kring_cpu'] / r['n'])} |",
        f"| bare smtplib | {r['bare_seconds']:.1f} s | {ms(r['bare_seconds'] / r['n'])} | "
        f"{ms(r['bare_cpu'] / r['n'])} |",
        "",
        f"Ratio {_ratio(r['kring_seconds'], r['bare_seconds'])} (CPU "
        f"{_ratio(r['kring_cpu'], r['bare_cpu'])}); {r['sent']:,} sent, {r['failed']} "
        f"failed. {_where(r)}.",
    ]


def report_posting(r: dict) -> list[str]:
    k, b = r["kring"], r["bare"]
    return [
        f"### Creating a post with a mention through the API ({r['database']})",
        "",
        "Kring: `POST /api/v1/posts` with a mention and a tag, one after the other "
        f"({r['posts']} posts), from the request to the 201, served by gunicorn with one "
        "gevent worker; the fan-out and the index are written by the background work "
        "meanwhile (in-process jobs and the index writer's process on SQLite; a `jobs run` "
        "consumer with Redis). Baseline: a bare INSERT + COMMIT through SQLAlchemy on the "
        "same database, interleaved with the posts.",
        "",
        "| | p50 | p99 |",
        "|---|---|---|",
        f"| Kring | {ms(k['p50'])} | {ms(k['p99'])} |",
        f"| bare INSERT + COMMIT | {ms(b['p50'])} | {ms(b['p99'])} |",
        f"| ratio | {_ratio(k['p50'], b['p50'])} | {_ratio(k['p99'], b['p99'])} |",
        "",
        f"{_where(r)}.",
    ]


def report_reindex(r: dict) -> list[str]:
    return [
        f"### `search reindex` of {r['size']:,} posts ({r['database']})",
        "",
        "Kring: `indexer.rebuild` (what `flask search reindex` runs), from the database into "
        "a fresh Whoosh index swapped in, with its progress callback "
        f"({r['progress_ticks']} ticks). Baseline: SQLite FTS5 taking the same texts in "
        "bulk (one `executemany`), interleaved with Kring's rounds.",
        "",
        "| | posts/s (median) | each round |",
        "|---|---|---|",
        f"| Kring | {r['size'] / r['kring_seconds']:,.0f} | "
        + ", ".join(f"{x:,.0f}" for x in r["kring"])
        + " |",
        f"| FTS5 bulk | {r['size'] / r['fts5_seconds']:,.0f} | "
        + ", ".join(f"{x:,.0f}" for x in r["fts5"])
        + " |",
        "",
        f"Ratio {_ratio(r['kring_seconds'], r['fts5_seconds'])} slower than FTS5. {_where(r)}.",
    ]


NAMES = (
    "matcher",
    "search",
    "pgsearch",
    "sockets",
    "mail",
    "posting",
    "reindex",
    "feed",
    "api",
    "search_http",
)
WRITES = {  # the write paths: a section per database
    "mail": ("BENCH_DIGESTS", 10_000, report_mail),
    "posting": ("BENCH_WRITES", 200, report_posting),
    "reindex": ("BENCH_REINDEX", 20_000, report_reindex),
}
HEAD = """# Benchmarks

Each section below is written by `make bench` (every bench) or `python -m bench <name>`
(one), which replaces only its own section, between its markers. Ratios are against a
baseline measured in the same run: the machine is shared and noisy, so compare ratios
rather than absolute times.
"""


def run(name: str) -> tuple[str, list[str]]:
    """One bench, measured and worded as its section of BENCHMARKS.md (and the section's
    name: the write paths and live delivery have one per database)."""
    if name in WRITES:
        size, default, report = WRITES[name]
        module = importlib.import_module(f".{name}_bench", __package__)
        result = module.run(int(os.environ.get(size, default)))
        return f"{name}-{result['database']}".replace(" + ", "+"), report(result)
    if name == "sockets":
        from . import socket_bench

        result = socket_bench.run(int(os.environ.get("BENCH_CLIENTS", 1000)))
        nodes = f"-{result['nodes']}nodes" if result["nodes"] > 1 else ""
        return f"sockets-{result['database']}{nodes}".replace(" + ", "+"), report_sockets(result)
    return name, _measure(name)


def _measure(name: str) -> list[str]:
    if name == "matcher":
        from . import matcher_bench

        return report_matcher(matcher_bench.run())
    if name == "pgsearch":  # PostgreSQL search, in a database of its own
        from . import pgsearch_bench

        return report_pgsearch(pgsearch_bench.run(int(os.environ.get("BENCH_POSTS", 100_000))))
    if name == "search":
        from . import search_bench

        return report_search(search_bench.run(int(os.environ.get("BENCH_POSTS", 100_000))))
    from . import web_report, wrk

    if name == "search_http":
        return web_report.search(wrk.run_search())
    return web_report.feed(wrk.run_feed("html" if name == "feed" else "api"))


def provenance(command: str) -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"Produced by `{command}` on {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, "
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average before the run {load}."
    )


def write_section(name: str, lines: list[str]) -> str:
    """Replace this bench's section of BENCHMARKS.md (or add it); the others stay."""
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text() if path.exists() else HEAD
    opening, closing = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    section = "\n".join([opening, *lines, closing])
    if opening in text and closing in text:
        before, rest = text.split(opening, 1)
        text = before + section + rest.split(closing, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text)
    return text


def main(argv: list[str]) -> None:
    unknown = set(argv) - set(NAMES)
    if unknown:
        sys.exit(f"unknown bench {', '.join(sorted(unknown))}; choose from {', '.join(NAMES)}")
    for name in argv or NAMES:
        print(f"{name}…", flush=True)
        command = "make bench" if not argv else f"python -m bench {name}"
        head = provenance(command)
        section, lines = run(name)
        lines.insert(1, "")
        lines.insert(2, head)
        write_section(section, lines)
        print("\n".join(lines), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
