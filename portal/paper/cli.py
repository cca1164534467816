"""`flask --app portal send-digest`, run on Monday morning: this week's Buurtbericht by e-mail to who asked for it."""

import click
from flask.cli import with_appcontext

from portal.mail.sender import send_pending
from portal.paper import digest


@click.command("send-digest")
@with_appcontext
def send_digest_command() -> None:
    """Queue this week's digest for every subscriber in the outbox (once per person per week; a rerun after an
    interruption queues only the rest), then send what the outbox holds."""
    queued = digest.queue_digests()
    click.echo(f"digests queued: {queued} (subscribers: {digest.subscriber_count()})")
    result = send_pending(limit=10_000)
    click.echo(f"mail sent: {result.sent}, failed for now: {result.failed}")
