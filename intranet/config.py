"""Default settings: no secrets here; instance/config.py and the environment override them."""

import os

# Settings that may come from the environment, with the type to read them as.
ENV_SETTINGS = {
    "SECRET_KEY": str,
    "DATABASE_URL": str,
    "SEARCH_BACKEND": str,
    "REDIS_URL": str,
    "MAIL_SERVER": str,
    "MAIL_PORT": int,
    "MAIL_USERNAME": str,
    "MAIL_PASSWORD": str,
    "MAIL_USE_TLS": bool,
    "MAIL_DEFAULT_SENDER": str,
    "KRING_BASE_URL": str,
    "KRING_SIGNUP_DOMAINS": str,
    "KRING_DEFAULT_LANGUAGE": str,
    "KRING_TIMEZONE": str,
    "KRING_JOBS_IN_PROCESS": bool,
    "KRING_SOCKETIO_CHANNEL": str,
    "KRING_MAIL_DOMAIN": str,
    "KRING_MAIL_TRUSTED_AUTHSERV": str,
    "KRING_AGENCY_NAME": str,
    "KRING_AGENCY_COUNTRY": str,
    "KRING_CANDIDATE_RETENTION_DAYS": int,
    "KRING_REFERRAL_RETENTION_DAYS": int,
    "RATELIMIT_ENABLED": bool,
    "KRING_PROXY_FIX": int,
    "KRING_WEBHOOK_ALLOWED_NETWORKS": str,
    "KRING_WEBHOOK_MAX_FAILURES": int,
    "KRING_EMBED_ORIGINS": str,
    "KRING_OIDC_ISSUER": str,
    "KRING_OIDC_CLIENT_ID": str,
    "KRING_OIDC_CLIENT_SECRET": str,
    "KRING_OIDC_NAME": str,
    "KRING_OIDC_SCOPES": str,
    "KRING_PASSWORD_LOGIN": bool,
    "HOST": str,
    "PORT": int,
    "KRING_SERVER": str,
    "KRING_JOBS_QUEUE": str,
    "KRING_LOG_JSON": bool,
}


class Defaults:
    SECRET_KEY = None  # generated into the instance folder on first run
    DATABASE_URL = None  # None: SQLite file in the instance folder
    SEARCH_BACKEND = "whoosh"
    REDIS_URL = None
    MAIL_SERVER = None
    MAIL_PORT = 25
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    MAIL_USE_TLS = False
    MAIL_DEFAULT_SENDER = "Kring <kring@localhost>"
    # The address people reach Kring at, for links in e-mail and share links. Unset: made
    # from HOST and PORT, where `python wsgi.py` serves (links.derived_base_url).
    KRING_BASE_URL = None
    HOST = "127.0.0.1"
    PORT = 5000
    KRING_SERVER = None  # gevent: production's server (wsgi.py)
    KRING_AGENCY_NAME = None  # the agency the public vacancy pages speak for (unset: none)
    KRING_AGENCY_COUNTRY = "NL"  # where its vacancies are, for search engines (ISO 3166)
    # How many reverse proxies in front of Kring set X-Forwarded-For/-Proto/-Host: their
    # word is trusted for the visitor's address (counting, rate limits), scheme and host.
    # 0: none (a visitor could otherwise claim any address).
    KRING_PROXY_FIX = 0
    # Comma-separated e-mail domains whose addresses may sign up without an invitation.
    KRING_SIGNUP_DOMAINS = ""
    KRING_DEFAULT_LANGUAGE = "nl"
    KRING_LANGUAGES = ("nl", "en")
    # The agency's zone: closing dates, the calendar year, working hours, analytics days,
    # the vacancy calendar, and how times read for people without a zone of their own.
    KRING_TIMEZONE = "Europe/Amsterdam"
    KRING_PAGE_SIZE = 20
    KRING_BODY_MAX = 10_000
    KRING_RENDER_TIMEOUT = 0.75  # seconds a body may take to render (the reply stays under 1 s)
    KRING_CANDIDATE_RETENTION_DAYS = 28
    # Days a referral's personal data is kept after it ended (hired or rejected).
    KRING_REFERRAL_RETENTION_DAYS = 28
    KRING_PASSWORD_METHOD = "scrypt"
    # Run the job consumer in a thread of the web process (the embedded default). With
    # REDIS_URL, run `flask --app wsgi jobs run` processes instead, or set this to True.
    KRING_JOBS_IN_PROCESS = None  # None: yes without REDIS_URL, no with it
    KRING_SOCKETIO_CHANNEL = "kring-socketio"  # the Redis channel processes share
    # The job queue's name (its Redis keys): two Kring installations on one Redis differ.
    KRING_JOBS_QUEUE = "kring"
    # One JSON object per log line, with the request's id (also in X-Request-Id).
    KRING_LOG_JSON = False
    # The domain of the posting addresses (kring+<token>@domain); default: the sender's.
    KRING_MAIL_DOMAIN = None
    # Local parts that choose the type of a post sent by e-mail (vacature+<token>@…).
    KRING_MAIL_TYPE_ALIASES = {
        "vacature": "vacancy",
        "vacancy": "vacancy",
        "kandidaat": "candidate_offer",
        "signaal": "client_signal",
        "signal": "client_signal",
        "reputatie": "reputation_alert",
    }
    KRING_MAIL_IN_PER_MINUTE = 50
    # The authserv-id of the mail server that receives for Kring: when set, mail in is
    # only accepted with a DKIM or DMARC pass in that server's Authentication-Results.
    KRING_MAIL_TRUSTED_AUTHSERV = None
    # Webhooks (Teams, Slack) only reach https URLs on public addresses; networks listed
    # here (comma-separated, e.g. "10.20.0.0/16") may be reached too, over http as well.
    KRING_WEBHOOK_ALLOWED_NETWORKS = ""
    # Failed attempts in a row after which a webhook is disabled (its owner gets a mail).
    KRING_WEBHOOK_MAX_FAILURES = 10
    # Sites that may show the vacancies widget (/embed/vacancies) in an <iframe>, e.g.
    # "https://intranet.example.nl https://werkenbij.example.nl" (space or comma
    # separated); none: only Kring's own pages may.
    KRING_EMBED_ORIGINS = ""
    # Single sign-on over OpenID Connect: the issuer (its discovery document is read from
    # <issuer>/.well-known/openid-configuration), the client registered there, and the
    # name the login page shows ("Sign in with …"; guessed from the issuer when unset).
    KRING_OIDC_ISSUER = None
    KRING_OIDC_CLIENT_ID = None
    KRING_OIDC_CLIENT_SECRET = None
    KRING_OIDC_NAME = None
    KRING_OIDC_SCOPES = "openid email profile"
    # False: only single sign-on logs in (no password form, no sign-up by e-mail link).
    KRING_PASSWORD_LOGIN = True

    SQLALCHEMY_TRACK_MODIFICATIONS = False
    # A pooled connection is tested before use: after a database restart (or a dropped
    # connection) the next request gets a fresh one instead of an error.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = 60 * 60 * 24 * 30
    WTF_CSRF_TIME_LIMIT = None  # a composer left open over lunch must still post
    # Rate limits per action (platform.actions), in Flask-Limiter's notation: a page and
    # the API route of one action share one budget, counted per person when logged in
    # (session or API token) and per address otherwise. An action left out has no limit;
    # to change one, copy the table: {**Defaults.KRING_LIMITS, "post": "60 per minute"}.
    KRING_LIMITS = {
        "post": "30 per minute",
        "reply": "30 per minute",
        "refer": "20 per minute",
        "apply": "5 per minute;20 per hour",
        "search": "60 per minute",
        "login": "10 per minute",
        "signup": "5 per minute",
        "password_reset": "5 per minute;20 per hour",
        "sso": "20 per minute",
        "webhook": "30 per hour",
        "webhook_test": "10 per minute",
        "draft": "120 per minute",  # saved a second after typing stops, in every open tab
    }
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    # With the limits counted in Redis (REDIS_URL) and Redis unreachable, count in this
    # process's memory until it is back, and let an error from the storage through
    # (logged) rather than refuse the request: a limit fails open, a page never fails.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    BABEL_DEFAULT_LOCALE = "nl"  # BABEL_DEFAULT_TIMEZONE is KRING_TIMEZONE (app.py)

    API_TITLE = "Kring API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"


def from_environment(environ=os.environ) -> dict:
    """Read the settings named in ENV_SETTINGS from the environment, typed."""
    found = {}
    for name, kind in ENV_SETTINGS.items():
        raw = environ.get(name)
        if raw is None or raw == "":
            continue
        if kind is bool:
            found[name] = raw.strip().lower() in ("1", "true", "yes", "on")
        elif kind is int:
            found[name] = int(raw)
        else:
            found[name] = raw
    return found
