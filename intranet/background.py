"""Everything Kring runs beside its requests, and the one place that starts it.

What runs, and how, by server (`platform.serving` tells which one this process is):

- the Huey consumer (its workers and the periodic scheduler), when jobs run in process
  (the embedded default, or `KRING_JOBS_IN_PROCESS`): threads under Werkzeug
  (`python wsgi.py`), greenlets under gevent (`KRING_SERVER=gevent`);
- the two kicker lanes, `kring-kicker` (the search index) and `kring-kicker-fanout`, with
  the consumer: threads, or greenlets whose index drain runs in gevent's real thread pool;
- the Markdown workers, in every serving process: processes over pipes, on either server;
- `flask --app wsgi jobs run`: a consumer in a process of its own (with REDIS_URL).

`create_app()` only configures (`configure`): the queue's storage, and the task table, so
that any process, a `flask` command included, can ask for a task by its name. Nothing starts
on import or on a first request; the server entry point calls `init_background(app)`.
"""

from __future__ import annotations

import threading

from flask import Flask

from . import tasks  # noqa: F401 - the task table, so any process can ask for a task by name
from .platform import queue, serving
from .text.bounded import renderer


def configure(app: Flask) -> None:
    """Where jobs are queued (SQLite in the instance folder, or Redis). Starts nothing."""
    queue.configure(app)


def init_background(app: Flask) -> list[str]:
    """Start what this serving process runs beside its requests; returns their names."""
    started = [f"server: {serving.server_name()}"]
    threading.Thread(target=renderer.warm, name="kring-warm-up", daemon=True).start()
    started.append(f"markdown workers: {renderer.processes} processes")
    if queue.runs_in_process(app):
        queue.start_consumer()
        started.append("job consumer and kicker lanes (in process)")
    return started
