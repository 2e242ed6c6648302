"""`flask demo`: a realistic Dutch agency in an empty database."""

from __future__ import annotations

import click

from ..demo import DEMO_PASSWORD, seed
from ..demo import is_empty as database_is_empty


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing (and succeed) if there are users.")
def demo_command(if_empty):
    """Fill an empty database with a realistic Dutch recruitment agency."""
    if not database_is_empty():
        if if_empty:
            click.echo("The database already has data; demo data not added.")
            return
        raise click.ClickException("The database is not empty; demo data is only for a new one.")
    people = seed(progress=lambda text: click.echo(text))
    click.echo(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
    for email, role in people:
        click.echo(f"  {email:38} {role}")
