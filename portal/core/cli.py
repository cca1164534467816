"""`flask --app portal purge-walk-ins`: run daily to delete walk-in details that served their purpose."""

import click
from flask.cli import with_appcontext

from portal.core.registry import purge_steps
from portal.extensions import db


@click.command("purge-walk-ins")
@with_appcontext
def purge_walkins_command() -> None:
    """Delete names and contacts of walk-in residents once their booking or task is over (each feature's step)."""
    for step in purge_steps():
        click.echo(step())
    db.session.commit()
