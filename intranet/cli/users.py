"""`flask users create|token`: accounts and API tokens from the command line."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from ..accounts.people import create_user
from ..accounts.tokens import create_token
from ..errors import DomainError
from ..extensions import db
from ..models import Role, User

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
