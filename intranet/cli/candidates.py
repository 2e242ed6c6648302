"""`flask candidates export|erase CONTACT`: a candidate's AVG requests from the command line."""

from __future__ import annotations

import json

import click
from flask.cli import AppGroup

from ..errors import DomainError
from ..recruiting import privacy
from ..search.indexer import optimise

candidates = AppGroup("candidates", help="A candidate's personal data (AVG/GDPR).")


@candidates.command("export")
@click.argument("contact")
def export_command(contact):
    """Print everything held about the candidate with this e-mail or phone, as JSON."""
    try:
        data = privacy.export(None, contact)
    except DomainError as error:
        raise click.ClickException(str(error.message)) from None
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@candidates.command("erase")
@click.argument("contact")
@click.option("--yes", is_flag=True, help="Erase without asking.")
def erase_command(contact, yes):
    """Erase the personal data of the candidate with this e-mail or phone everywhere."""
    try:
        held = privacy.lookup(None, contact)
        counts = held.counts()
        if held.is_empty:
            click.echo("Kring holds no personal data for this contact.")
            return
        if not yes:
            click.confirm(
                f"Erase {counts['offers']} offers and {counts['referrals']} "
                "referrals of this candidate?",
                abort=True,
            )
        privacy.erase(None, contact)
    except DomainError as error:
        raise click.ClickException(str(error.message)) from None
    optimise()  # rewrite and merge the search index now (or the next sweep does)
    click.echo(
        f"Erased {counts['offers']} offers, {counts['referrals']} referrals, "
        f"{counts['cv_files']} CV files."
    )
