"""Which search backend answers: SEARCH_BACKEND, "whoosh" (the default: an index in this
machine's instance folder) or "postgres" (PostgreSQL full-text search in the database
itself, for any number of machines)."""

from __future__ import annotations

from flask import current_app

BACKENDS = ("whoosh", "postgres")


class SettingRefused(RuntimeError):
    """A search setting Kring can't start with; the message says what to change."""


def uses_postgres() -> bool:
    return current_app.config.get("SEARCH_BACKEND") == "postgres"


def check_setting(backend: str | None, database_uri: str) -> None:
    """Refuse at start-up what could only fail later, with what to do about it."""
    if backend not in BACKENDS:
        raise SettingRefused(
            f"SEARCH_BACKEND={backend!r} is not a search backend: use one of "
            + ", ".join(BACKENDS)
            + "."
        )
    if backend == "postgres" and not database_uri.startswith("postgresql"):
        raise SettingRefused(
            "SEARCH_BACKEND=postgres searches inside PostgreSQL, but DATABASE_URL is not a "
            "PostgreSQL database. Set DATABASE_URL to PostgreSQL, or use SEARCH_BACKEND=whoosh."
        )
