"""`flask --app portal import-feeds`: run every hour (cron) to read the partners' feeds."""

import click
from flask import current_app
from flask.cli import with_appcontext

from portal.feeds import services


@click.command("import-feeds")
@with_appcontext
def import_feeds_command() -> None:
    """Read every partner feed; a broken, slow or huge one is skipped with its reason in the log."""
    done, failed = services.import_all(services.limits_from(current_app.config))
    click.echo(f"partner feeds: {done} read, {failed} skipped")
