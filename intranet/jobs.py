"""Background work on Huey: drain the index and notification queues, periodic sweeps.

The database is the truth and Huey only the doorbell: every task is a sweep over database
state and safe to run twice. On the embedded default Huey keeps its queue in SQLite in the
instance folder and one consumer thread runs inside the app process; with REDIS_URL the
queue is in Redis and `flask --app wsgi jobs run` (or huey_consumer) runs consumers anywhere.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from flask import Flask
from huey import Huey, crontab
from huey.consumer import Consumer
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

from . import serving
from .database import on_commit

log = logging.getLogger("kring.jobs")


class QuietConsumer(Consumer):
    """A consumer that lives in a thread of the app: it installs no signal handlers."""

    def _set_signal_handlers(self):
        pass


class KringHuey(Huey):
    """A Huey whose storage is chosen when the app is configured, not at import time."""

    flask_app: Flask | None = None

    def configure(self, app: Flask) -> None:
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


huey = KringHuey("kring", storage_class=MemoryStorage)
_consumer: Consumer | None = None
_consumer_lock = threading.Lock()


def init_jobs(app: Flask) -> None:
    huey.configure(app)
    in_process = app.config.get("KRING_JOBS_IN_PROCESS")
    if in_process is None:
        in_process = not app.config.get("REDIS_URL") and not app.testing
    if in_process:
        # Started by the first request, so `flask` commands and worker processes never
        # start one; once per process.
        app.before_request(lambda: start_consumer(app) and None)


def warm_up() -> None:
    """Start what the first post would otherwise wait for (the Markdown workers)."""
    from .text.bounded import renderer

    threading.Thread(target=renderer.warm, name="kring-warm-up", daemon=True).start()


def in_app(function):
    """Run a task function inside the configured app's context."""

    def run(*args, **kwargs):
        with huey.flask_app.app_context():
            return function(*args, **kwargs)

    run.__name__ = function.__name__
    run.__doc__ = function.__doc__
    return run


@huey.task(name="kring.drain_index")
@in_app
def drain_index() -> int:
    from .search.indexer import drain

    return drain()


@huey.task(name="kring.drain_fanout")
@in_app
def drain_fanout() -> int:
    from .services.fanout import drain

    return drain()


@huey.periodic_task(crontab(minute="*"), name="kring.sweep")
@in_app
def sweep() -> None:
    """Pick up work whose trigger was lost (a crash between commit and enqueue)."""
    from .search.indexer import drain as drain_index_queue
    from .services.fanout import drain as drain_fanout_queue

    drain_fanout_queue()
    drain_index_queue()


@huey.periodic_task(crontab(minute="*"), name="kring.mail")
@in_app
def mail() -> None:
    """Every minute: reminders, notification e-mail for the away, digests that are due."""
    from .services import mailings

    mailings.send_reminders()
    mailings.send_notification_mail()
    mailings.send_digests()


@huey.periodic_task(crontab(minute="7"), name="kring.retention")
@in_app
def retention() -> int:
    """Hourly: erase candidates' personal data past their retention date, and that of
    referrals that ended long enough ago."""
    from .services.retention import erase_ended_referrals, erase_expired_candidates

    return erase_expired_candidates() + erase_ended_referrals()


@huey.periodic_task(crontab(minute="*/15"), name="kring.close_vacancies")
@in_app
def close_vacancies() -> int:
    """Every quarter hour: vacancies past their closing date close themselves."""
    from .services.vacancies import close_expired

    return close_expired()


@huey.periodic_task(crontab(minute="23"), name="kring.resurface")
@in_app
def resurface() -> int:
    """Hourly: open vacancies come back to willing sharers on their rhythm."""
    from .services.sharing import resurface as resurface_vacancies

    return resurface_vacancies()


@huey.task(name="kring.client_mentions")
@in_app
def match_clients() -> int:
    """Find again which clients every post names, after a client's names changed."""
    from .services.client_mentions import backfill

    return backfill()


@huey.periodic_task(crontab(minute="23"), name="kring.escalation")
@in_app
def escalation() -> int:
    """Hourly: tell admins about high-severity reputation alerts open for over a day."""
    from .services.triage import escalate_overdue

    return escalate_overdue()


URGENT = {"kring.drain_fanout"}


class Kicker:
    """The in-process fast path: wake a thread that drains at once, instead of waiting for
    the consumer's next poll. (The queues are database tables, so nothing depends on it:
    the periodic sweep picks up whatever a kick misses.)"""

    def __init__(self, name: str):
        self.name = name
        self._wanted: dict[str, object] = {}
        self._lock = threading.Lock()
        self._event = threading.Event()
        self._thread: threading.Thread | None = None

    def kick(self, task) -> None:
        with self._lock:
            self._wanted[task.name] = task
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
                self._thread.start()
        self._event.set()

    def _run(self) -> None:
        while True:
            self._event.wait()
            self._event.clear()
            with self._lock:
                tasks, self._wanted = list(self._wanted.values()), {}
            for task in tasks:
                try:
                    _call(task)
                except Exception:  # logged; the sweep retries from the queue tables
                    log.exception("%s failed", task.name)
                time.sleep(0)  # under gevent, let the pushes just queued go out first


def _call(task) -> None:
    """Under gevent, work that never waits on I/O holds the hub, and every socket with it,
    for as long as it computes (a Whoosh commit that merges segments: hundreds of ms). The
    index drain runs in one of gevent's real threads instead, where the interpreter
    switches away from it every few milliseconds; the fan-out stays a greenlet, because
    its pushes must start from the hub's thread."""
    if task.name in URGENT or not serving.gevent_patched():
        task.call_local()
        return
    from gevent import get_hub

    get_hub().threadpool.apply(task.call_local)


# Two lanes: the fan-out (someone is waiting for their notification) never queues behind
# the search index, whose Whoosh commit may take hundreds of ms when segments merge.
kicker = Kicker("kring-kicker")
urgent_kicker = Kicker("kring-kicker-fanout")


def trigger(task) -> None:
    """Ring the doorbell for `task` after the current transaction commits.

    In a process that runs its own consumer, a thread of this process drains at once;
    otherwise (Redis) the task is queued for the consumers. With KRING_TRIGGER_JOBS off,
    as in most tests, the work waits in its queue table for an explicit drain or the
    periodic sweep."""
    if not huey.flask_app.config.get("KRING_TRIGGER_JOBS", True):
        return
    if _consumer is not None:
        lane = urgent_kicker if task.name in URGENT else kicker
        on_commit(lambda: lane.kick(task), key=("job", task.name))
        return

    def enqueue():
        try:
            task()
        except Exception:  # the queue row is in the database: the sweep will find it
            log.warning(
                "could not enqueue %s; the periodic sweep will pick it up", task.name, exc_info=True
            )

    on_commit(enqueue, key=("job", task.name))


def start_consumer(app: Flask, workers: int = 1) -> Consumer | None:
    """Start the in-process consumer once per process (embedded default only)."""
    global _consumer
    if _consumer is not None:
        return _consumer
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
            warm_up()
        return _consumer


def stop_consumer() -> None:
    global _consumer
    with _consumer_lock:
        if _consumer is not None:
            _consumer.stop(graceful=True)
            _consumer = None
