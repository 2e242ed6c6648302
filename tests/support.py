"""Constants the tests share (imported by name: two conftest modules can't both be
`conftest` on sys.path)."""

import sqlite3
from pathlib import Path

import pytest

PASSWORD = "correct horse battery"
CORPORA = Path(__file__).resolve().parent / "corpora"  # third-party test data, see SOURCES.md


def search_store(app) -> bytes:
    """Everything search keeps, as bytes: the Whoosh index's files, or with
    SEARCH_BACKEND=postgres every search document's text and tsvector, and the words
    "did you mean" corrects from."""
    if app.config["SEARCH_BACKEND"] == "postgres":
        from sqlalchemy import text

        from intranet.extensions import db

        with app.app_context(), db.engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT title || fields || aliases || body || vector::text "
                    "FROM search_documents UNION ALL SELECT word FROM search_words"
                )
            )
            return "\n".join(r[0] for r in rows).encode()
    from intranet.search.whoosh_index import index_dir

    files = index_dir(app.instance_path).rglob("*")
    return b"".join(p.read_bytes() for p in files if p.is_file())


def whoosh_only(app) -> None:
    """Skip a test of Whoosh's own index files where search runs in PostgreSQL."""
    if app.config["SEARCH_BACKEND"] != "whoosh":
        pytest.skip("Whoosh's own index files (SEARCH_BACKEND=postgres keeps none)")


def can_write_now() -> bool:
    """Could another process take SQLite's write lock at once? (Always, on PostgreSQL.)"""
    from intranet.extensions import db

    url = db.engine.url
    if url.get_backend_name() != "sqlite":
        return True
    other = sqlite3.connect(url.database, timeout=0)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.rollback()
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        other.close()
