"""`flask mail-in [serve]`: one message from standard input, or an SMTP/LMTP listener."""

from __future__ import annotations

import sys
import time

import click
from flask import current_app

from ..mailin import history
from ..mailin.listener import serve
from ..mailin.receiving import Rejected, receive


@click.group("mail-in", invoke_without_command=True)
@click.pass_context
def mail_in(ctx):
    """Turn the RFC 822 message on standard input into a post (or `serve`)."""
    if ctx.invoked_subcommand is not None:
        return
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
    controller = serve(current_app._get_current_object(), host, port, lmtp)
    click.echo(f"Listening for {'LMTP' if lmtp else 'SMTP'} on {host}:{port}")
    if history.sender_unverified():
        click.echo(
            "Warning: KRING_MAIL_TRUSTED_AUTHSERV is not set, so the sender (From) of mail "
            "is taken on trust: anyone who learns a posting address can post in that "
            "person's name. Set it to the authserv-id your mail server writes in its "
            "Authentication-Results (README, 'Mail in').",
            err=True,
        )
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        controller.stop()
