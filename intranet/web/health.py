"""`GET /healthz` (the process lives) and `GET /readyz` (can this node serve?), for the
balancer and the operator's monitoring.

Ready means the database answers, Redis answers (when configured) and the node is not
draining; otherwise 503. The search backend and the jobs' backlog are reported but never
make a node unready: every node shares them, so taking nodes out for them would turn a
slow search or a mail backlog into an outage.
"""

from __future__ import annotations

import time

import redis
from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from ..extensions import db
from ..platform import push, queue, serving
from ..search import health as search_health

bp = Blueprint("health", __name__)
_redis: dict[str, redis.Redis] = {}


def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        found = check() or {}
    except Exception as error:  # whatever is down, the answer is JSON
        return {"ok": False, "error": f"{type(error).__name__}: {error}"[:300]}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1), **found}


def _database() -> None:
    db.session.execute(text("SELECT 1"))


def _redis_ping() -> None:
    url = current_app.config["REDIS_URL"]
    if url not in _redis:
        _redis[url] = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
    _redis[url].ping()


@bp.route("/healthz")
def healthz():
    return jsonify(status="ok")


@bp.route("/readyz")
def readyz():
    checks = {"database": _timed(_database)}
    if current_app.config.get("REDIS_URL"):
        checks["redis"] = _timed(_redis_ping)
    ready = all(check["ok"] for check in checks.values()) and not serving.draining()
    checks["search"] = _timed(search_health.check)  # its own "ok" says if it can search
    checks["jobs"] = _timed(queue.backlog)
    db.session.remove()
    status = "draining" if serving.draining() else "ready" if ready else "not ready"
    body = {"status": status, "server": serving.server_name(), "sockets": push.open_sockets()}
    return jsonify(body | checks), 200 if ready else 503
