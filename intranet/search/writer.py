"""The index writer's own process, on the embedded default (one machine, in-process jobs).

Whoosh is pure Python: a commit with its segment merges computes for tens to hundreds of
ms, and in the serving process that time is taken from requests and pushes (the GIL, or
gevent's hub). So the serving process only rings: `wake()` writes a byte down a pipe, and
a process of its own drains the index queue, in large batches (whatever was queued while
it wrote, plus what arrives within `GATHER` seconds of a wake, goes into one commit). The
queue table stays the truth: a lost wake, a dead writer or a full pipe costs a sweep
interval (the writer drains every `SWEEP` seconds anyway), never a change.

With REDIS_URL the consumers (`jobs run`) drain the index themselves: they are not serving.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import pickle
import sys
import threading
import time

from flask import Flask

from ..extensions import db
from ..text.bounded import without_main
from . import indexer

log = logging.getLogger("kring.search")
GATHER = 0.25  # after a wake, wait this long for more changes: one commit for all of them
SWEEP = 30.0  # drain at least this often, woken or not


def _settings(app: Flask) -> dict:
    """The app's settings that can cross to the writer process (it builds its own app)."""
    settings = {"INSTANCE_PATH": app.instance_path, "KRING_TRIGGER_JOBS": False}
    for name, value in app.config.items():
        with contextlib.suppress(Exception):
            pickle.dumps(value)
            settings.setdefault(name, value)
    return settings


def _serve(factory, settings: dict, bell) -> None:
    """The writer's life: drain when woken (or every SWEEP seconds) until the parent goes."""
    app = factory(settings)
    while True:
        try:
            if bell.poll(SWEEP):
                _hush(bell)
                time.sleep(GATHER)
                _hush(bell)
        except (EOFError, OSError):
            return  # the serving process went away
        with app.app_context():
            try:
                indexer.drain()
            except Exception:  # logged; the rows stay queued for the next drain
                log.exception("draining the search index failed")
            finally:
                db.session.remove()


def _hush(bell) -> None:
    while bell.poll(0):
        bell.recv_bytes()


class Writer:
    """The serving process's handle on its index writer process."""

    def __init__(self):
        self._lock = threading.Lock()
        self._process = None
        self._bell = None
        self._settings: dict | None = None
        self._factory = None

    def start(self, app: Flask) -> None:
        with self._lock:
            self._settings = _settings(app)
            # The app factory, handed over by reference (the child imports it by name):
            # the package is loaded, since the app is; importing it here would be a cycle.
            self._factory = sys.modules["intranet"].create_app
            self._start()

    def _start(self) -> None:
        context = multiprocessing.get_context("spawn")
        # One-way pipe: a duplex Pipe() is a socketpair, which gevent's patched socket
        # module does not hand over to the child intact (as for the Markdown workers).
        listen, self._bell = context.Pipe(duplex=False)
        with without_main():
            self._process = context.Process(
                target=_serve,
                args=(self._factory, self._settings, listen),
                daemon=True,
                name="kring-index",
            )
            self._process.start()
        listen.close()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def wake(self) -> bool:
        """Ask the writer process to drain; False when there is none (drain here instead).
        A writer that died is started again."""
        with self._lock:
            if self._process is None:
                return False
            if not self._process.is_alive():
                log.warning(
                    "the index writer process died (%s); starting another", self._process.exitcode
                )
                self._bell.close()
                self._start()
            try:
                self._bell.send_bytes(b"!")
            except OSError:  # a broken pipe: the next wake finds the process dead
                return False
            return True

    def stop(self) -> None:
        with self._lock:
            if self._process is None:
                return
            self._bell.close()  # the writer sees the end of its pipe and returns
            self._process.join(10)
            if self._process.is_alive():
                self._process.kill()
            self._process = self._bell = None


writer = Writer()
