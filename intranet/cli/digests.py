"""`flask digests send`: the digests that are due, by hand."""

from __future__ import annotations

from datetime import datetime

import click
from flask.cli import AppGroup
from sqlalchemy import select

from ..extensions import db
from ..models import User
from ..notifying.mailings import send_digests

digests_group = AppGroup("digests", help="E-mail digests.")


@digests_group.command("send")
@click.option("--dry-run", is_flag=True, help="Show what would be sent; send nothing.")
@click.option("--user", "email", default=None, help="Only this person's digest.")
@click.option("--now", default=None, help="Pretend it is this UTC time (YYYY-MM-DDTHH:MM).")
def digests_send(dry_run, email, now):
    """Send the digests that are due (each period once, whoever else is sending)."""
    user_id = None
    if email:
        user_id = db.session.scalar(select(User.id).where(User.email == email.strip().lower()))
        if user_id is None:
            raise click.ClickException(f"No account for {email}.")
    try:
        moment = datetime.fromisoformat(now) if now else None
    except ValueError:
        raise click.ClickException("--now must look like 2026-11-23T08:30.") from None
    report = send_digests(user_id, dry_run=dry_run, now=moment)
    for address, key, size in report.planned:
        click.echo(
            f"would send {address} {key}: {size} items"
            if size
            else f"nothing new for {address} {key}"
        )
    for label in report.sent:
        click.echo(f"sent {label}")
    for label in report.failed:
        click.echo(f"failed {label} (retried later)", err=True)
    if not dry_run:
        click.echo(
            f"{len(report.sent)} sent, {len(report.empty)} without news, "
            f"{len(report.failed)} failed."
        )
