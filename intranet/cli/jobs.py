"""`flask jobs run|drain`: a job consumer in the foreground, or queued work done now."""

from __future__ import annotations

import logging

import click
from flask.cli import AppGroup

from ..notifying.fanout import drain as drain_fanout
from ..platform.queue import run_consumer
from ..search.indexer import drain as drain_index

jobs_group = AppGroup("jobs", help="Background work (index, notifications).")


@jobs_group.command("run")
@click.option("--workers", default=2, show_default=True)
def jobs_run_command(workers):
    """Run a job consumer in the foreground (with REDIS_URL: on any machine). Stops on
    SIGINT after the tasks it runs (SIGTERM: at once; the next sweep redoes their rest)."""
    root = logging.getLogger()
    if not root.handlers:  # KRING_LOG_JSON has set up JSON lines already
        logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    root.setLevel(logging.INFO)  # what ran, what was skipped, what failed
    run_consumer(workers)


@jobs_group.command("drain")
def jobs_drain_command():
    """Do all queued work now (notifications, then the search index)."""
    click.echo(f"Notified about {drain_fanout()} posts; indexed {drain_index()} changes.")
