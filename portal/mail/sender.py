"""Send what the outbox holds: each mail claimed by one sender, sent once, retried with backoff on failure.

Two senders (two workers, or a worker and cron) never send the same row: a sender first claims a row with a
conditional UPDATE (waiting -> sending) and only the one whose UPDATE changed the row sends it. A sender that
is interrupted puts its row back. One that is killed outright (SIGKILL, a machine that stops) leaves its row
"sending"; a claim older than CLAIM_TIMEOUT, far longer than one mail takes, is put back by the next sender.
The mail goes out again with the Message-ID it was queued with, so in the rare case that the first server had
taken it just before the kill, mail programs see the same message twice and show it once. After a request,
mail leaves once the answer is closed, so neither the wait for the mail server nor its failure reaches the
person who clicked.
"""

from __future__ import annotations

import logging
import os
import smtplib
import threading
import uuid
from dataclasses import dataclass
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path

from flask import Flask, current_app, g
from sqlalchemy import delete, select, update

from portal.db import utcnow, write_transaction
from portal.extensions import db
from portal.mail.models import OutboxMail
from portal.mail.outbox import one_line

log = logging.getLogger(__name__)

# Seconds to wait after the 1st, 2nd, ... failed attempt; after the last one the mail counts as failed.
BACKOFF = (60, 5 * 60, 30 * 60, 2 * 3600, 12 * 3600)
KEEP_SENT = timedelta(days=30)
# A sender holds a claim only while it hands one mail over (SMTP times out after 20 s): an older claim is a
# sender that died.
CLAIM_TIMEOUT = timedelta(minutes=10)


@dataclass
class Result:
    sent: int = 0
    failed: int = 0


class Transport:
    """One SMTP connection for a batch of mails, or, without MAIL_SERVER, files in MAIL_FOLDER."""

    def __init__(self, config):
        self.config = config
        self.smtp: smtplib.SMTP | None = None

    def send(self, recipient: str, message: bytes) -> None:
        config = self.config
        if not config["MAIL_SERVER"]:
            folder = Path(config["MAIL_FOLDER"])
            folder.mkdir(parents=True, exist_ok=True)
            name = uuid.uuid4().hex
            path = folder / f"{name}.eml"
            partial = folder / f"{name}.part"
            partial.write_bytes(message)
            os.replace(partial, path)  # whoever reads the folder sees a whole mail or none
            log.info("mail to %s written to %s", recipient, path)
            return
        if self.smtp is None:
            self.smtp = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20)
            if config["MAIL_USE_TLS"]:
                self.smtp.starttls()
            if config["MAIL_USERNAME"]:
                self.smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        self.smtp.sendmail(parseaddr(config["MAIL_SENDER"])[1], [recipient], message)

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (smtplib.SMTPException, OSError):
                self.smtp.close()
            self.smtp = None


def _permanent(error: Exception) -> bool:
    """A 5xx answer (unknown address, refused) will not get better by trying again."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def _claim(mail_id: int) -> OutboxMail | None:
    """Take the row for this sender; None when another sender took it first."""
    now = utcnow()
    with write_transaction(db.session):
        claimed = db.session.execute(
            update(OutboxMail).where(OutboxMail.id == mail_id, OutboxMail.status == "waiting",
                                     OutboxMail.next_try_at <= now)
            .values(status="sending", claimed_at=now, attempts=OutboxMail.attempts + 1)
            .execution_options(synchronize_session=False)).rowcount == 1
    return db.session.get(OutboxMail, mail_id, populate_existing=True) if claimed else None


def _finish(mail_id: int, **values) -> None:
    with write_transaction(db.session):
        db.session.execute(update(OutboxMail).where(OutboxMail.id == mail_id, OutboxMail.status == "sending")
                           .values(**values).execution_options(synchronize_session=False))


def _failed(mail: OutboxMail, error: Exception) -> None:
    attempts = mail.attempts
    give_up = attempts > len(BACKOFF) or _permanent(error)
    reason = one_line(f"{type(error).__name__}: {error}", 500)
    log.warning("mail %s to %s failed (attempt %s): %s", mail.key, mail.recipient, attempts, reason)
    _finish(mail.id, status="failed" if give_up else "waiting", last_error=reason, claimed_at=None,
            next_try_at=utcnow() + timedelta(seconds=BACKOFF[min(attempts, len(BACKOFF)) - 1]))


def release_stale_claims() -> int:
    """Put mail back whose sender died while handing it over (its claim is older than CLAIM_TIMEOUT)."""
    now = utcnow()
    with write_transaction(db.session):
        released = db.session.execute(
            update(OutboxMail).where(OutboxMail.status == "sending", OutboxMail.claimed_at < now - CLAIM_TIMEOUT)
            .values(status="waiting", claimed_at=None, next_try_at=now)
            .execution_options(synchronize_session=False)).rowcount
    if released:
        log.warning("%s mail(s) were being sent by a sender that stopped; they are sent again", released)
    return released


def send_pending(limit: int = 200) -> Result:
    """Send the mails that are due, each at most once; a failure waits for its next try, the others go on."""
    release_stale_claims()
    now = utcnow()
    ids = db.session.scalars(select(OutboxMail.id).where(OutboxMail.status == "waiting", OutboxMail.next_try_at <= now)
                             .order_by(OutboxMail.next_try_at, OutboxMail.id).limit(limit)).all()
    db.session.commit()
    result = Result()
    transport = Transport(current_app.config)
    try:
        for mail_id in ids:
            mail = _claim(mail_id)
            if mail is None:
                continue
            try:
                transport.send(mail.recipient, mail.message or b"")
            except Exception as error:  # noqa: BLE001 - any failure of one mail must not stop the others
                transport.close()
                _failed(mail, error)
                result.failed += 1
                continue
            except BaseException:
                # Interrupted before the server took it: put it back for the next sender.
                _finish(mail_id, status="waiting", claimed_at=None, attempts=mail.attempts - 1)
                raise
            _finish(mail_id, status="sent", sent_at=utcnow(), message=None, last_error="")
            result.sent += 1
    finally:
        transport.close()
    return result


def purge_sent() -> int:
    """Forget mails sent more than 30 days ago."""
    with write_transaction(db.session):
        return db.session.execute(delete(OutboxMail).where(
            OutboxMail.status == "sent", OutboxMail.sent_at < utcnow() - KEEP_SENT)).rowcount


class BackgroundSender:
    """A short thread per worker process that sends after a request queued mail, and retries now and then."""

    def __init__(self, app: Flask):
        self.app = app
        self.wake = threading.Event()
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None
        self.pid = 0

    def kick(self) -> None:
        """Wake the thread, starting it first in this process if needed (after a fork, say)."""
        with self.lock:
            if self.thread is None or not self.thread.is_alive() or self.pid != os.getpid():
                self.pid = os.getpid()
                self.thread = threading.Thread(target=self.run, name="mail-sender", daemon=True)
                self.thread.start()
        self.wake.set()

    def run(self) -> None:
        while True:
            self.wake.wait(timeout=self.app.config["MAIL_RETRY_SECONDS"])
            self.wake.clear()
            with self.app.app_context():
                try:
                    send_pending()
                except Exception:  # the next wake tries again; the thread must live on
                    log.exception("sending mail failed")
                    db.session.rollback()


def init_app(app: Flask) -> None:
    """Once the answer to a request that queued mail has gone out, send it: in the background thread, or (tests)
    right away in a thread of its own, waited for, so a test reads the mail as soon as it read the answer."""
    sender = app.extensions["mail_sender"] = BackgroundSender(app)

    @app.after_request
    def send_queued_mail(response):
        if g.pop("_mail_queued", False):
            if app.config["MAIL_SEND_AFTER_REQUEST"] == "thread":
                response.call_on_close(sender.kick)
            else:
                response.call_on_close(lambda: _send_now_and_wait(app))
        return response


def _send_now_and_wait(app: Flask) -> None:
    # A thread of its own: a clean context, with nothing of the request's SQLite write lock held or inherited.
    thread = threading.Thread(target=_send_now, args=(app,), name="mail-now")
    thread.start()
    thread.join()


def _send_now(app: Flask) -> None:
    with app.app_context():
        try:
            send_pending()
        except Exception:
            log.exception("sending mail after the request failed; send-mail will try again")
