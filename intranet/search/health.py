"""Can this node search? What `GET /readyz` reports for the search backend.

Whoosh: whether this node's index opens (it lives in the instance folder, so each machine
has its own). PostgreSQL (SEARCH_BACKEND=postgres): whether the database has what search
needs (the migration's text search configuration) and holds documents once there are posts.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import exists, func, select, text

from ..extensions import db
from ..models import Post, SearchDocument
from . import whoosh_index
from .choice import uses_postgres


def check() -> dict:
    if uses_postgres():
        return _postgres()
    backend = "whoosh"
    try:
        searcher = whoosh_index.searchers.get(whoosh_index.index_dir(current_app.instance_path))
    except whoosh_index.IndexMissing as error:
        return {"backend": backend, "ok": False, "error": f"no usable index: {error}"}
    return {"backend": backend, "ok": True, "documents": searcher.doc_count()}


def _postgres() -> dict:
    answer = {"backend": "postgres", "ok": False}
    try:
        db.session.execute(text("SELECT to_tsvector('kring_simple', 'kring')"))
    except Exception as error:  # noqa: BLE001 - reported, the node is not ready
        db.session.rollback()
        return {**answer, "error": f"no text search configuration (run the migrations): {error}"}
    answer["documents"] = db.session.scalar(select(func.count()).select_from(SearchDocument))
    if not answer["documents"] and db.session.scalar(select(exists().where(Post.id > 0))):
        return {**answer, "error": "no search documents: run `flask search reindex`"}
    return {**answer, "ok": True}
