"""Mail through an outbox: written in the transaction that causes it, sent after the response or by send-mail.

Features call `queue_mail()`; nothing else in the portal talks to a mail server. The admin page lists what
waits and what failed.
"""

from flask import Blueprint

bp = Blueprint("mail", __name__)

from portal.mail import cli, views  # noqa: E402,F401
from portal.mail.outbox import Attachment, queue_mail, queued_keys  # noqa: E402

__all__ = ["Attachment", "bp", "queue_mail", "queued_keys"]
