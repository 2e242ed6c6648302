"""What a balancer in front of several nodes needs from the pages: the `kring_node` cookie.

A browser's socket lives in one node's process (Socket.IO's polling transport sends each
request of a session to the node that opened it), so nginx hashes this cookie to pick the
node for every request of that browser (`deploy/nginx.conf`). It is random and says
nothing: not the session, which changes at login and must not be readable by the proxy's
logs. Set once someone is logged in (at login, sign-up, or a remembered login), kept for
the browser's session; logging out keeps it.
"""

from __future__ import annotations

import secrets

from flask import Flask, current_app, request, session

NODE_COOKIE = "kring_node"


def _keep_on_one_node(response):
    if (
        NODE_COOKIE not in request.cookies
        and request.endpoint != "static"
        and "_user_id" in session  # Flask-Login's: someone is logged in
    ):
        response.set_cookie(
            NODE_COOKIE,
            secrets.token_urlsafe(12),
            httponly=True,
            samesite="Lax",
            secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        )
    return response


def register(app: Flask) -> None:
    app.after_request(_keep_on_one_node)
