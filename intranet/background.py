"""Everything Kring runs beside its requests, and the one place that starts it.

What runs, and how, by server (`platform.serving` tells which one this process is):

- the Huey consumer (its workers and the periodic scheduler), when jobs run in process
  (the embedded default, or `KRING_JOBS_IN_PROCESS`): threads under Werkzeug
  (`python wsgi.py`), greenlets under gevent (`KRING_SERVER=gevent`);
- the kicker lanes, `kring-kicker` (the search index: with a writer process, only its
  ring), `kring-kicker-fanout` and `kring-kicker-outgoing`, with the consumer: threads, or
  greenlets whose index drain runs in gevent's real thread pool;
- the Markdown workers, in every serving process: processes over pipes, on either server;
- the search index writer (`search.writer`), with an in-process consumer and Whoosh: a
  process over a pipe, so no Whoosh commit ever computes in the serving process;
- `flask --app wsgi jobs run`: a consumer in a process of its own (with REDIS_URL).

Under gunicorn (`gunicorn.conf.py`, production) its `post_worker_init` hook calls
`init_background(app)` and `on_sigterm(app)`: on SIGTERM the node drains (`drain`).

`create_app()` only configures (`configure`): the queue's storage, and the task table, so
that any process, a `flask` command included, can ask for a task by its name. Nothing starts
on import or on a first request; the server entry point calls `init_background(app)`.
"""

from __future__ import annotations

import logging
import signal
import threading

from flask import Flask

from . import tasks  # noqa: F401 - the task table, so any process can ask for a task by name
from .platform import push, queue, serving
from .search.writer import writer as index_writer
from .text.bounded import renderer

log = logging.getLogger("kring.serving")


def configure(app: Flask) -> None:
    """Where jobs are queued (SQLite in the instance folder, or Redis). Starts nothing."""
    queue.configure(app)


def init_background(app: Flask) -> list[str]:
    """Start what this serving process runs beside its requests; returns their names."""
    started = [f"server: {serving.server_name()}"]
    threading.Thread(target=renderer.warm, name="kring-warm-up", daemon=True).start()
    started.append(f"markdown workers: {renderer.processes} processes")
    if queue.runs_in_process(app):
        if (app.config.get("SEARCH_BACKEND") or "whoosh") == "whoosh":
            index_writer.start(app)  # before the consumer: its first sweep wakes it
            started.append("search index writer: a process of its own")
        queue.start_consumer()
        started.append("job consumer and kicker lanes (in process)")
    serving.settle_heap()
    return started


def drain(app: Flask) -> int:
    """This node is going away: refuse new sockets (the balancer tries another node), close
    the open ones so that their clients reconnect elsewhere and fetch what they missed, and
    take no new job. Requests in flight finish; the server stops accepting on its own.
    Returns how many sockets were sent away."""
    serving.start_draining()
    if queue.runs_in_process(app):
        threading.Thread(target=queue.stop_consumer, name="kring-stop-jobs", daemon=True).start()
    sent = push.send_sockets_elsewhere()
    log.info("draining: sent %d sockets elsewhere", sent)
    return sent


def on_sigterm(app: Flask) -> None:
    """Drain on SIGTERM, after what the server itself does on it (gunicorn: stop accepting,
    wait for requests in flight)."""
    previous = signal.getsignal(signal.SIGTERM)

    def handle(signum, frame):
        if callable(previous):
            previous(signum, frame)
        # Not inside the signal handler, which under gevent runs in the hub and may not
        # block: closing sockets does.
        if serving.gevent_patched():
            from gevent import spawn  # only here when gevent runs this process

            spawn(drain, app)
        else:
            threading.Thread(target=drain, args=(app,), name="kring-drain", daemon=True).start()

    signal.signal(signal.SIGTERM, handle)
    signal.siginterrupt(signal.SIGTERM, False)  # as gunicorn has it: requests carry on
