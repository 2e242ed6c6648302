"""Render Markdown in a worker process with a deadline.

Python-Markdown is quadratic on some inputs ("[" * 10000 takes tens of seconds) and recurses
on deep nesting. Rendering happens in a small pool of worker processes; a render that misses
its deadline gets the pool killed and replaced, so no request thread waits past the deadline
and no CPU keeps burning on a hostile body.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import sys
import threading

from . import markdown as md


class RenderError(Exception):
    """The body could not be rendered in time (or at all)."""


def _warm_up(_n: int) -> bool:
    md.render("*warm* #up")
    return True


def _render_in_worker(body: str):
    try:
        return md.render(body)
    except RecursionError:
        return None


@contextlib.contextmanager
def _without_main():
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


class BoundedRenderer:
    def __init__(self, processes: int = 2):
        self.processes = processes
        self._pool = None
        self._generation = 0
        self._lock = threading.Lock()

    def _current(self):
        with self._lock:
            if self._pool is None:
                with _without_main():
                    pool = multiprocessing.get_context("spawn").Pool(self.processes)
                # Starting a worker (a fresh interpreter) takes a moment: that must not
                # count against the first body's deadline.
                pool.map(_warm_up, range(self.processes * 2), chunksize=1)
                self._pool = pool
                self._generation += 1
            return self._pool, self._generation

    def _kill(self, generation: int) -> None:
        with self._lock:
            if self._pool is not None and generation == self._generation:
                self._pool.terminate()
                self._pool = None

    def render(self, body: str, timeout: float) -> md.Rendered:
        for _attempt in range(2):  # a second try only if another render killed our pool
            pool, generation = self._current()
            try:
                result = pool.apply_async(_render_in_worker, (body,)).get(timeout)
            except multiprocessing.TimeoutError:
                if generation != self._generation:
                    continue
                self._kill(generation)
                raise RenderError("timeout") from None
            except ValueError:  # "Pool not running": replaced while we submitted
                continue
            if result is None:
                raise RenderError("too deeply nested")
            return result
        raise RenderError("busy")

    def warm(self) -> None:
        """Start the workers now, so the first post doesn't wait for them."""
        with contextlib.suppress(Exception):  # the first render tries again and says why
            self._current()

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.terminate()
                self._pool = None


renderer = BoundedRenderer()
