"""Can this node search? What `GET /readyz` reports for the search backend.

The place each backend says whether it can answer: Whoosh, whether this node's index
opens (it lives in the instance folder, so each machine has its own). The PostgreSQL
backend (SEARCH_BACKEND=postgres) adds its own check here.
"""

from __future__ import annotations

from flask import current_app

from . import whoosh_index


def check() -> dict:
    backend = current_app.config.get("SEARCH_BACKEND") or "whoosh"
    if backend != "whoosh":
        return {"backend": backend, "ok": False, "error": "no readiness check for this backend"}
    try:
        searcher = whoosh_index.searchers.get(whoosh_index.index_dir(current_app.instance_path))
    except whoosh_index.IndexMissing as error:
        return {"backend": backend, "ok": False, "error": f"no usable index: {error}"}
    return {"backend": backend, "ok": True, "documents": searcher.doc_count()}
