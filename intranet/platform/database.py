"""Engine set-up per dialect, and the portable INSERT … ON CONFLICT DO NOTHING."""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
import time
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from flask import current_app, has_request_context, request
from sqlalchemy import create_engine, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine

from ..extensions import db
from . import serving

log = logging.getLogger("kring")
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
BUSY_SECONDS = 10  # how long a writer waits for SQLite's write lock
_writing: ContextVar[bool] = ContextVar("kring_writing", default=False)


def database_url(url: str | None, instance_path: str) -> str:
    """Normalise DATABASE_URL: default SQLite file, psycopg 3 for PostgreSQL."""
    if not url:
        return f"sqlite:///{instance_path}/kring.db"
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def create_database(url: str, replace: bool = False) -> None:
    """Create the PostgreSQL database `url` names, dropping one of that name first with
    `replace` (tests and benchmarks start from an empty one); nothing for SQLite."""
    if not url.startswith("postgres"):
        return
    base, name = database_url(url, "").rsplit("/", 1)
    admin = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            if replace:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            elif connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
            ):
                return
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()


def configure_sqlite(engine: Engine) -> None:
    """WAL, foreign keys, a busy timeout, and BEGIN IMMEDIATE for units that write.

    With SQLite's default deferred BEGIN, a transaction that reads and then writes fails at
    once with "database is locked" when another process wrote in between. Requests that
    may write (not GET/HEAD/OPTIONS) and every @writes service take the write lock up front
    and wait for it instead; reads stay deferred so they never queue behind writers.
    """

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        for pragma in (
            "journal_mode=WAL",
            "foreign_keys=ON",
            f"busy_timeout={BUSY_SECONDS * 1000}",
            "synchronous=NORMAL",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    writers = _WriterTurns(engine) if serving.gevent_patched() else None

    @event.listens_for(engine, "begin")
    def _begin(connection):
        unsafe_request = has_request_context() and request.method not in SAFE_METHODS
        immediate = _writing.get() or unsafe_request
        if immediate and writers is not None:
            writers.take(connection.info)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
        connection.info["kring_immediate"] = immediate


_WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b", re.IGNORECASE)


class _WriterTurns:
    """Under gevent, this process's greenlets take SQLite's write lock in turn, waiting
    cooperatively for each other.

    SQLite's own busy wait sleeps inside C, which freezes the gevent hub and with it the
    greenlet that holds the lock (parked mid-transaction, say while its Markdown renders):
    both would sit out the whole busy_timeout. So a greenlet takes this (gevent) lock before
    BEGIN IMMEDIATE, or before the first write of a deferred transaction, and gives it back
    when the transaction ends. Other processes still meet SQLite's busy wait."""

    def __init__(self, engine: Engine):
        self._lock = threading.Lock()  # gevent's: the process is patched by now

        @event.listens_for(engine, "before_cursor_execute")
        def _before(connection, _cursor, statement, *_args):
            if _WRITE.match(statement):
                self.take(connection.info)

        for name in ("commit", "rollback"):
            event.listens_for(engine, name)(lambda connection: self.give_back(connection.info))
        for name in ("checkin", "close", "invalidate"):
            event.listens_for(engine.pool, name)(
                lambda _dbapi, record, *_args: record and self.give_back(record.info)
            )

    def take(self, info: dict) -> None:
        if info.get("kring_writer_turn"):
            return
        if not self._lock.acquire(timeout=BUSY_SECONDS):
            raise sqlite3.OperationalError("database is locked (waited for this process)")
        info["kring_writer_turn"] = True

    def give_back(self, info: dict) -> None:
        # gevent wakes a waiter on the hub's next turn, not here: the COMMIT that follows
        # this "commit" event runs first.
        if info.pop("kring_writer_turn", False):
            self._lock.release()


def writes(function):
    """Mark a function as a use-case: a read-write unit of work.

    The outermost unit commits when it returns and rolls back when it raises; a unit that
    runs inside another only flushes, so nesting never commits twice (mail-in posting, an
    interest that also replies). Jobs that work in batches commit each batch themselves.
    On SQLite a read transaction still open (a command that looked something up first) is
    ended so that the unit starts with BEGIN IMMEDIATE; nested units share it.
    """

    @wraps(function)
    def unit(*args, **kwargs):
        if _writing.get():
            return function(*args, **kwargs)
        session = db.session()  # the Session, not its scoped proxy
        if (
            session.in_transaction()
            and session.get_bind().dialect.name == "sqlite"
            and not session.connection().info.get("kring_immediate")
        ):
            session.commit()
        token = _writing.set(True)
        try:
            result = function(*args, **kwargs)
            session.commit()
            return result
        except BaseException:
            session.rollback()
            raise
        finally:
            _writing.reset(token)
            _release(session)

    return unit


def outside_transaction(function, *args):
    """`function(*args)`, slow work that needs no database (Pillow decoding images), with
    no transaction open: a request's transaction that has only read is ended first. On
    SQLite a request that may write began IMMEDIATE at its first query (the login or
    token check), so it holds the write lock until its unit commits: everyone's writes
    would wait for the work. Never inside a unit, whose work it would commit half done."""
    if _writing.get():
        raise RuntimeError("slow work without the database belongs before the unit")
    session = db.session()
    if session.in_transaction() and not (session.new or session.dirty or session.deleted):
        session.commit()  # it only read: nothing is written, the lock is let go
    return function(*args)


@contextmanager
def kept_after_commit():
    """Inside, a commit leaves the session's objects loaded (SQLAlchemy expires them all):
    for an answer made from what was just written, instead of read back."""
    session = db.session()
    expiring, session.expire_on_commit = session.expire_on_commit, False
    try:
        yield
    finally:
        session.expire_on_commit = expiring


def _release(session) -> None:
    """Reading an expired object after the unit's commit began a new transaction, and
    inside the unit that one began IMMEDIATE: end it, or it holds SQLite's write lock."""
    if (
        session.in_transaction()
        and session.get_bind().dialect.name == "sqlite"
        and session.connection().info.get("kring_immediate")
        and not (session.new or session.dirty or session.deleted)
    ):
        session.commit()


ID_MAX = 2**31 - 1  # ids are 32-bit integers in PostgreSQL
_DIGITS = re.compile(r"[0-9]{1,10}")


def as_id(value) -> int | None:
    """A database id from user input (int or digit string), or None if it can't be one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        value = int(value.strip())
    if isinstance(value, int) and 0 < value <= ID_MAX:
        return value
    return None


def upsert(entity):
    """INSERT for this database's dialect, so `.on_conflict_do_nothing()` is available."""
    dialect = db.session.get_bind().dialect.name
    return (postgresql if dialect == "postgresql" else sqlite).insert(entity)


def insert_ignore(table, rows: list[dict] | dict) -> int:
    """INSERT rows, skipping those that collide with a unique key; return how many went in."""
    rows = [rows] if isinstance(rows, dict) else rows
    if not rows:
        return 0
    dialect = db.session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    # Count what went in by what comes back: drivers disagree on rowcount here.
    statement = module.insert(table).on_conflict_do_nothing().returning(*table.primary_key.columns)
    return len(db.session.execute(statement, rows).all())


def on_commit(callback, key=None) -> None:
    """Run `callback()` after the current transaction commits (never if it rolls back).

    With a `key`, a callback is queued once per transaction however often it is asked
    for (say, one index drain for a unit that changed ten posts). Side effects such as
    pushes, job triggers and mail go here: the data is saved first, and a failing side
    effect is logged, never raised into the request.
    """
    session = db.session()
    if not session.in_transaction():
        # Belong to a transaction even before the unit touched the database: otherwise a
        # rollback has nothing to roll back, and the next commit would run the callback.
        session.begin()
    pending = session.info.setdefault("kring_on_commit", {})
    pending[key if key is not None else object()] = callback


def on_rollback(callback) -> None:
    """Run `callback()` if the current transaction rolls back (never once it commits):
    a file written for rows that were never stored is taken away again."""
    session = db.session()
    if not session.in_transaction():
        session.begin()
    session.info.setdefault("kring_on_rollback", {})[object()] = callback


def install_commit_hooks(session_class) -> None:
    if getattr(session_class, "_kring_hooks", False):
        return
    session_class._kring_hooks = True

    @event.listens_for(session_class, "after_commit")
    def _run(session):
        session.info.pop("kring_on_rollback", None)
        pending = session.info.pop("kring_on_commit", {})
        later = _after_response()
        if later is not None:
            later.callbacks.extend(pending.values())
            return
        _call_each(pending.values())
        if serving.gevent_patched():
            # A greenlet runs until it blocks, and SQLite never blocks in gevent's sense: a
            # job committing person after person (digests) would starve every socket.
            # Each commit gives the others a turn, starting with the pushes just queued.
            time.sleep(0)

    @event.listens_for(session_class, "after_rollback")
    def _forget(session):
        session.info.pop("kring_on_commit", None)
        for callback in session.info.pop("kring_on_rollback", {}).values():
            try:
                callback()
            except Exception:
                log.exception("after-rollback callback failed")


def _call_each(callbacks) -> None:
    for callback in callbacks:
        try:
            callback()
        except Exception:  # a side effect must never undo or fail a saved change
            log.exception("after-commit callback failed")


class _AfterResponse:
    """A request's after-commit callbacks, held until its response has gone out."""

    KEY = "kring.after_response"

    def __init__(self, app):
        self.app = app
        self.callbacks: list = []
        self.attached = False

    def run(self) -> None:
        callbacks, self.callbacks = self.callbacks, []
        with self.app.app_context():
            _call_each(callbacks)


def _after_response() -> _AfterResponse | None:
    """Under gevent a request's side effects (the fan-out's kick, pushes) wait until its
    response is sent: run at commit, they took the hub from the request that committed,
    and the fan-out held SQLite's write turn while the request read again for its answer.
    None where they run at commit (threads, jobs, commands, or once the response is made)."""
    if not (serving.gevent_patched() and has_request_context()):
        return None
    later = request.environ.get(_AfterResponse.KEY)
    if later is None:
        later = request.environ[_AfterResponse.KEY] = _AfterResponse(
            current_app._get_current_object()
        )
    return None if later.attached else later


def run_after_response(app) -> None:
    """Hand a request's held callbacks to its response (run when the server closes it, after
    the last byte), or run them at teardown when no response was made (an error); a file's
    response, which Werkzeug never closes, runs them as it leaves the view."""

    @app.after_request
    def _attach(response):
        later = request.environ.get(_AfterResponse.KEY)
        if later is not None and not later.attached:
            later.attached = True
            if response.direct_passthrough:
                # A file (send_file) goes to the server as it is, never wrapped in an
                # iterator that calls the response's close: run them now, or never.
                later.run()
            else:
                response.call_on_close(later.run)
        return response

    @app.teardown_request
    def _unsent(_error=None):
        later = request.environ.get(_AfterResponse.KEY)
        if later is not None and not later.attached:
            later.attached = True
            later.run()
