"""Search latency in PostgreSQL (SEARCH_BACKEND=postgres) over generated posts: Kring's
search function (one statement: visibility, tsquery of folded words and Dutch and English
stems, capped counts per type, the newest matches ranked by ts_rank_cd with recency, the
page's texts; snippets marked in Python) against a bare `vector @@ tsquery` top 20 by
ts_rank_cd, interleaved query by query (each of the two first every other query).

The database: BENCH_DATABASE_URL (default: kring_pgsearch_bench on the local PostgreSQL,
created if missing); filled once, kept for the next run.
"""

from __future__ import annotations

import os
import random
import re
import time

from sqlalchemy import create_engine, insert, text

from . import data
from .stats import summary

CATEGORIES = ("one word", "two words", "phrase", "prefix")
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/kring_pgsearch_bench"
GROUPS, PRIVATE = 20, 5  # data.posts puts a tenth of the posts in groups 1–20
BATCH = 2000
WORD = re.compile(r"[^\W_]+")


def _ensure_database(url: str) -> None:
    base, name = url.rsplit("/", 1)
    admin = create_engine(
        f"{base}/postgres".replace("postgresql://", "postgresql+psycopg://"),
        isolation_level="AUTOCOMMIT",
    )
    with admin.connect() as connection:
        if not connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


def _app(url: str):
    from intranet import create_app

    instance = os.path.join(os.path.dirname(__file__), "data", "pgsearch")
    os.makedirs(instance, exist_ok=True)
    return create_app(
        {
            "SECRET_KEY": "bench",
            "INSTANCE_PATH": instance,
            "DATABASE_URL": url,
            "SEARCH_BACKEND": "postgres",
            "TESTING": True,
            "KRING_TRIGGER_JOBS": False,
        }
    )


def _fill(posts: list[dict]) -> float:
    """Users, groups (some private, the reader in none) and one search document per post;
    the migration's trigger makes every vector. Returns the seconds it took."""
    from intranet.accounts.people import create_user
    from intranet.extensions import db
    from intranet.models import SearchDocument, User
    from intranet.posting import groups

    have = db.session.scalar(text("SELECT count(*) FROM search_documents WHERE kind = 'post'"))
    if have >= len(posts):
        return 0.0
    db.session.execute(text("DELETE FROM search_documents WHERE kind = 'post'"))
    owner = db.session.scalar(db.select(User).where(User.email == "owner@brugwerk.example"))
    owner = owner or create_user("owner@brugwerk.example", "Eigenaar", "bench-password")
    made = [
        groups.create_group(owner, f"Groep {n}", private=n <= PRIVATE).id
        for n in range(1, GROUPS + 1)
    ]
    started = time.perf_counter()
    for start in range(0, len(posts), BATCH):
        rows = []
        for post in posts[start : start + BATCH]:
            words = post["text"].split()
            rows.append(
                {
                    "kind": "post",
                    "object_id": post["id"],
                    "parent_id": None,
                    "type": post["type"],
                    "status": None,
                    "author_id": post["author"],
                    "group_id": made[post["group"] - 1] if post["group"] else None,
                    "created_at": post["created_at"],
                    "title": " ".join(words[:4]) if post["type"] == "vacancy" else "",
                    "fields": "",
                    "body": post["text"],
                }
            )
        db.session.execute(insert(SearchDocument), rows)
        db.session.commit()
    elapsed = time.perf_counter() - started
    # As autovacuum would soon after: the GIN index's pending list (the last few MB of
    # inserted entries, which every search otherwise reads in full) merged, statistics made.
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE search_documents"))
    return elapsed


def queries(posts: list[dict], n: int) -> dict[str, list[str]]:
    rng = random.Random(11)
    # Whole words only (no "auto's"), so that the bare query can take them as they are.
    words = [w for p in rng.sample(posts, 400) for w in p["text"].split() if WORD.fullmatch(w)]
    made = {c: [] for c in CATEGORIES}
    for _ in range(n):
        made["one word"].append(rng.choice(words))
        made["two words"].append(f"{rng.choice(words)} {rng.choice(words)}")
        line = rng.choice(posts)["text"].split()
        i = rng.randrange(len(line) - 1)
        while not (WORD.fullmatch(line[i]) and WORD.fullmatch(line[i + 1])):
            line = rng.choice(posts)["text"].split()
            i = rng.randrange(len(line) - 1)
        made["phrase"].append(f'"{line[i]} {line[i + 1]}"')
        made["prefix"].append(rng.choice([w for w in words if len(w) >= 5])[:4] + "*")
    return made


# The bare query: the text alone in the simplest configuration, top 20 by rank.
BARE = text(
    "SELECT object_id FROM search_documents, to_tsquery('kring_simple', :q) AS q "
    "WHERE vector @@ q ORDER BY ts_rank_cd(vector, q) DESC LIMIT 20"
)


def _bare_tsquery(q: str) -> str:
    if q.endswith("*"):
        return q[:-1] + ":*"
    if q.startswith('"'):
        return " <-> ".join(q.strip('"').split())
    return " & ".join(q.split())


def _timed_kring(reader, q: str, times: list[float]):
    from intranet.extensions import db
    from intranet.search.backend import SearchRequest
    from intranet.search.pg_search import search

    started = time.perf_counter()
    page = search(reader, SearchRequest(q=q))
    times.append(time.perf_counter() - started)
    db.session.rollback()  # each search its own transaction, as a request's
    return page


def _timed_bare(q: str, times: list[float]) -> None:
    from intranet.extensions import db

    started = time.perf_counter()
    db.session.execute(BARE, {"q": _bare_tsquery(q)}).all()
    times.append(time.perf_counter() - started)
    db.session.rollback()


def run(size: int = 100_000, per_category: int = 200) -> dict:
    from intranet.accounts.people import create_user
    from intranet.extensions import db
    from intranet.models import User
    from intranet.search.backend import SearchRequest
    from intranet.search.pg_search import search

    url = os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL
    _ensure_database(url)
    posts = data.posts(size)
    app = _app(url)
    results = {"size": size, "load_before": os.getloadavg()}
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        results["fill_seconds"] = _fill(posts)
        reader = db.session.scalar(db.select(User).where(User.email == "bench@brugwerk.example"))
        reader = reader or create_user("bench@brugwerk.example", "Lezer", "bench-password")
        reader_id = reader.id
        db.session.expunge(reader)  # as a request's logged-in user: loaded once, not again
        assert reader.id == reader_id
        asked = queries(posts, per_category)
        # Warm the caches, and each kind's prepared statement (as a worker's connections
        # have theirs after its first few searches of each kind).
        for q in [q for category in CATEGORIES for q in asked[category][:10]]:
            search(reader, SearchRequest(q=q))
            db.session.execute(BARE, {"q": _bare_tsquery(q)}).all()
            db.session.rollback()
        for category in CATEGORIES:
            kring, bare, hits, capped = [], [], 0, 0
            for n, q in enumerate(asked[category]):
                # Each goes first every other query: the second finds the query's index
                # pages and rows warm in the cache.
                if n % 2:
                    _timed_bare(q, bare)
                    page = _timed_kring(reader, q, kring)
                else:
                    page = _timed_kring(reader, q, kring)
                    _timed_bare(q, bare)
                hits += page.total
                capped += page.capped
            results[category] = {
                "kring": summary(kring),
                "bare": summary(bare),
                "mean_hits": hits / len(asked[category]),
                "capped": capped,
            }
    results["load_after"] = os.getloadavg()
    return results
