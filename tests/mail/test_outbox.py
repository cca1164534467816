"""The mail outbox: queued with the change that causes it, sent once, retried, never lost, never doubled."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta

from sqlalchemy import func, select, update

from portal.db import utcnow
from portal.extensions import db
from portal.mail import queue_mail
from portal.mail.models import OutboxMail
from portal.mail.sender import CLAIM_TIMEOUT, send_pending
from tests.conftest import ROOT, read_mails


def queue(app, count: int, prefix: str = "test") -> None:
    with app.app_context():
        for number in range(count):
            queue_mail(f"{prefix}:{number}", f"person{number}@example.org", f"Mail {number}", "Hello.")
        db.session.commit()


def rows(app) -> list[OutboxMail]:
    with app.app_context():
        return db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)).all()


def make_due(app) -> None:
    """Let every waiting mail's next try come now (as if the backoff time passed)."""
    with app.app_context():
        db.session.execute(update(OutboxMail).values(next_try_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()


def test_mail_belongs_to_the_transaction_that_made_it(app):
    """A rolled-back change leaves no mail; a committed one leaves exactly one, however often it is queued."""
    with app.app_context():
        assert queue_mail("once:1", "a@example.org", "Hi", "Body")
        db.session.rollback()
        assert db.session.scalar(select(func.count(OutboxMail.id))) == 0
        assert queue_mail("once:1", "a@example.org", "Hi", "Body")
        assert not queue_mail("once:1", "a@example.org", "Hi again", "Body")
        db.session.commit()
        assert not queue_mail("once:1", "a@example.org", "Hi a third time", "Body")
        db.session.commit()
        assert db.session.scalars(select(OutboxMail.subject)).all() == ["Hi"]


def test_headers_cannot_be_injected(app):
    """A subject with CR/LF stays one header; an address with a line break fails alone, recorded with the reason."""
    with app.app_context():
        queue_mail("bad:1", "a@example.org", "Chairs\r\nBcc: everyone@example.org\x00", "Body")
        queue_mail("bad:2", "b@example.org\r\nBcc: everyone@example.org", "Hi", "Body")
        queue_mail("bad:3", "c@example.org", "Fine", "Body")
        db.session.commit()
        send_pending()
    [first, third] = read_mails(app)
    assert first["Subject"] == "Chairs Bcc: everyone@example.org" and first["Bcc"] is None
    assert third["To"] == "c@example.org"
    statuses = {row.key: (row.status, row.last_error) for row in rows(app)}
    assert statuses["bad:2"][0] == "failed" and "cannot be built" in statuses["bad:2"][1]
    assert statuses["bad:1"][0] == statuses["bad:3"][0] == "sent"


def test_extra_headers_and_an_html_alternative(app):
    """Extra headers go out as given; one with a line break, a recipient header or a strange name fails alone."""
    with app.app_context():
        queue_mail("extra:1", "a@example.org", "Hi", "Body", html="<p>Body &amp; more</p>",
                   headers=[("List-Unsubscribe", "<https://example.org/u?t=1>"),
                            ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")])
        queue_mail("extra:2", "b@example.org", "Hi", "Body", headers=[("List-Unsubscribe", "<x>\r\nBcc: e@x.org")])
        queue_mail("extra:3", "c@example.org", "Hi", "Body", headers=[("Bcc", "everyone@example.org")])
        queue_mail("extra:4", "d@example.org", "Hi", "Body", headers=[("X-A: b\r\nBcc", "e@example.org")])
        db.session.commit()
        send_pending()
    [mail] = read_mails(app)
    assert mail["List-Unsubscribe"] == "<https://example.org/u?t=1>" and mail["Bcc"] is None
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mail.get_body(("plain",)).get_content().strip() == "Body"
    assert mail.get_body(("html",)).get_content().strip() == "<p>Body &amp; more</p>"
    statuses = {row.key: row.status for row in rows(app)}
    assert statuses == {"extra:1": "sent", "extra:2": "failed", "extra:3": "failed", "extra:4": "failed"}


def test_a_failing_server_half_way_loses_and_doubles_nothing(app, smtp):
    """The server fails after 2 of 5 mails: those wait with the error; after the backoff each is sent exactly once."""
    smtp.accept_limit = 2
    queue(app, 5)
    with app.app_context():
        result = send_pending()
    assert (result.sent, result.failed) == (2, 3)
    waiting = [row for row in rows(app) if row.status == "waiting"]
    assert len(waiting) == 3 and all("451" in row.last_error and row.attempts == 1 for row in waiting)
    assert all(row.next_try_at > utcnow() for row in waiting)  # backoff: not at once again
    with app.app_context():
        assert send_pending().sent == 0
    smtp.accept_limit = None
    make_due(app)
    with app.app_context():
        assert send_pending().sent == 3
        assert send_pending().sent == 0
    assert sorted(smtp.subjects) == [f"Mail {n}" for n in range(5)]
    assert all(row.status == "sent" and row.message is None for row in rows(app))


def test_an_interrupted_sender_puts_its_mail_back(app, smtp, database_url):
    """`send-mail` interrupted (Ctrl-C) in the middle of a mail: after a restart every mail arrives exactly once."""
    queue(app, 6)
    smtp.release.clear()  # the server holds the first mail's answer, so the sender is surely mid-send
    env = {**os.environ, "BUURTBOUW_CONFIG": "test", "TEST_DATABASE_URL": database_url, "MAIL_SERVER": "127.0.0.1",
           "MAIL_PORT": str(smtp.port), "MAIL_USE_TLS": "0", "MAIL_FOLDER": app.config["MAIL_FOLDER"]}
    command = [sys.executable, "-m", "flask", "--app", "portal", "send-mail"]
    sender = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert smtp.data_started.wait(timeout=60)
    sender.send_signal(signal.SIGINT)
    smtp.accept_limit = 0  # whatever arrives from the interrupted sender is refused
    smtp.release.set()
    _out, err = sender.communicate(timeout=30)
    assert sender.returncode != 0 and b"Aborted" in err and smtp.received == []
    assert {row.status for row in rows(app)} == {"waiting"}
    smtp.accept_limit = None
    restart = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert "mail sent: 6" in restart.stdout, restart.stderr
    assert sorted(smtp.subjects) == [f"Mail {n}" for n in range(6)]


def test_a_killed_sender_leaves_nothing_lost_or_doubled(app, smtp, database_url):
    """`send-mail` killed outright mid-send: its claim is put back once it is stale, every mail arrives once."""
    queue(app, 6)
    smtp.release.clear()  # the server holds the first mail's answer, so the sender is surely mid-send
    env = {**os.environ, "BUURTBOUW_CONFIG": "test", "TEST_DATABASE_URL": database_url, "MAIL_SERVER": "127.0.0.1",
           "MAIL_PORT": str(smtp.port), "MAIL_USE_TLS": "0", "MAIL_FOLDER": app.config["MAIL_FOLDER"]}
    command = [sys.executable, "-m", "flask", "--app", "portal", "send-mail"]
    sender = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert smtp.data_started.wait(timeout=60)
    sender.kill()  # no clean-up runs: the claimed mail stays "sending"
    sender.communicate(timeout=30)
    smtp.accept_limit = 0  # whatever the killed sender still got out is refused: it never arrived
    smtp.release.set()
    assert smtp.answered.wait(timeout=30)  # the stub decided before it accepts mail again
    assert [row.status for row in rows(app)].count("sending") == 1
    smtp.accept_limit = None
    with app.app_context():
        assert send_pending().sent == 5  # a fresh claim may be a living sender: it is left alone
    claimed = next(row for row in rows(app) if row.status == "sending")
    with app.app_context():
        db.session.execute(update(OutboxMail).where(OutboxMail.id == claimed.id)
                           .values(claimed_at=utcnow() - CLAIM_TIMEOUT - timedelta(seconds=1)))
        db.session.commit()
    restart = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert "mail sent: 1" in restart.stdout, restart.stderr
    assert sorted(smtp.subjects) == [f"Mail {n}" for n in range(6)]
    assert {row.status for row in rows(app)} == {"sent"}


def test_two_senders_never_send_the_same_mail(app, smtp):
    """Four senders at once share 30 mails: each mail goes out exactly once."""
    queue(app, 30)
    barrier = threading.Barrier(4)

    def run():
        with app.app_context():
            barrier.wait()
            send_pending()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(smtp.subjects) == sorted(f"Mail {n}" for n in range(30))
    assert {row.status for row in rows(app)} == {"sent"}


def test_a_refused_address_fails_at_once_and_the_rest_goes_on(app, smtp):
    """A 5xx for one address marks that mail failed (no retries); the other mails are sent."""
    smtp.refuse.add("person1@example.org")
    queue(app, 3)
    with app.app_context():
        send_pending()
    statuses = [row.status for row in rows(app)]
    assert statuses == ["sent", "failed", "sent"]
    assert "550" in rows(app)[1].last_error


def test_the_background_thread_sends_after_the_request(app, client, make_user, monkeypatch):
    """In production a thread in the worker sends the mail shortly after the answer."""
    monkeypatch.setitem(app.config, "MAIL_SEND_AFTER_REQUEST", "thread")
    make_user(email="lost@example.org")
    assert client.post("/password/forgot", data={"email": "lost@example.org"}).status_code == 303
    for _ in range(100):
        if read_mails(app):
            break
        time.sleep(0.05)
    mails = read_mails(app)
    assert [mail["To"] for mail in mails] == ["lost@example.org"], rows(app)


def test_reset_link_comes_from_public_url(app, client, make_user, monkeypatch):
    """The reset link in the mail follows PUBLIC_URL, never the request's Host header."""
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://buurt.example.nl")
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)  # the session cookie does not travel to evil.example
    make_user(email="lost@example.org")
    response = client.post("/password/forgot", data={"email": "lost@example.org"}, headers={"Host": "evil.example"},
                           csrf=False)
    assert response.status_code == 303
    [mail] = read_mails(app)
    body = mail.get_body(("plain",)).get_content()
    assert "https://buurt.example.nl/password/reset/" in body and "evil.example" not in body


def test_admin_page_lists_waiting_and_failed_mail(app, client, login_as, smtp):
    """Admins see mail that waits or failed, with the reason, 50 at a time; others get 403."""
    smtp.accept_limit = 0
    queue(app, 53)
    with app.app_context():
        send_pending()
    login_as("coordinator")
    assert client.get("/admin/mail").status_code == 403
    client.post("/logout")
    login_as("admin")
    page = client.get("/admin/mail").get_data(as_text=True)
    assert page.count('class="card" id="mail-') == 50 and "451" in page and "try again later" in page
    assert "Mail 52" in page and "Mail 2<" not in page
    older = page.split('href="/admin/mail?before=')[1].split('"')[0]
    second = client.get(f"/admin/mail?before={older}").get_data(as_text=True)
    assert second.count('class="card" id="mail-') == 3 and "Mail 0" in second
    assert client.get("/admin/mail?before=99999999999999999999").status_code == 200


def test_admin_sends_a_failed_mail_again(app, client, login_as, smtp):
    """"Send again" sends a failed mail after the answer."""
    smtp.refuse.add("person0@example.org")
    queue(app, 1)
    with app.app_context():
        send_pending()
    smtp.refuse.clear()
    login_as("admin")
    [row] = rows(app)
    assert client.post(f"/admin/mail/{row.id}/retry").status_code == 303
    assert smtp.subjects == ["Mail 0"] and rows(app)[0].status == "sent"
