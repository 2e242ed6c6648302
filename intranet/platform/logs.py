"""Logs an operator can follow across nodes: a request id on every request, and with
KRING_LOG_JSON one JSON object per line.

The id is the proxy's `X-Request-Id` when it sent a sane one (nginx.conf passes its own),
a new one otherwise; it goes back in the response's `X-Request-Id` and into every line
logged while the request runs, so one id finds a request in nginx's log and on its node.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, current_app, g, has_request_context, request
from flask.logging import default_handler

HEADER = "X-Request-Id"
SANE = re.compile(r"[A-Za-z0-9._:@/+=-]{1,128}")
# What a request's own line carries besides the message (`log.info(..., extra=…)`).
FIELDS = ("method", "path", "status", "duration_ms", "remote_addr", "job")

access = logging.getLogger("kring.request")


def request_id() -> str | None:
    return g.get("request_id") if has_request_context() else None


class JsonFormatter(logging.Formatter):
    """A log record as one JSON object: time, level, logger, message, the request's id."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = getattr(record, "request_id", None) or request_id()
        if rid:
            entry["request_id"] = rid
        for name in FIELDS:
            if hasattr(record, name):
                entry[name] = getattr(record, name)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _begin() -> None:
    given = request.headers.get(HEADER, "")
    g.request_id = given if SANE.fullmatch(given) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _end(response):
    rid = g.get("request_id")
    if not rid:
        return response
    response.headers[HEADER] = rid
    if current_app.config.get("KRING_LOG_JSON"):  # otherwise the server's access log says it
        access.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - g.request_started) * 1000, 1),
                "remote_addr": request.remote_addr,
            },
        )
    return response


def _log_as_json() -> None:
    """Every logger's lines go to stderr as JSON (once per process)."""
    root = logging.getLogger()
    if any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)


def let_through(name: str) -> None:
    """A library logger that adds a NullHandler to itself (Flask-Limiter, on each
    `init_app`) counts as handled, so with no handler on the root its warnings reach no
    one (Python's last-resort stderr handler only serves loggers with none): take the
    NullHandler away, so that "Rate limit storage unreachable" is said like Kring's own."""
    logger = logging.getLogger(name)
    for handler in list(logger.handlers):
        if isinstance(handler, logging.NullHandler):
            logger.removeHandler(handler)


def init_app(app: Flask) -> None:
    """Register first, so that the id exists before anything else runs for a request."""
    app.before_request(_begin)
    app.after_request(_end)
    if app.config.get("KRING_LOG_JSON"):
        _log_as_json()
        app.logger.removeHandler(default_handler)  # it would write each line twice
