"""`flask --app portal purge-walk-ins`: run daily to delete walk-in contact details that served their purpose."""

import click
from flask.cli import with_appcontext

from portal.venues.services import purge_walkin_contacts


@click.command("purge-walk-ins")
@with_appcontext
def purge_walkins_command() -> None:
    """Delete names and contacts of walk-in residents whose booking is over, declined or cancelled."""
    click.echo(f"walk-in contact details deleted from {purge_walkin_contacts()} booking(s)")
