"""Run the benchmarks and write BENCHMARKS.md: `python -m bench [search] [matcher] [sockets]`;
`python -m bench pgsearch` (PostgreSQL search) rewrites only its own section.

Sizes: BENCH_POSTS (default 100000), BENCH_CLIENTS (default 1000).
"""

from __future__ import annotations

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
        "API call: visibility (private groups) and filters in the statement, a tsquery of "
        "folded words or Dutch and English stems, ts_rank_cd weighed by age, counts per "
        "type capped at 1,000 matches, ts_headline for the page's 20 hits. Baseline: "
        "`vector @@ to_tsquery('kring_simple', …)` top 20 by ts_rank_cd, the same query "
        "right after Kring's each time (interleaved), one transaction each.",
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
        "the notification (stored, fanned out by the job consumer, pushed). Baseline: the "
        f"same with one client connected. Served by {server}; embedded default (SQLite, "
        "in-process jobs). The mentioned person is a python-socketio client in the "
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


def report_mail(r: dict) -> list[str]:
    return [
        f"### {r['n']:,} digests to an SMTP server on loopback",
        "",
        "Kring: find what is due, compose each digest from the database, render the HTML "
        "and text parts, claim it, send over one SMTP connection, mark it sent and its "
        "items e-mailed. Baseline: the same messages, already prepared, sent with bare "
        "smtplib over one connection (aiosmtpd sink in the same process).",
        "",
        "| | total | per digest |",
        "|---|---|---|",
        f"| Kring | {r['kring_seconds']:.1f} s | {ms(r['kring_seconds'] / r['n'])} |",
        f"| bare smtplib | {r['bare_seconds']:.1f} s | {ms(r['bare_seconds'] / r['n'])} |",
        "",
        f"Ratio {_ratio(r['kring_seconds'], r['bare_seconds'])}; {r['sent']:,} sent, "
        f"{r['failed']} failed.",
    ]


NAMES = ("matcher", "search", "pgsearch", "sockets", "mail", "feed", "api", "search_http")
HEAD = """# Benchmarks

Each section below is written by `make bench` (every bench) or `python -m bench <name>`
(one), which replaces only its own section, between its markers. Ratios are against a
baseline measured in the same run: the machine is shared and noisy, so compare ratios
rather than absolute times.
"""


def run(name: str) -> list[str]:
    """One bench, measured and worded as its section of BENCHMARKS.md."""
    if name == "matcher":
        from . import matcher_bench

        return report_matcher(matcher_bench.run())
    if name == "pgsearch":  # PostgreSQL search, in a database of its own
        from . import pgsearch_bench

        return report_pgsearch(pgsearch_bench.run(int(os.environ.get("BENCH_POSTS", 100_000))))
    if name == "search":
        from . import search_bench

        return report_search(search_bench.run(int(os.environ.get("BENCH_POSTS", 100_000))))
    if name == "sockets":
        from . import socket_bench

        return report_sockets(socket_bench.run(int(os.environ.get("BENCH_CLIENTS", 1000))))
    if name == "mail":
        from . import mail_bench

        return report_mail(mail_bench.run(int(os.environ.get("BENCH_DIGESTS", 10_000))))
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
        lines = run(name)
        lines.insert(1, "")
        lines.insert(2, head)
        write_section(name, lines)
        print("\n".join(lines), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
