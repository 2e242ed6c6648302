"""Render Markdown in a worker process with a deadline.

Python-Markdown is quadratic on some inputs ("[" * 10000 takes tens of seconds) and recurses
on deep nesting. Rendering happens in a few worker processes; a worker that misses its
deadline is killed and replaced, so no request waits past the deadline and no CPU keeps
burning on a hostile body.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import sys
import threading
import time

from . import markdown as md


class RenderError(Exception):
    """The body could not be rendered in time (or at all)."""


def _render_in_worker(body: str):
    try:
        return md.render(body)
    except RecursionError:
        return None


@contextlib.contextmanager
def without_main():
    """Start workers without re-running the main program in them (a script, wsgi.py):
    they only need this module, and a script that posts would otherwise post again."""
    main = sys.modules["__main__"]
    saved = {k: main.__dict__[k] for k in ("__file__", "__spec__") if k in main.__dict__}
    main.__dict__.pop("__file__", None)
    main.__spec__ = None
    try:
        yield
    finally:
        main.__dict__.update(saved)
        if "__spec__" not in saved:
            main.__dict__.pop("__spec__", None)


class _Worker:
    """One rendering process and the parent's end of its pipe."""

    def __init__(self, context, generation: int):
        self.generation = generation
        # Two one-way pipes rather than a duplex Pipe(): that one is a socketpair, which
        # gevent's patched socket module does not hand over to the child intact.
        inbox, self.outbox = context.Pipe(duplex=False)
        self.conn, answers = context.Pipe(duplex=False)
        with without_main():
            self.process = context.Process(
                target=_serve, args=(inbox, answers), daemon=True, name="kring-markdown"
            )
            self.process.start()
        inbox.close()
        answers.close()
        # Starting a fresh interpreter takes a moment: that must not count against the
        # first body's deadline, so the worker is warmed before it is handed out.
        self.outbox.send("*warm* #up")
        if not self.conn.poll(STARTUP_SECONDS):
            self.kill()
            raise RenderError("the Markdown worker did not start")
        self.conn.recv()

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
            self.process.join(5)
        self.conn.close()
        self.outbox.close()


def _serve(inbox, answers) -> None:
    """A worker's life: render what comes down the pipe until the parent goes away."""
    while True:
        try:
            body = inbox.recv()
        except (EOFError, OSError):
            return
        answers.send(_render_in_worker(body))


STARTUP_SECONDS = 60


class BoundedRenderer:
    """A few worker processes, each serving one render at a time over a pipe.

    Waiting for a worker and for its answer are `queue` and `Connection.poll` waits, so the
    same code serves OS threads and, under gevent's monkey-patching, greenlets (a
    multiprocessing.Pool would block the gevent hub in its result-handler thread)."""

    def __init__(self, processes: int = 2):
        self.processes = processes
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._alive = 0
        self._generation = 0
        self._lock = threading.Lock()
        self._context = multiprocessing.get_context("spawn")

    def _fill(self) -> None:
        """Start workers up to `processes` (after a start, or a kill), untimed."""
        with self._lock:
            while self._alive < self.processes:
                self._idle.put(_Worker(self._context, self._generation))
                self._alive += 1

    def _give_back(self, worker: _Worker, healthy: bool) -> None:
        with self._lock:
            if healthy and worker.generation == self._generation:
                self._idle.put(worker)
                return
            if worker.generation == self._generation:
                self._alive -= 1
        worker.kill()

    def render(self, body: str, timeout: float) -> md.Rendered:
        self._fill()
        deadline = time.monotonic() + timeout
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise RenderError("busy") from None
        answered, result = False, None
        try:
            worker.outbox.send(body)
            if worker.conn.poll(max(0.0, deadline - time.monotonic())):
                result, answered = worker.conn.recv(), True
        except (EOFError, OSError):
            pass
        finally:
            # A worker that missed its deadline is still burning CPU on the body: kill it.
            self._give_back(worker, healthy=answered)
        if not answered:
            raise RenderError("timeout")
        if result is None:
            raise RenderError("too deeply nested")
        return result

    def warm(self) -> None:
        """Start the workers now, so the first post doesn't wait for them."""
        with contextlib.suppress(Exception):  # the first render tries again and says why
            self._fill()

    def close(self) -> None:
        with self._lock:
            self._generation += 1
            self._alive = 0
            idle = []
            while not self._idle.empty():
                idle.append(self._idle.get_nowait())
        for worker in idle:
            worker.kill()


renderer = BoundedRenderer()
