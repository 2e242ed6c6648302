"""`search reindex`: posts per second of Kring's rebuild (the real `indexer.rebuild`, from
the database, with its progress callback) against SQLite FTS5 taking the same texts in
bulk (the baseline), interleaved: FTS5, Kring, FTS5, Kring…"""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import time
from pathlib import Path

from . import data, databases

HERE = Path(__file__).resolve().parent / "data"


def _fill(posts: list[dict]) -> None:
    """The generated posts as `update` posts with two tags each (bulk, not services)."""
    from sqlalchemy import insert
    from werkzeug.security import generate_password_hash

    from intranet.extensions import db
    from intranet.models import Post, PostTag, Tag, User

    hashed = generate_password_hash("x", method="pbkdf2:sha256:1000")
    db.session.execute(
        insert(User),
        [
            {
                "email": f"r{i}@brugwerk.example",
                "handle": f"r{i}",
                "name": f"Schrijver {i}",
                "password_hash": hashed,
                "role": "employee",
                "job_title": "Recruiter",
                "department": "",
                "location": "Utrecht",
                "skills": "",
                "bio": "",
                "session_version": 0,
            }
            for i in range(1, 301)
        ],
    )
    names = sorted(data.DOMAIN)
    db.session.execute(insert(Tag), [{"id": i + 1, "name": n} for i, n in enumerate(names)])
    tag_id = {n: i + 1 for i, n in enumerate(names)}
    for start in range(0, len(posts), 5000):
        chunk = posts[start : start + 5000]
        db.session.execute(
            insert(Post),
            [
                {
                    "id": p["id"],
                    "type": "update",
                    "author_id": p["author"],
                    "body": p["text"],
                    "html": f"<p>{p['text']}</p>",
                    "text": p["text"],
                    "created_at": p["created_at"],
                    "like_count": 0,
                    "reply_count": 0,
                    "must_read": False,
                }
                for p in chunk
            ],
        )
        db.session.execute(
            insert(PostTag),
            [{"post_id": p["id"], "tag_id": tag_id[t]} for p in chunk for t in set(p["tags"])],
        )
    db.session.commit()


def _fts(path: Path, posts: list[dict]) -> float:
    path.unlink(missing_ok=True)
    started = time.perf_counter()
    fts = sqlite3.connect(path)
    fts.execute(
        "CREATE VIRTUAL TABLE posts USING fts5(text, tags, "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    fts.executemany(
        "INSERT INTO posts(rowid, text, tags) VALUES (?, ?, ?)",
        [(p["id"], p["text"], " ".join(p["tags"])) for p in posts],
    )
    fts.commit()
    fts.close()
    return time.perf_counter() - started


def run(size: int = 20_000, rounds: int = 3) -> dict:
    from flask_migrate import upgrade

    from intranet import create_app
    from intranet.search import indexer

    instance = HERE / f"reindex-{size}"
    shutil.rmtree(instance, ignore_errors=True)
    instance.mkdir(parents=True)
    posts = data.posts(size)
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "INSTANCE_PATH": str(instance),
            "DATABASE_URL": databases.fresh(instance, "reindex"),
            "TESTING": True,
            "KRING_TRIGGER_JOBS": False,
        }
    )
    kring, fts, ticks = [], [], []
    with app.app_context():
        upgrade()
        _fill(posts)
        for _ in range(rounds):
            fts.append(_fts(instance / "fts.db", posts))
            seen = []
            started = time.perf_counter()
            written = indexer.rebuild(lambda done, _total, seen=seen: seen.append(done))
            kring.append(time.perf_counter() - started)
            ticks.append(len(seen))
        from intranet.extensions import db

        db.session.remove()
        db.engine.dispose()
    return {
        "database": databases.backend(),
        "size": size,
        "written": written,
        "kring": [size / s for s in kring],
        "fts5": [size / s for s in fts],
        "kring_seconds": statistics.median(kring),
        "fts5_seconds": statistics.median(fts),
        "progress_ticks": min(ticks),
        "load": databases.load_average(),
    }
