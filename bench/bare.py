"""The baseline of the HTTP benches: a bare Flask + SQLAlchemy app on Kring's database,
served the same way (gunicorn, one gevent worker), that shows the same rows with nothing
else: the newest 20 posts the reader may read with their authors, as a page or as JSON,
and a search page on SQLite FTS5 over the same texts.

`BARE_DATABASE_URL` (Kring's database), `BARE_FTS` (the FTS5 file), `BARE_READER` (the
reader's id: the baseline has no login).
"""

from __future__ import annotations

import os
import sqlite3

from flask import Flask, jsonify, render_template_string, request
from sqlalchemy import create_engine, text

app = Flask(__name__)
URL = os.environ.get("BARE_DATABASE_URL", "sqlite://")
engine = create_engine(URL.replace("postgresql://", "postgresql+psycopg://"))
READER = int(os.environ.get("BARE_READER", "1"))
FEED = text(
    "SELECT p.id, p.type, p.html, p.created_at, p.like_count, p.reply_count, "
    "u.id AS author_id, u.name, u.handle "
    "FROM posts p JOIN users u ON u.id = p.author_id "
    "WHERE p.parent_id IS NULL AND (p.group_id IS NULL OR p.group_id IN "
    "(SELECT g.id FROM groups g WHERE NOT g.is_private OR g.id IN "
    "(SELECT m.group_id FROM group_members m WHERE m.user_id = :reader))) "
    "ORDER BY p.created_at DESC, p.id DESC LIMIT 20"
)
PAGE = """<!doctype html><html lang="nl"><head><meta charset="utf-8">
<title>Feed</title></head><body><main>
{% for p in posts %}<article id="post-{{ p.id }}"><header><a href="/people/{{ p.handle }}">
{{ p.name }}</a> <time datetime="{{ p.created_at }}">{{ p.created_at }}</time>
<span>{{ p.type }}</span></header><div>{{ p.html|safe }}</div>
<footer>{{ p.like_count }} · {{ p.reply_count }}</footer></article>
{% endfor %}</main></body></html>"""
RESULTS = """<!doctype html><html lang="nl"><head><meta charset="utf-8">
<title>Zoeken</title></head><body><main><p>{{ total }}</p>
{% for h in hits %}<article id="post-{{ h.id }}"><a href="/people/{{ h.handle }}">{{ h.name }}</a>
<p>{{ h.snippet|safe }}</p></article>{% endfor %}</main></body></html>"""


def _feed() -> list[dict]:
    with engine.connect() as connection:
        return [dict(r._mapping) for r in connection.execute(FEED, {"reader": READER})]


@app.get("/")
def page():
    return render_template_string(PAGE, posts=_feed())


@app.get("/api/feed")
def feed_json():
    rows = _feed()
    for row in rows:  # SQLite gives the text it stores, PostgreSQL a datetime
        row["created_at"] = str(row["created_at"]).replace(" ", "T")
    return jsonify(items=rows)


def _fts() -> sqlite3.Connection:
    """One connection: under gevent a query blocks the hub anyway."""
    if not hasattr(_fts, "connection"):
        _fts.connection = sqlite3.connect(os.environ["BARE_FTS"], check_same_thread=False)
    return _fts.connection


def _match(q: str) -> str:
    """Kring's small query language in FTS5's words: words, "phrases", prefix*."""
    if q.startswith('"'):
        return q
    return " ".join(f'"{w[:-1]}"*' if w.endswith("*") else f'"{w}"' for w in q.split())


@app.get("/search")
def search():
    match = _match(request.args.get("q", ""))
    with engine.connect() as connection:
        readable = [
            str(r[0])
            for r in connection.execute(
                text(
                    "SELECT id FROM groups WHERE NOT is_private OR id IN "
                    "(SELECT group_id FROM group_members WHERE user_id = :reader)"
                ),
                {"reader": READER},
            )
        ]
    visible = ",".join(["'0'", *(f"'{g}'" for g in readable)])
    fts = _fts()
    where = f"posts MATCH ? AND visibility IN ({visible})"
    found = fts.execute(
        "SELECT rowid, snippet(posts, 0, '<mark>', '</mark>', '…', 24) FROM posts "
        f"WHERE {where} ORDER BY rank LIMIT 20",
        (match,),
    ).fetchall()
    total = fts.execute(f"SELECT count(*) FROM posts WHERE {where}", (match,)).fetchone()[0]
    snippets = dict(found)
    hits = []
    if found:
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT p.id, u.name, u.handle FROM posts p JOIN users u ON u.id = p.author_id "
                    f"WHERE p.id IN ({','.join(str(int(i)) for i in snippets)})"
                )
            )
            authors = {r.id: r for r in rows}
        hits = [
            {"id": i, "name": authors[i].name, "handle": authors[i].handle, "snippet": s}
            for i, s in found
            if i in authors
        ]
    return render_template_string(RESULTS, total=total, hits=hits)
