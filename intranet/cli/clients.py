"""`flask clients backfill`: find again which clients every post names."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from ..clients.mentions import backfill

clients_group = AppGroup("clients", help="The client directory.")


@clients_group.command("backfill")
@click.option("--batch", default=500, show_default=True, help="Posts per transaction.")
def clients_backfill_command(batch):
    """Find the clients every post names (after an upgrade or new aliases); safe to repeat."""
    with click.progressbar(length=1, label="Matching", show_pos=True) as bar:

        def progress(done: int, total: int) -> None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        pairs = backfill(batch=max(1, batch), progress=progress)
    click.echo(f"{pairs} mentions of clients in posts.")
