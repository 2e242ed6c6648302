"""Fixtures in the flaskr style, on the real database: SQLite by default, PostgreSQL when
TEST_DATABASE_URL is set. The schema is built by the migrations, once per run."""

from __future__ import annotations

import itertools
import os
import re
import shutil
from pathlib import Path

import pytest
from flask.globals import _cv_app
from flask.testing import FlaskClient
from mailsink import SmtpServer
from servers import free_port, live_database
from sqlalchemy import text
from support import CORPORA, PASSWORD  # noqa: F401 - re-exported for the fixtures

from intranet import create_app
from intranet.accounts import people, tokens
from intranet.extensions import db
from intranet.mailin.listener import serve as serve_mail_in
from intranet.models import User


def _search_backend() -> str:
    """PostgreSQL's own full-text search on PostgreSQL (TEST_SEARCH_BACKEND=whoosh: Whoosh
    there too), Whoosh on SQLite: one search suite, both backends."""
    if os.environ.get("TEST_DATABASE_URL"):
        return os.environ.get("TEST_SEARCH_BACKEND") or "postgres"
    return "whoosh"


def _database_url(tmp: Path) -> str:
    """SQLite in the worker's own temp folder, or a PostgreSQL database of the worker's
    own beside TEST_DATABASE_URL (`…_gw0`, `…_gw1`: pytest -n runs workers side by side)."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp}/test.db"
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return live_database(tmp, worker) if worker else url


@pytest.fixture(scope="session")
def instance_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("instance")


@pytest.fixture(scope="session")
def test_config(instance_dir) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "INSTANCE_PATH": str(instance_dir),
        "DATABASE_URL": _database_url(instance_dir),
        "SEARCH_BACKEND": _search_backend(),
        "KRING_PASSWORD_METHOD": "pbkdf2:sha256:1000",  # fast hashes; production uses scrypt
        "KRING_BASE_URL": "http://kring.test",
        "KRING_SIGNUP_DOMAINS": "brugwerk.example",
        "RATELIMIT_ENABLED": True,  # with no limits: a test sets the ones it counts (limits)
        "KRING_LIMITS": {},
        "KRING_TRIGGER_JOBS": False,  # tests drain the queues themselves (run_jobs)
        "SERVER_NAME": None,
    }


@pytest.fixture(scope="session")
def app(test_config):
    app = create_app(test_config)
    app.test_client_class = IsolatedClient
    with app.app_context():
        from flask_migrate import upgrade

        _drop_everything()
        upgrade()
    yield app
    from intranet.text.bounded import renderer

    renderer.close()
    with app.app_context():
        db.engine.dispose()


def _drop_everything() -> None:
    """Start from an empty database (a previous run may have left tables behind)."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    else:
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


def _empty_tables() -> None:
    """DELETE, children first (on PostgreSQL several times faster than TRUNCATE for
    tables this small)."""
    tables = [t.name for t in db.metadata.sorted_tables]
    with db.engine.begin() as connection:
        for table in reversed(tables):
            connection.execute(text(f'DELETE FROM "{table}"'))


@pytest.fixture(autouse=True)
def _clean_database(request):
    """Every test starts with empty tables (and leaves its rows for inspection on failure)."""
    if "app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        _empty_tables()
    from intranet.notifying.alerts import _cache as matcher_cache
    from intranet.search.whoosh_index import index_dir, searchers

    searchers.reset()
    # The emptied tables start the matcher's version again: a matcher cached by an
    # earlier test could carry the same number.
    matcher_cache.matcher = None
    shutil.rmtree(index_dir(app.instance_path), ignore_errors=True)
    yield


@pytest.fixture
def ctx(app):
    """An app context whose session is closed afterwards."""
    with app.app_context():
        yield
        db.session.remove()


_counter = itertools.count(1)


@pytest.fixture
def make_user(app, ctx):
    def make(role="employee", name=None, email=None, handle=None, **profile) -> User:
        n = next(_counter)
        user = people.create_user(
            email or f"user{n}@brugwerk.example",
            name or f"Persoon {n}",
            PASSWORD,
            role=role,
            handle=handle,
        )
        if profile:
            people.update_profile(user, profile)
        return user

    return make


class Web:
    """A logged-in browser session: CSRF tokens are read from the pages like a browser does."""

    def __init__(self, client):
        self.client = client
        self._token = None

    def token(self) -> str:
        if self._token is None:
            page = self.client.get("/settings/tokens").get_data(as_text=True)
            self._token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        return self._token

    def get(self, url, **kw):
        return self.client.get(url, **kw)

    def post(self, url, data=None, **kw):
        data = dict(data or {})
        data.setdefault("csrf_token", self.token())
        return self.client.post(url, data=data, **kw)


@pytest.fixture
def login(app):
    def do(user: User, remember=False) -> Web:
        client = app.test_client()
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        response = client.post(
            "/login",
            data={
                "email": user.email,
                "password": PASSWORD,
                "csrf_token": token,
                "remember": remember,
            },
        )
        assert response.status_code == 303, response.get_data(as_text=True)[:500]
        return Web(client)

    return do


class Api:
    """A JSON API client with a bearer token."""

    def __init__(self, client, secret):
        self.client = client
        self.headers = {"Authorization": f"Bearer {secret}"}

    def __getattr__(self, method):
        def call(url, json=None, **kw):
            headers = {**self.headers, **kw.pop("headers", {})}
            return getattr(self.client, method)(f"/api/v1{url}", json=json, headers=headers, **kw)

        return call


@pytest.fixture
def api(app):
    def make(user: User) -> Api:
        with app.app_context():
            _token, secret = tokens.create_token(db.session.merge(user), "test")
        return Api(app.test_client(), secret)

    return make


@pytest.fixture
def run_jobs(app):
    """Do the queued background work now (what the job consumer does after a commit)."""

    def run() -> None:
        from intranet.notifying.fanout import drain as drain_fanout
        from intranet.search.indexer import drain as drain_index

        with app.app_context():
            drain_fanout()
            drain_index()
            db.session.remove()

    return run


@pytest.fixture
def smtp(app):
    """A real SMTP server on loopback that Kring's mail goes to while the test runs."""
    server = SmtpServer()
    old = {k: app.config.get(k) for k in ("MAIL_SERVER", "MAIL_PORT")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port)
    yield server
    app.config.update(old)
    server.stop()


@pytest.fixture
def count_queries(app):
    """Count SQL statements run inside the `with` block."""
    from contextlib import contextmanager

    from sqlalchemy import event

    @contextmanager
    def counting():
        statements = []

        def before(conn, cursor, statement, *args):
            if (
                not statement.lstrip()
                .upper()
                .startswith(("BEGIN", "PRAGMA", "SAVEPOINT", "RELEASE", "COMMIT", "ROLLBACK"))
            ):
                statements.append(statement)

        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", before)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", before)

    return counting


class IsolatedClient(FlaskClient):
    """Each request runs in its own app context and database session, like a separate
    browser would; the test's own session is committed first so both see the same data."""

    def open(self, *args, **kwargs):
        if _cv_app.get(None) is not None:
            db.session.commit()
        token = _cv_app.set(None)
        try:
            return super().open(*args, **kwargs)
        finally:
            _cv_app.reset(token)


@pytest.fixture
def listener(app):
    """Kring's SMTP listener for mail in, on a free port of its own."""
    port = free_port()
    controller = serve_mail_in(app, "127.0.0.1", port)
    yield port
    controller.stop()
