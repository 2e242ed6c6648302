"""Run the benchmarks and write BENCHMARKS.md: `python -m bench [search] [matcher] [sockets]
[mail] [posting] [reindex]`.

Sizes: BENCH_POSTS (default 100000), BENCH_CLIENTS (default 1000), BENCH_DIGESTS (default
10000), BENCH_WRITES (posts created, default 200), BENCH_REINDEX (posts, default 20000).
Where: SQLite in bench/data/ unless BENCH_DATABASE_URL names a PostgreSQL database (the
write benchmarks make fresh ones beside it) and BENCH_REDIS_URL a Redis for the jobs.

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


def report_search(r: dict) -> list[str]:
    lines = [
        f"### Search over {r['size']:,} generated posts",
        "",
        "Kring: the real search path (visibility filter, highlighted snippets, counts "
        "per type) on Whoosh with a reused, refreshed searcher. Baseline: SQLite FTS5 "
        "over the same texts (top 20 by rank plus a count).",
        "",
        "| query | Kring p50 | Kring p99 | FTS5 p50 | FTS5 p99 | p50 ratio | hits (mean) |",
        "|---|---|---|---|---|---|---|",
    ]
    for category in ("one word", "two words", "phrase", "filtered"):
        row = r[category]
        k, f = row["kring"], row["fts5"]
        lines.append(
            f"| {category} | {ms(k['p50'])} | {ms(k['p99'])} | {ms(f['p50'])} | "
            f"{ms(f['p99'])} | {_ratio(k['p50'], f['p50'])} | "
            f"{row['mean_hits']:.0f} |"
        )
    if r.get("build_seconds"):
        lines += [
            "",
            f"Building the index took {r['build_seconds']:.0f} s "
            f"({r['size'] / r['build_seconds']:.0f} posts/s, one writer).",
        ]
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
        "the notification (stored, fanned out by the job consumer, pushed). Baseline: the "
        f"same with one client connected. Served by {server}; {r['database']} (with "
        "Redis: a `jobs run` consumer; otherwise in-process jobs). The mentioned person "
        "is a python-socketio client in the "
        "measuring process, timed on arrival; the other connected people are asyncio "
        "python-socketio clients in one process of their own, and every post's `post` "
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
        f"Produced by `BENCH_CLIENTS={r['clients']} python -m bench sockets` on "
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


def main(argv: list[str]) -> None:
    wanted = set(argv) or {"search", "matcher", "sockets", "mail", "posting", "reindex"}
    sections = []
    if "matcher" in wanted:
        from . import matcher_bench

        print("matcher…", flush=True)
        _keep(sections, report_matcher(matcher_bench.run()), "matcher")
    if "search" in wanted:
        from . import search_bench

        print("search…", flush=True)
        _keep(
            sections,
            report_search(search_bench.run(int(os.environ.get("BENCH_POSTS", 100_000)))),
            "search",
        )
    if "sockets" in wanted:
        from . import socket_bench

        print("sockets…", flush=True)
        result = socket_bench.run(int(os.environ.get("BENCH_CLIENTS", 1000)))
        _keep(sections, report_sockets(result), f"sockets-{result['database']}")
    for name, size, default, report in (
        ("mail", "BENCH_DIGESTS", 10_000, report_mail),
        ("posting", "BENCH_WRITES", 200, report_posting),
        ("reindex", "BENCH_REINDEX", 20_000, report_reindex),
    ):
        if name in wanted:  # the write paths: a section per database
            print(f"{name}…", flush=True)
            module = importlib.import_module(f".{name}_bench", __package__)
            result = module.run(int(os.environ.get(size, default)))
            _keep(sections, report(result), f"{name}-{result['database']}")
    command = "make bench" if not argv else f"python -m bench {' '.join(argv)}"
    head = [
        "# Benchmarks",
        "",
        "Produced by `make bench` (or `python -m bench NAME`), x86_64, 2 cores, Python "
        f"{platform.python_version()}. Medians and 99th percentiles of repeated runs; "
        "ratios against a baseline measured in the same run (the machine is shared and "
        "noisy, so compare ratios rather than absolute times). Each section says when and "
        "how it was measured.",
        "",
    ]
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text() if path.exists() else "\n".join(head)
    stamp = f"Produced by `{command}` on {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC."
    for name, section in sections:
        text = _replace_section(text, name, "\n".join([*section, "", stamp]))
    path.write_text(text)
    print(f"wrote {path}")


def _replace_section(text: str, name: str, body: str) -> str:
    """Put `body` between this section's markers, leaving the rest of the file as it is."""
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    block = f"{start}\n{body}\n{end}"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        return before + block + rest.split(end, 1)[1]
    return text.rstrip("\n") + "\n\n" + block + "\n"


def _keep(sections: list, section: list[str], name: str) -> None:
    """Each result is printed as soon as it is known (a long run may be cut short)."""
    sections.append((name.replace(" + ", "+"), section))
    print("\n".join(section), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
