"""Flask commands: users, demo (and later search, digests, mail-in)."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from .errors import DomainError
from .models import Role

users = AppGroup("users", help="Manage accounts.")


def _fail(error: DomainError):
    raise click.ClickException(str(error.message))


@users.command("create")
@click.argument("email")
@click.option("--name", required=True, help="Full name, e.g. 'Sanne de Vries'.")
@click.option("--password", required=True, help="At least 10 characters.")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    default=Role.EMPLOYEE.value,
    show_default=True,
)
@click.option("--handle", default=None, help="Used in @mentions; default: the e-mail's local part.")
def create_user_command(email, name, password, role, handle):
    """Create an account."""
    from .services.accounts import create_user

    try:
        user = create_user(email, name, password, role=role, handle=handle)
    except DomainError as error:
        _fail(error)
    click.echo(f"Created {user.name} <{user.email}> as @{user.handle} ({user.role}).")


@users.command("token")
@click.argument("email")
@click.option("--name", default="CLI", show_default=True, help="A label for the token.")
def token_command(email, name):
    """Print a new API token for EMAIL (the last line of the output)."""
    from sqlalchemy import select

    from .extensions import db
    from .models import User
    from .services.tokens import create_token

    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"No account for {email}.")
    if not user.is_active:
        raise click.ClickException(f"{email} is deactivated.")
    try:
        _token, secret = create_token(user, name)
    except DomainError as error:
        _fail(error)
    click.echo(f"API token for {user.email} (store it now, it is not shown again):")
    click.echo(secret)


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing (and succeed) if there are users.")
def demo_command(if_empty):
    """Fill an empty database with a realistic Dutch recruitment agency."""
    from .demo import DEMO_PASSWORD, seed
    from .demo import is_empty as database_is_empty

    if not database_is_empty():
        if if_empty:
            click.echo("The database already has data; demo data not added.")
            return
        raise click.ClickException("The database is not empty; demo data is only for a new one.")
    people = seed(progress=lambda text: click.echo(text))
    click.echo(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
    for email, role in people:
        click.echo(f"  {email:38} {role}")


search = AppGroup("search", help="The full-text search index.")


@search.command("reindex")
def reindex_command():
    """Rebuild the search index from the database (the app keeps serving meanwhile)."""
    from .search.indexer import drain, rebuild

    with click.progressbar(length=1, label="Indexing", show_pos=True) as bar:

        def progress(done: int, total: int) -> None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        written = rebuild(progress)
    drain()
    click.echo(f"Indexed {written} posts and people.")


jobs_group = AppGroup("jobs", help="Background work (index, notifications).")


@jobs_group.command("run")
@click.option("--workers", default=2, show_default=True)
def jobs_run_command(workers):
    """Run a job consumer in the foreground (with REDIS_URL: on any machine)."""
    from .jobs import huey

    consumer = huey.create_consumer(workers=workers, worker_type="thread")
    consumer.run()


@jobs_group.command("drain")
def jobs_drain_command():
    """Do all queued work now (notifications, then the search index)."""
    from .search.indexer import drain as drain_index
    from .services.fanout import drain as drain_fanout

    click.echo(f"Notified about {drain_fanout()} posts; indexed {drain_index()} changes.")


@click.group("mail-in", invoke_without_command=True)
@click.pass_context
def mail_in(ctx):
    """Turn the RFC 822 message on standard input into a post (or `serve`)."""
    if ctx.invoked_subcommand is not None:
        return
    import sys

    from .services.mail_in import Rejected, receive

    raw = sys.stdin.buffer.read(10 * 1024 * 1024 + 1)
    try:
        outcome = receive(raw)
    except Rejected as rejected:
        click.echo(f"Refused: {rejected.reason}", err=True)
        raise SystemExit(1) from None
    if outcome.status == "posted":
        click.echo(f"Posted as post {outcome.post_id}.")
    elif outcome.status == "duplicate":
        click.echo(f"Already received (post {outcome.post_id}); nothing done.")
    else:
        click.echo(f"Ignored: {outcome.reason}.")


@mail_in.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8025, show_default=True, type=int)
@click.option("--lmtp", is_flag=True, help="Speak LMTP instead of SMTP.")
def mail_in_serve(host, port, lmtp):
    """Listen for mail (SMTP or LMTP) and post what arrives; Ctrl-C stops."""
    import time

    from flask import current_app

    from .mail.listener import serve

    controller = serve(current_app._get_current_object(), host, port, lmtp)
    click.echo(f"Listening for {'LMTP' if lmtp else 'SMTP'} on {host}:{port}")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        controller.stop()


digests_group = AppGroup("digests", help="E-mail digests.")


@digests_group.command("send")
@click.option("--dry-run", is_flag=True, help="Show what would be sent; send nothing.")
@click.option("--user", "email", default=None, help="Only this person's digest.")
@click.option("--now", default=None, help="Pretend it is this UTC time (YYYY-MM-DDTHH:MM).")
def digests_send(dry_run, email, now):
    """Send the digests that are due (each period once, whoever else is sending)."""
    from datetime import datetime

    from sqlalchemy import select

    from .extensions import db
    from .models import User
    from .services.mailings import send_digests

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


clients_group = AppGroup("clients", help="The client directory.")


@clients_group.command("backfill")
@click.option("--batch", default=500, show_default=True, help="Posts per transaction.")
def clients_backfill_command(batch):
    """Find the clients every post names (after an upgrade or new aliases); safe to repeat."""
    from .services.client_mentions import backfill

    with click.progressbar(length=1, label="Matching", show_pos=True) as bar:

        def progress(done: int, total: int) -> None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        pairs = backfill(batch=max(1, batch), progress=progress)
    click.echo(f"{pairs} mentions of clients in posts.")


def register(app: Flask) -> None:
    app.cli.add_command(users)
    app.cli.add_command(demo_command)
    app.cli.add_command(search)
    app.cli.add_command(jobs_group)
    app.cli.add_command(mail_in)
    app.cli.add_command(digests_group)
    from .candidates_cli import candidates

    app.cli.add_command(candidates)
    app.cli.add_command(clients_group)
