"""`flask --app portal send-mail`: send what the outbox holds (run from cron, every few minutes)."""

import click
from flask.cli import with_appcontext

from portal.mail.sender import purge_sent, send_pending


@click.command("send-mail")
@with_appcontext
def send_mail_command() -> None:
    """Send waiting mail, retry failed mail whose time has come, forget mail sent a month ago."""
    result = send_pending(limit=10_000)
    click.echo(f"mail sent: {result.sent}, failed for now: {result.failed}, forgotten: {purge_sent()}")
