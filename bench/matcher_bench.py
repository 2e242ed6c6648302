"""Alert matching per post: Kring's one-pass matcher against a regex per alert (baseline)."""

from __future__ import annotations

import re
import time

from . import data
from .stats import summary


def run(sizes=(1_000, 10_000, 100_000), posts_measured: int = 300, naive_posts: int = 20) -> dict:
    from intranet.text.matcher import Matcher, parse_term

    texts = [p["text"] for p in data.posts(posts_measured)]
    results = {}
    for size in sizes:
        terms = data.terms(size)
        started = time.perf_counter()
        matcher = Matcher((i, parse_term(t), False) for i, t in enumerate(terms))
        build = time.perf_counter() - started
        kring, found = [], 0
        for text in texts:
            started = time.perf_counter()
            found += len(matcher.match(text))
            kring.append(time.perf_counter() - started)
        patterns = [
            re.compile(
                r"(?<!\w)" + r"\W+".join(map(re.escape, t.split())) + r"(?!\w)", re.IGNORECASE
            )
            for t in terms
        ]
        naive = []
        for text in texts[:naive_posts]:
            started = time.perf_counter()
            [i for i, p in enumerate(patterns) if p.search(text)]
            naive.append(time.perf_counter() - started)
        results[size] = {
            "build_seconds": build,
            "kring": summary(kring),
            "naive": summary(naive),
            "mean_hits": found / len(texts),
        }
    return results
