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


def form_as_drawn(page: str, selector: str = "form") -> list[tuple[str, str]]:
    """What a browser sends for the form as the page drew it, untouched: each named input's
    value (a box only when ticked), each select's selected option (else its first), each
    textarea's text. Files and buttons are left out."""
    from bs4 import BeautifulSoup

    form = BeautifulSoup(page, "html.parser").select_one(selector)
    assert form is not None, f"no {selector} on the page"
    sent = []
    for element in form.find_all(["input", "select", "textarea"]):
        name = element.get("name")
        if not name or element.has_attr("disabled"):
            continue
        if element.name == "select":
            options = element.find_all("option")
            chosen = [o for o in options if o.has_attr("selected")] or options[:1]
            sent += [(name, o.get("value", o.get_text())) for o in chosen]
        elif element.name == "textarea":
            sent.append((name, element.get_text().removeprefix("\n")))
        elif element.get("type") in ("checkbox", "radio"):
            if element.has_attr("checked"):
                sent.append((name, element.get("value", "on")))
        elif element.get("type") not in ("file", "submit", "button", "image", "reset"):
            sent.append((name, element.get("value", "")))
    return sent


def until_they_wait(how_many: int) -> None:
    """Until `how_many` other sessions wait for a lock, this session's or, queued behind
    it, each other's (all of them wait for this one to end). PostgreSQL only."""
    import time

    from sqlalchemy import text

    from intranet.extensions import db

    me = db.session.scalar(text("SELECT pg_backend_pid()"))
    waiting = text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        " AND wait_event_type = 'Lock' AND cardinality(pg_blocking_pids(pid)) > 0"
        " AND pid NOT IN (:me, pg_backend_pid())"
    )
    deadline = time.monotonic() + 20
    with db.engine.connect() as watcher:
        while watcher.execute(waiting, {"me": me}).scalar() < how_many:
            watcher.rollback()
            if time.monotonic() > deadline:
                pytest.fail(f"{how_many} units never came to wait for this one")
            time.sleep(0.02)
