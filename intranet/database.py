"""Engine set-up per dialect, and the portable INSERT … ON CONFLICT DO NOTHING."""

from __future__ import annotations

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine

from .extensions import db

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def database_url(url: str | None, instance_path: str) -> str:
    """Normalise DATABASE_URL: default SQLite file, psycopg 3 for PostgreSQL."""
    if not url:
        return f"sqlite:///{instance_path}/kring.db"
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def configure_sqlite(engine: Engine) -> None:
    """WAL, foreign keys, a busy timeout, and BEGIN IMMEDIATE for units that write.

    With SQLite's default deferred BEGIN, a transaction that reads and then writes fails at
    once with "database is locked" when another process wrote in between. Requests that
    may write (not GET/HEAD/OPTIONS) and all CLI and job work take the write lock up front
    and wait for it instead.
    """

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        for pragma in ("journal_mode=WAL", "foreign_keys=ON", "busy_timeout=10000",
                       "synchronous=NORMAL"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection):
        reading = has_request_context() and request.method in SAFE_METHODS
        connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")


def insert_ignore(table, rows: list[dict] | dict) -> int:
    """INSERT rows, skipping those that collide with a unique key; return how many went in."""
    rows = [rows] if isinstance(rows, dict) else rows
    if not rows:
        return 0
    dialect = db.session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    result = db.session.execute(module.insert(table).on_conflict_do_nothing(), rows)
    return max(result.rowcount, 0)
