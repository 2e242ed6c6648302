"""Links for outside the browser (e-mail, share links, the API): on KRING_BASE_URL."""

from __future__ import annotations

from flask import current_app, url_for


def absolute_url(endpoint: str, **values) -> str:
    """A link for outside the browser (e-mail): on KRING_BASE_URL, not the request's host."""
    return current_app.config["KRING_BASE_URL"].rstrip("/") + url_for(endpoint, **values)
