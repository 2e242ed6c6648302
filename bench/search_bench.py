"""Search latency over generated posts: Kring's Whoosh search (the real path: visibility
filter, highlights, type facets) against SQLite FTS5 over the same texts (the baseline)."""

from __future__ import annotations

import random
import shutil
import sqlite3
import time
from pathlib import Path

from . import data
from .stats import summary

HERE = Path(__file__).resolve().parent / "data"
CATEGORIES = ("one word", "two words", "phrase", "filtered")


def _app(instance: Path):
    from intranet import create_app

    app = create_app(
        {
            "SECRET_KEY": "bench",
            "INSTANCE_PATH": str(instance),
            "DATABASE_URL": f"sqlite:///{instance}/bench.db",
            "TESTING": True,
            "KRING_TRIGGER_JOBS": False,
        }
    )
    return app


def build_whoosh(instance: Path, posts: list[dict]) -> float:
    from intranet.search import whoosh_index

    path = whoosh_index.index_dir(str(instance))
    if (path / "_BENCH_DONE").exists():
        return 0.0
    shutil.rmtree(path, ignore_errors=True)
    started = time.perf_counter()
    ix = whoosh_index.create(path)
    writer = ix.writer(limitmb=512)
    for post in posts:
        text = post["text"]
        writer.add_document(
            key=f"post:{post['id']}",
            kind="post",
            object_id=post["id"],
            type=post["type"],
            status="",
            tags=",".join(post["tags"]),
            author=str(post["author"]),
            group=str(post["group"]),
            visibility="all" if post["group"] == 0 else f"g{post['group']}",
            created_at=post["created_at"],
            title="",
            body=text,
            body_nl=text,
            body_en=text,
        )
    writer.commit(optimize=True)
    (path / "_BENCH_DONE").write_text("ok")
    return time.perf_counter() - started


def build_fts(path: Path, posts: list[dict]) -> sqlite3.Connection:
    fresh = not path.exists()
    db = sqlite3.connect(path)
    if fresh:
        db.execute(
            "CREATE VIRTUAL TABLE posts USING fts5(text, type UNINDEXED, "
            "tokenize='unicode61 remove_diacritics 2')"
        )
        db.executemany(
            "INSERT INTO posts(rowid, text, type) VALUES (?, ?, ?)",
            [(p["id"], p["text"], p["type"]) for p in posts],
        )
        db.commit()
    return db


def queries(posts: list[dict], n: int) -> dict[str, list[tuple[str, str | None]]]:
    rng = random.Random(11)
    words = [w for p in rng.sample(posts, 400) for w in p["text"].split()]
    made = {c: [] for c in CATEGORIES}
    for _ in range(n):
        made["one word"].append((rng.choice(words), None))
        made["two words"].append((f"{rng.choice(words)} {rng.choice(words)}", None))
        text = rng.choice(posts)["text"].split()
        i = rng.randrange(len(text) - 1)
        made["phrase"].append((f'"{text[i]} {text[i + 1]}"', None))
        made["filtered"].append((rng.choice(words), "vacancy"))
    return made


def _fts_query(q: str) -> str:
    if q.startswith('"'):
        return q
    return " ".join(f'"{w}"' for w in q.split())


def run(size: int = 100_000, per_category: int = 200) -> dict:
    from intranet.accounts.people import create_user
    from intranet.extensions import db
    from intranet.search.backend import SearchRequest, search

    instance = HERE / f"search-{size}"
    instance.mkdir(parents=True, exist_ok=True)
    posts = data.posts(size)
    app = _app(instance)
    results = {"size": size}
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        from intranet.models import User

        user = db.session.scalar(db.select(User)) or create_user(
            "bench@brugwerk.example", "Bench", "bench-password"
        )
        results["build_seconds"] = build_whoosh(instance, posts)
        fts = build_fts(instance / "fts.db", posts)
        asked = queries(posts, per_category)
        for q, _ in asked["one word"][:20]:  # open the searcher, warm the caches
            search(user, SearchRequest(q=q))
        for category in CATEGORIES:
            kring, base, hits = [], [], 0
            for q, post_type in asked[category]:
                started = time.perf_counter()
                page = search(user, SearchRequest(q=q, type=post_type))
                kring.append(time.perf_counter() - started)
                hits += page.total
                sql = "SELECT rowid FROM posts WHERE posts MATCH ? "
                args = [_fts_query(q)]
                if post_type:
                    sql += "AND type = ? "
                    args.append(post_type)
                started = time.perf_counter()
                fts.execute(sql + "ORDER BY rank LIMIT 20", args).fetchall()
                fts.execute("SELECT count(*) FROM posts WHERE posts MATCH ?", args[:1]).fetchone()
                base.append(time.perf_counter() - started)
            results[category] = {
                "kring": summary(kring),
                "fts5": summary(base),
                "mean_hits": hits / len(asked[category]),
            }
    return results
