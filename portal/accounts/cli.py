"""Operator commands: `flask --app portal users create ...`."""

import sys

import click
from flask.cli import AppGroup

from portal.accounts import services
from portal.extensions import db
from portal.permissions import ROLES

users_cli = AppGroup("users", help="Manage user accounts.")


def _read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\n")


@users_cli.command("create")
@click.option("--email", required=True, help="E-mail address, used to log in.")
@click.option("--name", required=True, help="Name neighbours see.")
@click.option("--role", type=click.Choice(ROLES), default="resident", show_default=True)
@click.option("--language", type=click.Choice(["nl", "en"]), default="nl", show_default=True)
def create_user_command(email: str, name: str, role: str, language: str) -> None:
    """Create a user; the password is read from a prompt, or from standard input."""
    if services.find_user_by_email(email):
        raise click.ClickException(f"a user with e-mail {email} exists already")
    password = _read_password()
    if not 8 <= len(password) <= 128:
        raise click.ClickException("the password must have 8 to 128 characters")
    if services.is_common_password(password):
        raise click.ClickException("this password is too common; choose another one")
    user = services.create_user(email, name, password, role=role, language=language)
    db.session.commit()
    click.echo(f"created user {user.id} <{user.email}> as {role}")


