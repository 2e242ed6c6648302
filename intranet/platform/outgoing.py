"""Posting JSON to someone else's server (a Teams or Slack webhook): https only, never to
an address inside the network unless configured, signed, with short time-outs.

A URL is checked when it is saved and again, by the addresses its host resolves to now,
when it is used; the request then goes to the address that was checked (the host name is
still sent for TLS and in the Host header), so a name that resolves elsewhere a moment
later (DNS rebinding) can't steer it inside. Redirects are not followed.

Every request is signed: `X-Kring-Signature: sha256=<hex>` is the HMAC-SHA256, keyed with
the webhook's secret, of `<X-Kring-Timestamp>.<body>`.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import urllib3
from flask import current_app

TIMEOUT = urllib3.Timeout(connect=5.0, read=10.0)
USER_AGENT = "Kring-Webhook/1"

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class RefusedURL(ValueError):
    """The URL may not be used; `reason` says why in a word (scheme, host, private, port)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Result:
    status: int | None  # the HTTP status, None when no answer came
    error: str | None  # None: delivered (a 2xx)
    retry: bool = True  # worth trying again later

    @property
    def ok(self) -> bool:
        return self.error is None


def allowed_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """Networks that are not public but that webhooks may reach all the same (a receiver
    on the company network; 127.0.0.1 in tests), from KRING_WEBHOOK_ALLOWED_NETWORKS."""
    raw = current_app.config.get("KRING_WEBHOOK_ALLOWED_NETWORKS") or ""
    return [ipaddress.ip_network(n.strip(), strict=False) for n in raw.split(",") if n.strip()]


def _plain(address: Address) -> Address:
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def _allowed(address: Address, networks) -> bool:
    return any(address in network for network in networks)


def _public(address: Address) -> bool:
    return address.is_global and not address.is_multicast


def split(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path with query) of a URL Kring may post to, syntax only."""
    if not isinstance(url, str) or len(url) > 2000 or any(c.isspace() for c in url):
        raise RefusedURL("syntax")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise RefusedURL("syntax") from None
    if parts.scheme not in ("https", "http"):
        raise RefusedURL("scheme")
    if not parts.hostname or parts.username or parts.password:
        raise RefusedURL("host")
    port = port or (443 if parts.scheme == "https" else 80)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port, path


def resolve(url: str) -> tuple[str, str, int, str, Address]:
    """Check `url` now: (scheme, host, port, path, the address to connect to). Plain http
    and addresses that aren't public only reach KRING_WEBHOOK_ALLOWED_NETWORKS."""
    scheme, host, port, path = split(url)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise RefusedURL("unknown_host") from None
    addresses = [_plain(ipaddress.ip_address(info[4][0].split("%")[0])) for info in infos]
    if not addresses:
        raise RefusedURL("unknown_host")
    networks = allowed_networks()
    inside = [a for a in addresses if _allowed(a, networks)]
    if len(inside) != len(addresses):
        # Any address outside the allowed networks must be public, and so must all of them:
        # a host that resolves to one public and one internal address is refused.
        if inside or not all(_public(a) for a in addresses):
            raise RefusedURL("private")
        if scheme != "https":
            raise RefusedURL("scheme")
    return scheme, host, port, path, addresses[0]


def sign(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def post_json(url: str, payload: dict, secret: str, headers: dict | None = None) -> Result:
    """POST `payload` as JSON to `url`, signed with `secret`. Never raises for what the
    network or the receiver does: the Result says how it went."""
    try:
        scheme, host, port, path, address = resolve(url)
    except RefusedURL as refused:
        return Result(None, f"refused: {refused.reason}", retry=refused.reason == "unknown_host")
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    timestamp = str(int(time.time()))
    all_headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "Host": host if port in (80, 443) else f"{host}:{port}",
        "X-Kring-Timestamp": timestamp,
        "X-Kring-Signature": sign(secret, timestamp, body),
        **(headers or {}),
    }
    options = {"timeout": TIMEOUT, "retries": False, "maxsize": 1}
    if scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            str(address), port, server_hostname=host, assert_hostname=host, **options
        )
    else:
        pool = urllib3.HTTPConnectionPool(str(address), port, **options)
    try:
        with pool:
            response = pool.urlopen(
                "POST", path, body=body, headers=all_headers, redirect=False, preload_content=False
            )
            answer = response.read(300, decode_content=False).decode("utf-8", "replace")
            response.release_conn()
    except urllib3.exceptions.HTTPError as error:
        return Result(None, f"{type(error).__name__}: {error}"[:300])
    if 200 <= response.status < 300:
        return Result(response.status, None)
    # Too many requests, a time-out or the receiver's own trouble pass; anything else (the
    # channel was removed, the URL is wrong) will say the same next time.
    retry = response.status in (408, 425, 429) or response.status >= 500
    return Result(response.status, f"HTTP {response.status} {answer.strip()}"[:300], retry)
