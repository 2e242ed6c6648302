"""What every page view shares: where to go back to, flashing errors, htmx, next pages."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, request, url_for


def safe_next(default: str = "feed.index") -> str:
    """The local page to return to (`next` field or parameter); never another site."""
    target = (request.values.get("next") or "").strip()
    parts = urlsplit(target)
    if (
        target.startswith("/")
        and not target.startswith(("//", "/\\"))
        and not parts.scheme
        and not parts.netloc
        and "\\" not in target
        and not any(c < " " for c in target)
    ):
        return target
    return url_for(default)


def back(default: str = "feed.index"):
    return redirect(safe_next(default), code=303)


def is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def flash_error(error) -> None:
    """Flash a service error (DomainError) in the reader's language."""
    fields = getattr(error, "fields", None) or {}
    flash(str(error.message) if not fields else " ".join(str(m) for m in fields.values()), "error")


def next_page_url(cursor: str) -> str:
    """This page again, with the same filters, starting after `cursor`."""
    args = {k: v for k, v in request.args.items() if k != "cursor"}
    return url_for(request.endpoint, **(request.view_args or {}), **args, cursor=cursor)
