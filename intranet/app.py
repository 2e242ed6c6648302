"""The application factory: settings, extensions, blueprints, commands."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.session import Session
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from . import background, cli, i18n
from . import config as default_config
from .accounts import logins
from .api import init_api
from .api.auth import caller_id
from .extensions import babel, csrf, db, limiter, login_manager, migrate, socketio
from .links import embed_origins, settle_base_url
from .platform import actions, inputs, logs, serving
from .platform.clock import zone
from .platform.database import (
    configure_sqlite,
    database_url,
    install_commit_hooks,
    run_after_response,
)
from .search import choice, pg_documents
from .web import errors as web_errors
from .web import register_web


class DatabaseId(IntegerConverter):
    """<int:…> in routes: a number that can be a database id (larger ones are 404)."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)


def _load_settings(app: Flask, test_config: dict | None) -> None:
    """Defaults, then instance/config.py, then the environment (or a test's dict)."""
    app.config.from_object(default_config.Defaults)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.update(default_config.from_environment())
    else:
        app.config.update(test_config)
    settle_base_url(app.config)
    embed_origins(app.config.get("KRING_EMBED_ORIGINS"))  # a bad origin stops the start here
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path))
    # One zone for the agency: Babel's default (people without a zone of their own) is it.
    zone(app.config["KRING_TIMEZONE"])  # a zone that doesn't exist stops the start here
    app.config["BABEL_DEFAULT_TIMEZONE"] = app.config["KRING_TIMEZONE"]


def _instance_secret(instance: Path) -> str:
    """A secret key generated once into the instance folder, readable only by its owner."""
    path = instance / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as file:
            file.write(secrets.token_hex(32))
    return path.read_text().strip()


def create_app(test_config: dict | None = None) -> Flask:
    root = Path(__file__).resolve().parent.parent
    instance = os.environ.get("KRING_INSTANCE_PATH") or str(root / "instance")
    if test_config and test_config.get("INSTANCE_PATH"):
        instance = test_config["INSTANCE_PATH"]
    app = Flask(
        __name__,
        instance_path=str(Path(instance).resolve()),
        instance_relative_config=True,
        static_folder=str(root / "static"),
        template_folder=str(root / "templates"),
    )
    # Every form, query string and JSON body is read without control characters, within
    # bounds (platform.inputs), before any schema sees it.
    inputs.init_app(app)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    _load_settings(app, test_config)
    logs.init_app(app)  # first: every request has its id before anything else runs
    app.url_map.converters["int"] = DatabaseId

    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(
        app.config.get("DATABASE_URL"), app.instance_path
    )
    # SEARCH_BACKEND=postgres on SQLite would only fail at the first search: refuse now.
    choice.check_setting(app.config.get("SEARCH_BACKEND"), app.config["SQLALCHEMY_DATABASE_URI"])
    if app.config.get("REDIS_URL") and app.config["RATELIMIT_STORAGE_URI"] == "memory://":
        app.config["RATELIMIT_STORAGE_URI"] = app.config["REDIS_URL"]
    db.init_app(app)
    install_commit_hooks(Session)
    run_after_response(app)
    pg_documents.install(Session)
    background.configure(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            configure_sqlite(db.engine)
    migrate.init_app(
        app, db, directory=str(root / "migrations"), render_as_batch=True, compare_type=True
    )
    csrf.init_app(app)
    limiter.init_app(app)
    logs.let_through("flask-limiter")  # its fall-back to memory when Redis is away is logged
    actions.init_app(app, person=caller_id)
    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)
    _init_login(app, login_manager)
    socketio.init_app(
        app,
        message_queue=app.config.get("REDIS_URL"),
        channel=app.config["KRING_SOCKETIO_CHANNEL"],
        cors_allowed_origins=app.config.get("KRING_SOCKET_ORIGINS"),
        async_mode=app.config.get("SOCKETIO_ASYNC_MODE") or serving.socketio_async_mode(),
    )

    # A draining node opens no new socket (after Socket.IO's own middleware: outside it).
    app.wsgi_app = serving.RefuseSocketsWhileDraining(app.wsgi_app)

    register_web(app)
    init_api(app)
    web_errors.register(app)
    i18n.register(app)
    cli.register(app)
    _serve_https(app)
    _trust_proxies(app)
    return app


def _serve_https(app: Flask) -> None:
    """Served at an https address: cookies are only ever sent back over https, and HSTS
    keeps browsers there (per request too, for what a proxy says came over https)."""
    https = str(app.config.get("KRING_BASE_URL") or "").startswith("https://")
    if https:
        app.config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
    app.wsgi_app = serving.HttpsOnly(app.wsgi_app, always=https)


def _trust_proxies(app: Flask) -> None:
    """Behind KRING_PROXY_FIX reverse proxies, the visitor's address, scheme and host are
    the ones they forward (outermost, so Socket.IO sees them too)."""
    proxies = int(app.config.get("KRING_PROXY_FIX") or 0)
    if proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)


def _init_login(app: Flask, login_manager) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(logins.load)
