"""A Kring database with generated posts for the HTTP benches, bulk-inserted once and kept
in bench/data/ (SQLite) or a database of its own beside TEST_DATABASE_URL's (PostgreSQL).

People, groups (some private), tags, likes and every post type, through Kring's own
migrations, so the servers read the schema they always read; the search index is built by
Kring's own rebuild. The bare baseline reads the same database (and, for search, an FTS5
table beside it).
"""

from __future__ import annotations

import os
import random
import sqlite3
from pathlib import Path

from . import data

HERE = Path(__file__).resolve().parent / "data"
PASSWORD = "bench-password"
READER = "reader@brugwerk.example"
PEOPLE = 300
GROUPS = 20
PRIVATE = range(1, 6)  # groups 1–5 are private; the reader is in 1, 2 and 6–10
MEMBER_OF = (1, 2, 6, 7, 8, 9, 10)
# A site-wide limit would answer 429 to a load run: the same limiter, a higher budget.
LIMITS = 'KRING_LIMITS = {"search": "1000000 per minute", "login": "1000 per minute"}\n'


class Site:
    """Where a generated site lives: its instance folder and database URL."""

    def __init__(self, engine: str, size: int):
        self.engine, self.size = engine, size
        self.instance = HERE / f"site-{engine}-{size}"
        if engine == "sqlite":
            self.url = f"sqlite:///{self.instance}/kring.db"
        else:
            base = os.environ.get("BENCH_DATABASE_URL") or os.environ.get(
                "TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/kring"
            )
            # Named after the given database: benches of several databases don't collide.
            self.url = f"{base}_bench_{size}"
        self.fts = self.instance / "fts.db"
        self.done = self.instance / "_DONE"

    def settings(self) -> dict:
        return {
            "SECRET_KEY": "bench",
            "INSTANCE_PATH": str(self.instance),
            "DATABASE_URL": self.url,
            "KRING_TRIGGER_JOBS": False,
        }

    def token(self) -> str:
        """The reader's API token."""
        return (self.instance / "token").read_text()

    def ensure(self) -> Site:
        if not self.done.exists():
            self.build()
        return self

    def build(self) -> None:
        import shutil

        shutil.rmtree(self.instance, ignore_errors=True)
        self.instance.mkdir(parents=True)
        (self.instance / "config.py").write_text(LIMITS)
        if self.engine == "postgresql":
            _fresh_database(self.url)
        from intranet import create_app

        app = create_app(self.settings())
        posts = data.posts(self.size)
        with app.app_context():
            from flask_migrate import upgrade

            from intranet.accounts.tokens import create_token
            from intranet.extensions import db
            from intranet.models import User
            from intranet.search.indexer import rebuild

            upgrade()
            _insert(posts)
            reader = db.session.scalar(db.select(User).where(User.email == READER))
            (self.instance / "token").write_text(create_token(reader, "bench")[1])
            db.session.commit()
            rebuild()
        _build_fts(self.fts, posts)
        self.done.write_text("ok")


def _fresh_database(url: str) -> None:
    from sqlalchemy import create_engine, text

    base, name = url.rsplit("/", 1)
    admin = create_engine(
        f"{base}/postgres".replace("postgresql://", "postgresql+psycopg://"),
        isolation_level="AUTOCOMMIT",
    )
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


def _type_columns(kind: str, rng: random.Random, words: list[str]) -> dict:
    """The type's own fields, as a composer would have filled them in."""
    title = " ".join(rng.sample(words, 3)).capitalize()
    if kind == "vacancy":
        return {"title": title, "hours": rng.choice((24, 32, 36, 40)), "status": "open"}
    if kind == "candidate_offer":
        return {"headline": title, "skills": "java, python", "status": "available"}
    if kind == "reputation_alert":
        return {"source": "Indeed", "severity": "medium", "status": "open"}
    if kind == "client_signal":
        return {"kind": "expansion"}
    return {}


def _insert(posts: list[dict]) -> None:
    """Core bulk inserts (Kring's rule: one executemany per table)."""
    from werkzeug.security import generate_password_hash

    from intranet.extensions import db

    tables = db.metadata.tables
    rng = random.Random(5)
    hashed = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
    people = [
        {
            "id": i,
            "email": READER if i == 1 else f"u{i}@brugwerk.example",
            "handle": f"u{i}",
            "name": f"Collega {i}",
            "password_hash": hashed,
            "role": "recruiter" if i % 3 else "employee",
            "job_title": "Recruiter",
            "digest": "off",
        }
        for i in range(1, PEOPLE + 1)
    ]
    groups = [
        {
            "id": g,
            "name": f"Team {g}",
            "name_key": f"team {g}",
            "handle": f"team{g}",
            "is_private": g in PRIVATE,
        }
        for g in range(1, GROUPS + 1)
    ]
    members = [{"group_id": g, "user_id": 1} for g in MEMBER_OF]
    members += [{"group_id": g, "user_id": u} for g in range(1, GROUPS + 1) for u in (g + 20,)]
    tag_ids = {name: i for i, name in enumerate(sorted(set(data.DOMAIN)), start=1)}
    words = data.DOMAIN
    rows, links, likes = [], [], []
    for post in posts:
        text = post["text"]
        like = post["id"] % 7 == 0
        rows.append(
            {
                "id": post["id"],
                "type": post["type"],
                "author_id": post["author"],
                "group_id": post["group"] or None,
                "body": text,
                "html": f"<p>{text}</p>",
                "text": text,
                "created_at": post["created_at"],
                "like_count": 1 if like else 0,
                **_type_columns(post["type"], rng, words),
            }
        )
        links += [{"post_id": post["id"], "tag_id": tag_ids[t]} for t in post["tags"]]
        if like:
            likes.append({"user_id": 1, "post_id": post["id"], "kind": "heart"})
    keys = sorted({k for r in rows for k in r})
    rows = [{k: r.get(k) for k in keys} for r in rows]
    with db.engine.begin() as connection:
        connection.execute(tables["users"].insert(), people)
        connection.execute(tables["groups"].insert(), groups)
        connection.execute(tables["group_members"].insert(), members)
        tags = [{"id": i, "name": n} for n, i in tag_ids.items()]
        connection.execute(tables["tags"].insert(), tags)
        for start in range(0, len(rows), 5000):
            connection.execute(tables["posts"].insert(), rows[start : start + 5000])
        connection.execute(tables["post_tags"].insert(), links)
        connection.execute(tables["reactions"].insert(), likes)
        connection.execute(
            tables["follows"].insert(), [{"follower_id": 1, "followed_id": u} for u in range(2, 60)]
        )
    if db.engine.dialect.name == "postgresql":  # the ids were given: move the sequences on
        with db.engine.begin() as connection:
            for table in ("users", "groups", "tags", "posts"):
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
            # Statistics, as a live database has them: without (autovacuum may be off)
            # the planner guesses 18 posts and both apps' feed reads every post.
            connection.exec_driver_sql("ANALYZE")


def _build_fts(path: Path, posts: list[dict]) -> None:
    """The baseline's search: SQLite FTS5 over the same texts, with what a hit shows."""
    db = sqlite3.connect(path)
    db.execute(
        "CREATE VIRTUAL TABLE posts USING fts5(text, type UNINDEXED, visibility UNINDEXED, "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    db.executemany(
        "INSERT INTO posts(rowid, text, type, visibility) VALUES (?, ?, ?, ?)",
        [(p["id"], p["text"], p["type"], p["group"]) for p in posts],
    )
    db.commit()
    db.close()
