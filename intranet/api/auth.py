"""Who is calling the API: a bearer token, or a browser's session with its CSRF header."""

from __future__ import annotations

from flask import current_app, g, request
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.tokens import bearer_user
from ..extensions import csrf
from .errors import PREFIX, api_error, is_api_request

PUBLIC = {f"{PREFIX}/openapi.json"}


def authenticate():
    """Bearer token, or the browser's session (then unsafe methods need the CSRF header)."""
    if not is_api_request() or request.path in PUBLIC:
        return None
    header = request.headers.get("Authorization", "")
    if header:
        user = bearer_user(header)
        if user is None:
            return api_error(401, "unauthorized", _("This API token is not valid."))
        g.api_user = user
    elif current_user.is_authenticated:
        if current_app.config["WTF_CSRF_ENABLED"]:
            csrf.protect()  # a browser's session: unsafe methods need the X-CSRFToken header
        g.api_user = current_user._get_current_object()
    else:
        return api_error(401, "unauthorized", _("Send an API token: Authorization: Bearer …"))
    g.language = g.api_user.language
    return None


def viewer():
    return g.api_user


def caller_id() -> int | None:
    """Who is asking, by API token or by session; None when nobody is logged in."""
    user = g.get("api_user") or current_user
    return user.id if user is not None and user.is_authenticated else None
