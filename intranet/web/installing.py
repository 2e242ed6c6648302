"""Kring as an installable app: the web app manifest, the service worker (at the site's
root, so it may look after every page) and the page it shows when offline with nothing
better kept."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template, send_from_directory, url_for
from flask_babel import gettext as _

bp = Blueprint("installing", __name__)

THEME = "#1f5f5b"
BACKGROUND = "#f7f5f0"


def _icon(name: str, size: int, purpose: str = "any") -> dict:
    return {
        "src": url_for("static", filename=f"img/{name}"),
        "sizes": f"{size}x{size}",
        "type": "image/png",
        "purpose": purpose,
    }


@bp.route("/manifest.webmanifest")
def manifest():
    response = jsonify(
        {
            "name": "Kring",
            "short_name": "Kring",
            "description": _("Your colleagues' news, vacancies and signals"),
            "lang": str(current_app.jinja_env.globals["current_language"]()),
            "id": "/",
            "start_url": "/",
            "scope": "/",
            "display": "standalone",
            "theme_color": THEME,
            "background_color": BACKGROUND,
            "icons": [
                _icon("icon-192.png", 192),
                _icon("icon-512.png", 512),
                _icon("icon-maskable-512.png", 512, "maskable"),
            ],
        }
    )
    response.mimetype = "application/manifest+json"
    return response


@bp.route("/sw.js")
def service_worker():
    response = send_from_directory(current_app.static_folder, "js/sw.js", max_age=0)
    response.headers["Cache-Control"] = "no-cache"  # a new version is found at once
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.route("/offline")
def offline():
    """What a page not kept for offline shows without a connection (kept by the worker)."""
    return render_template("offline.html")
