"""Links for outside the browser (e-mail, share links, the API): on the address people
reach Kring at, KRING_BASE_URL, or, when it is not set, where this server listens."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

from flask import current_app, url_for

_LOOPBACK = ("127.0.0.1", "localhost", "::1")


def derived_base_url(host: str, port: int) -> str:
    """Where `python wsgi.py` serves on HOST:PORT, as a browser on another machine would
    write it (a server on every interface is reached by this machine's name)."""
    if host in ("", "0.0.0.0", "::"):
        host = socket.getfqdn()
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def settle_base_url(config) -> None:
    """KRING_BASE_URL as configured, or made from HOST and PORT (and remembered as made)."""
    config["KRING_BASE_URL_DERIVED"] = not config.get("KRING_BASE_URL")
    if config["KRING_BASE_URL_DERIVED"]:
        config["KRING_BASE_URL"] = derived_base_url(config["HOST"], int(config["PORT"]))
    config["KRING_BASE_URL"] = config["KRING_BASE_URL"].rstrip("/")


def base_url_warning(config) -> str | None:
    """What to say at start-up when production (gevent, or a server reachable from other
    machines) makes its links from HOST and PORT instead of KRING_BASE_URL."""
    production = config.get("KRING_SERVER") == "gevent" or config["HOST"] not in _LOOPBACK
    if not (config.get("KRING_BASE_URL_DERIVED") and production):
        return None
    return (
        f"KRING_BASE_URL is not set: links in e-mail and share links point to "
        f"{config['KRING_BASE_URL']}. Set it to the address people reach Kring at "
        f"(behind a proxy: https://kring.example.nl)."
    )


def embed_origins(value: str | None) -> list[str]:
    """KRING_EMBED_ORIGINS as origins (`https://host[:port]`); a ValueError names a bad one."""
    origins = []
    for item in (value or "").replace(",", " ").split():
        parts = urlsplit(item)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in "/":
            raise ValueError(
                f"KRING_EMBED_ORIGINS: {item!r} is not an origin such as https://intranet.example.nl"
            )
        if parts.query or parts.fragment or parts.username:
            raise ValueError(f"KRING_EMBED_ORIGINS: {item!r} is not an origin")
        origins.append(f"{parts.scheme}://{parts.netloc}")
    return origins


def base_url() -> str:
    return current_app.config["KRING_BASE_URL"]


def absolute_url(endpoint: str, **values) -> str:
    """A link for outside the browser (e-mail): on the base URL, not the request's host."""
    return base_url() + url_for(endpoint, **values)
