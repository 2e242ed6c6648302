"""The job queue: Huey, its consumer, the in-process kicker, and ringing for a task by name.

The database is the truth and Huey only the doorbell: every task is a sweep over database
state and safe to run twice. On the embedded default Huey keeps its queue in SQLite in the
instance folder and one consumer thread runs inside the app process; with REDIS_URL the
queue is in Redis and `flask --app wsgi jobs run` runs consumers anywhere.

This module knows no task: `intranet/tasks.py` is the table of them (name → a domain's
function), declared with `task()` and `periodic()`. A domain asks for work with
`trigger("kring.drain_index")` after it wrote the queue row the work will read.

Every consumer's scheduler fires every periodic task; a run fired by a scheduler first
claims its (task, minute) row in `periodic_runs` (INSERT … ON CONFLICT DO NOTHING), so a
period's work runs once, on whichever consumer got there first.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from flask import Flask
from huey import Huey, crontab
from huey.api import TaskWrapper
from huey.consumer import Consumer
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage
from sqlalchemy import delete, func, select

from ..extensions import db
from ..models import FanoutQueue, IndexQueue, OutboundMail, PeriodicRun
from . import outbox, serving
from .clock import utcnow
from .database import insert_ignore, on_commit, writes

__all__ = ["crontab", "periodic", "task", "trigger"]

log = logging.getLogger("kring.jobs")


class QuietConsumer(Consumer):
    """A consumer that lives in a thread of the app: it installs no signal handlers."""

    def _set_signal_handlers(self):
        pass


class KringHuey(Huey):
    """A Huey whose storage is chosen when the app is configured, not at import time."""

    flask_app: Flask | None = None

    def configure(self, app: Flask) -> None:
        self.name = app.config.get("KRING_JOBS_QUEUE") or "kring"
        redis_url = app.config.get("REDIS_URL")
        if redis_url:
            self.storage_class = RedisStorage
            self.storage_kwargs = {"url": redis_url, "blocking": True, "read_timeout": 1}
        else:
            self.storage_class = SqliteStorage
            self.storage_kwargs = {"filename": str(Path(app.instance_path) / "jobs.db")}
        self.storage = self.create_storage()
        self.flask_app = app

    def create_consumer(self, **options):
        return QuietConsumer(self, **options)

    def read_periodic(self, timestamp):
        """The periodic tasks a scheduler fires at `timestamp`, each told its period (the
        minute) so that it runs once per period however many schedulers fire it."""
        due = super().read_periodic(timestamp)
        stamp = timestamp or self._get_timestamp()
        for fired in due:
            fired.kwargs = {"period": period_of(stamp)}
        return due


huey = KringHuey("kring", storage_class=MemoryStorage)
_tasks: dict[str, TaskWrapper] = {}
URGENT: set[str] = set()  # tasks someone is waiting for: a lane of their own
OUTGOING: set[str] = set()  # tasks that wait on other people's servers: a lane of their own
_consumer: Consumer | None = None
_consumer_lock = threading.Lock()


def configure(app: Flask) -> None:
    huey.configure(app)


def runs_in_process(app: Flask) -> bool:
    """Does this app's serving process run its own consumer? Yes on the embedded default;
    with REDIS_URL only when KRING_JOBS_IN_PROCESS says so."""
    in_process = app.config.get("KRING_JOBS_IN_PROCESS")
    if in_process is None:
        in_process = not app.config.get("REDIS_URL") and not app.testing
    return bool(in_process)


def period_of(moment: datetime) -> str:
    """The period a scheduler fires in: its minute (crontab's finest step)."""
    return moment.strftime("%Y-%m-%dT%H:%M")


KEEP_RUNS = timedelta(days=2)


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


@writes
def claim_period(job: str, period: str) -> bool:
    """Take this period's run of `job`: True for the one consumer that got it first."""
    taken = insert_ignore(
        PeriodicRun.__table__,
        {"job": job, "period": period, "claimed_at": utcnow(), "claimed_by": _worker_name()},
    )
    if taken:  # what older periods were claimed by is history after a while
        db.session.execute(
            delete(PeriodicRun).where(
                PeriodicRun.job == job, PeriodicRun.period < period_of(utcnow() - KEEP_RUNS)
            )
        )
    return bool(taken)


def _in_app(function: Callable, name: str | None = None) -> Callable:
    """Run a task function inside the configured app's context. A periodic task fired by a
    scheduler (`period` given) runs only if this consumer claimed the period; asked for
    by name or by hand, it always runs."""

    def run(*args, period: str | None = None, **kwargs):
        with huey.flask_app.app_context():
            if period is not None and not claim_period(name, period):
                log.info("%s for %s ran elsewhere", name, period)
                return None
            return function(*args, **kwargs)

    run.__name__ = function.__name__
    run.__doc__ = function.__doc__
    return run


def task(
    name: str, *, urgent: bool = False, outgoing: bool = False
) -> Callable[[Callable], TaskWrapper]:
    """Declare `function` as the task `name` (in tasks.py). `outgoing`: it waits on other
    people's servers (webhooks), so it gets a lane of its own where a slow receiver holds
    up nothing else."""

    def declare(function: Callable) -> TaskWrapper:
        wrapper = huey.task(name=name)(_in_app(function))
        _tasks[name] = wrapper
        if urgent:
            URGENT.add(name)
        if outgoing:
            OUTGOING.add(name)
        return wrapper

    return declare


def periodic(name: str, when: crontab) -> Callable[[Callable], TaskWrapper]:
    """Declare `function` as the periodic task `name`; any consumer may fire it, so the
    function itself must make a second run in the same period change nothing."""

    def declare(function: Callable) -> TaskWrapper:
        wrapper = huey.periodic_task(when, name=name)(_in_app(function, name))
        _tasks[name] = wrapper
        return wrapper

    return declare


def named(name: str) -> TaskWrapper:
    try:
        return _tasks[name]
    except KeyError:
        raise LookupError(f"no task is called {name!r} (see intranet/tasks.py)") from None


class Kicker:
    """The in-process fast path: wake a thread that drains at once, instead of waiting for
    the consumer's next poll. (The queues are database tables, so nothing depends on it:
    the periodic sweep picks up whatever a kick misses.)"""

    def __init__(self, name: str):
        self.name = name
        self._wanted: dict[str, TaskWrapper] = {}
        self._lock = threading.Lock()
        self._event = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
                self._thread.start()

    def kick(self, wrapper: TaskWrapper) -> None:
        with self._lock:
            self._wanted[wrapper.name] = wrapper
        self.start()
        self._event.set()

    def _run(self) -> None:
        while True:
            self._event.wait()
            self._event.clear()
            with self._lock:
                wanted, self._wanted = list(self._wanted.values()), {}
            for wrapper in wanted:
                try:
                    _call(wrapper)
                except Exception:  # logged; the sweep retries from the queue tables
                    log.exception("%s failed", wrapper.name)
                time.sleep(0)  # under gevent, let the pushes just queued go out first


def _call(wrapper: TaskWrapper) -> None:
    """Under gevent, work that never waits on I/O holds the hub, and every socket with it,
    for as long as it computes (a Whoosh commit that merges segments: hundreds of ms). The
    index drain runs in one of gevent's real threads instead, where the interpreter
    switches away from it every few milliseconds; the fan-out stays a greenlet, because
    its pushes must start from the hub's thread, and so do webhooks, which only wait on
    (patched) sockets."""
    if wrapper.name in URGENT or wrapper.name in OUTGOING or not serving.gevent_patched():
        wrapper.call_local()
        return
    from gevent import get_hub  # only here when gevent runs this process

    get_hub().threadpool.apply(wrapper.call_local)


# Two lanes: the fan-out (someone is waiting for their notification) never queues behind
# the search index, whose Whoosh commit may take hundreds of ms when segments merge.
kicker = Kicker("kring-kicker")
urgent_kicker = Kicker("kring-kicker-fanout")
outgoing_kicker = Kicker("kring-kicker-outgoing")


def _lane(name: str) -> Kicker:
    if name in URGENT:
        return urgent_kicker
    return outgoing_kicker if name in OUTGOING else kicker


def trigger(name: str) -> None:
    """Ring the doorbell for the task `name` after the current transaction commits.

    In a process that runs its own consumer, a thread of this process drains at once;
    otherwise (Redis) the task is queued for the consumers. With KRING_TRIGGER_JOBS off,
    as in most tests, the work waits in its queue table for an explicit drain or the
    periodic sweep."""
    wrapper = named(name)
    if not huey.flask_app.config.get("KRING_TRIGGER_JOBS", True):
        return
    if _consumer is not None:
        lane = _lane(name)
        on_commit(lambda: lane.kick(wrapper), key=("job", name))
        return

    def enqueue():
        try:
            wrapper()
        except Exception:  # the queue row is in the database: the sweep will find it
            log.warning(
                "could not enqueue %s; the periodic sweep will pick it up", name, exc_info=True
            )

    on_commit(enqueue, key=("job", name))


def backlog() -> dict:
    """How much background work waits: the messages in the job queue, and the rows of work
    the jobs will do (the database is the truth), with the age of the oldest."""
    now = utcnow()
    waiting, oldest = {}, None
    unsent = OutboundMail.status.in_(("pending", "sending", "failed")) & (
        OutboundMail.attempts < outbox.MAX_ATTEMPTS
    )
    for name, model, where in (
        ("fanout", FanoutQueue, True),
        ("index", IndexQueue, True),
        ("mail", OutboundMail, unsent),
    ):
        count, first = db.session.execute(
            select(func.count(), func.min(model.created_at)).where(where)
        ).one()
        waiting[name] = count
        if first is not None and (oldest is None or first < oldest):
            oldest = first
    return {
        "queued": huey.pending_count(),
        "waiting": waiting,
        "oldest_seconds": round((now - oldest).total_seconds(), 1) if oldest else 0.0,
    }


def start_consumer(workers: int = 1) -> Consumer:
    """Start the in-process consumer and the kicker lanes, once per process."""
    global _consumer
    with _consumer_lock:
        if _consumer is None:
            _consumer = huey.create_consumer(
                workers=workers,
                worker_type="thread",
                initial_delay=0.02,
                backoff=1.1,
                max_delay=0.05,
                periodic=True,
                check_worker_health=False,
            )
            _consumer.start()
            kicker.start()
            urgent_kicker.start()
            outgoing_kicker.start()
        return _consumer


def stop_consumer() -> None:
    global _consumer
    with _consumer_lock:
        if _consumer is not None:
            _consumer.stop(graceful=True)
            _consumer = None


def run_consumer(workers: int) -> None:
    """A consumer in the foreground of this process (`jobs run`), until it is stopped. Its
    start-up heap is frozen as a web node's is (`serving.settle_heap`): the fan-out that
    pushes a mention's notification runs here, and a full collection would hold it up."""
    consumer = Consumer(huey, workers=workers, worker_type="thread")
    serving.settle_heap()
    consumer.run()  # stops on SIGTERM
