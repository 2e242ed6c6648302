"""What every page view shares: where to go back to, flashing errors, undo buttons, htmx,
next pages."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import marshmallow as ma
from flask import flash, make_response, redirect, request, url_for

from ..platform.actions import load


class Next(ma.Schema):
    next = ma.fields.String(load_default="")


def safe_next(default: str = "feed.index") -> str:
    """The local page to return to (`next` parameter or field); never another site."""
    target = (load(Next, "query")["next"] or load(Next, "form")["next"]).strip()
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


class Toggle(ma.Schema):
    undo = ma.fields.Boolean(load_default=False)


def undo() -> bool:
    """Does the button take something back (unlike, unfollow, leave)?"""
    return load(Toggle)["undo"]


def flash_error(error) -> None:
    """Flash a service error (DomainError) in the reader's language."""
    fields = getattr(error, "fields", None) or {}
    flash(str(error.message) if not fields else " ".join(str(m) for m in fields.values()), "error")


def next_page_url(cursor: str) -> str:
    """This page again, with the same filters, starting after `cursor`. The query string
    is kept as sent, beside url_for rather than through it: a filter named like one of
    its arguments (`endpoint`, `_method`) or like the page's own (`name` on /tags/<name>)
    can't clash with them."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "cursor"]
    path = url_for(request.endpoint, **(request.view_args or {}))
    return f"{path}?{urlencode([*args, ('cursor', cursor)])}"


# The digest's own HTML, in a frame of the settings page: its inline styles need a policy
# of their own (the pages allow none), and it may be framed by Kring's pages only.
PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; " + (
    "frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
)


def preview_page(preview):
    """A digest preview as a page of its own, for a frame (also the admins')."""
    html = preview.html if preview is not None else ""
    # A link in the preview opens in the window, not in the frame (Kring's pages refuse
    # to be framed).
    response = make_response(html.replace("<head>", '<head><base target="_top">', 1))
    response.headers["Content-Security-Policy"] = PREVIEW_CSP
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


def content_policy(form_action: str = "'self'") -> str:
    """The pages' Content-Security-Policy. Sockets go only to this origin (not `ws:` or
    `wss:`, which is any host), named outright because older browsers don't count ws(s)
    as 'self'."""
    socket = ("wss://" if request.is_secure else "ws://") + request.host
    return (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        f"connect-src 'self' {socket}; frame-ancestors 'none'; form-action {form_action}; "
        "base-uri 'self'"
    )
