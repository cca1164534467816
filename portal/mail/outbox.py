"""Queue a mail in the caller's transaction: built safely, stored once per purpose, sent later."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

from flask import current_app, g, has_app_context
from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from portal.db import rows_changed, utcnow, write_transaction
from portal.extensions import db
from portal.mail.models import OutboxMail

log = logging.getLogger(__name__)

# CRLF line ends for SMTP; headers with CR or LF raise instead of being folded into new headers; non-ASCII
# text goes out quoted-printable, so any mail server accepts it.
MAIL_POLICY = policy.SMTP.clone(cte_type="7bit", raise_on_defect=True)
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: str
    subtype: str = "plain"  # text/<subtype>, e.g. "calendar"
    params: tuple[tuple[str, str], ...] = ()


def one_line(text: str, limit: int = 200) -> str:
    """Return `text` as one line for a mail header: control characters (CR, LF, NUL ...) become spaces."""
    return " ".join(CONTROL.sub(" ", text or "").split())[:limit]


# Extra headers a caller may add (List-Unsubscribe ...): a plain name, never one the outbox sets itself or one that
# adds recipients.
HEADER_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]{0,60}")
OWN_HEADERS = {"from", "to", "cc", "bcc", "subject", "date", "message-id", "sender", "reply-to", "mime-version",
               "content-type", "content-transfer-encoding", "content-disposition", "return-path", "received"}


def build_message(to: str, subject: str, body: str, attachments: Iterable[Attachment] = (), html: str | None = None,
                  headers: Iterable[tuple[str, str]] = ()) -> EmailMessage:
    """Build a plain-text mail, with a simple HTML alternative when `html` is given and the extra `headers`; raises
    ValueError when a header would carry a line break, or an extra header is not allowed."""
    sender = current_app.config["MAIL_SENDER"]
    message = EmailMessage(policy=MAIL_POLICY)
    message["From"] = sender
    message["To"] = to
    message["Subject"] = one_line(subject, 250)
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=parseaddr(sender)[1].rpartition("@")[2] or "localhost")
    for name, value in headers:
        if not HEADER_NAME.fullmatch(name) or name.lower() in OWN_HEADERS:
            raise ValueError(f"header {name!r} may not be added")
        if CONTROL.search(value):
            raise ValueError(f"header {name} carries a control character")
        message[name] = value
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    for attachment in attachments:
        message.add_attachment(attachment.content, subtype=attachment.subtype, filename=attachment.filename,
                               params=dict(attachment.params))
    return message


def queue_mail(key: str, to: str | None, subject: str, body: str, attachments: Iterable[Attachment] = (),
               html: str | None = None, headers: Iterable[tuple[str, str]] = ()) -> bool:
    """Add a mail to the outbox in the caller's transaction (no commit); False when `key` was queued before, or
    when there is no address (a resident without e-mail: nothing is queued, nothing breaks).

    A mail that cannot be built (a line break in an address, say) is stored as failed with the reason, so it
    shows on the admin page and never stops the caller or the mails after it.
    """
    if not to:
        return False
    values = {"key": key[:200], "recipient": one_line(to, 254), "subject": one_line(subject, 300),
              "status": "waiting", "attempts": 0, "next_try_at": utcnow(), "last_error": "", "created_at": utcnow()}
    try:
        values["message"] = bytes(build_message(to, subject, body, attachments, html, headers))
    except (ValueError, TypeError) as error:
        log.warning("mail %s cannot be built: %s", key, error)
        values.update(message=None, status="failed", last_error=one_line(f"cannot be built: {error}", 500))
    insert = postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(OutboxMail).values(**values).on_conflict_do_nothing(index_elements=["key"])
    queued = db.session.execute(statement.returning(OutboxMail.id)).first() is not None
    if queued and has_app_context():
        g._mail_queued = True
    return queued


def queued_keys(keys: list[str]) -> set[str]:
    """Return which of `keys` are in the outbox already (queued, sent or failed), to skip work done before."""
    return set(db.session.scalars(select(OutboxMail.key).where(OutboxMail.key.in_(keys)))) if keys else set()


def unsent_page(before: int, size: int) -> list[OutboxMail]:
    """Return up to `size` + 1 mails not sent yet (waiting, being sent, failed) with an id below `before`, newest
    first: the extra one tells that there is a next page."""
    return list(db.session.scalars(select(OutboxMail).where(
        OutboxMail.status.in_(("waiting", "sending", "failed")), OutboxMail.id < before)
        .order_by(OutboxMail.id.desc()).limit(size + 1)))


def retry(mail_id: int) -> bool:
    """Send a failed or stuck mail again at once (committed); tell whether there was such a mail."""
    with write_transaction(db.session):
        changed = rows_changed(db.session, update(OutboxMail).where(
            OutboxMail.id == mail_id, OutboxMail.status.in_(("failed", "sending")), OutboxMail.message.is_not(None))
            .values(status="waiting", next_try_at=utcnow(), claimed_at=None))
    return bool(changed)


def forget_recipient(address: str) -> None:
    """Forget an address (its account is deleted): unsent mail to it goes, sent mail keeps only its key and subject.

    The caller commits.
    """
    db.session.execute(delete(OutboxMail).where(OutboxMail.recipient == address, OutboxMail.status != "sent"))
    db.session.execute(update(OutboxMail).where(OutboxMail.recipient == address).values(recipient="", message=None))
