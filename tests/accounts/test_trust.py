"""Account trust: opaque single-use reset links kept out of addresses, throttled password checks, keyed and
purged failure records, and answers that do not tell whether an address has an account."""

import base64
import email
import hashlib
import hmac
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from portal.accounts.models import LoginFailure, MailToken, User
from portal.db import utcnow
from portal.extensions import db
from tests.accounts.test_views import mailed_link
from tests.conftest import PASSWORD, TOKEN_RE


def reset_link(app, client, email: str) -> str:
    for mail in Path(app.config["MAIL_FOLDER"]).glob("*.eml"):
        mail.unlink()
    assert client.post("/password/forgot", data={"email": email}).status_code == 303
    return mailed_link(app, "/password/reset/")


def test_reset_token_is_opaque_and_only_its_hash_is_kept(app, client, make_user):
    """The reset secret is random (no user id, no piece of the password hash); the database keeps its hash."""
    user = make_user()
    token = reset_link(app, client, user.email).rsplit("/", 1)[1]
    decoded = base64.urlsafe_b64decode(token.split(".")[0] + "==")
    assert b"id" not in decoded and user.password_hash[-12:].encode() not in decoded and "." not in token
    with app.app_context():
        row = db.session.scalar(select(MailToken))
        assert row.token_hash == hashlib.sha256(token.encode()).hexdigest() and row.user_id == user.id
        assert token not in {row.token_hash, row.email, row.name}
        assert timedelta(minutes=59) < row.expires_at - utcnow() <= timedelta(hours=1)


def test_reset_link_leaves_no_secret_in_the_address(app, client, make_user):
    """Opening the link moves the secret into the session and redirects to an address without it."""
    user = make_user()
    link = reset_link(app, client, user.email)
    token = link.rsplit("/", 1)[1]
    opened = client.get(link)
    assert opened.status_code == 303 and opened.headers["Location"] == "/password/reset"
    page = client.get("/password/reset")
    assert page.status_code == 200 and token not in page.get_data(as_text=True)
    assert client.post("/password/reset", data={"password": "my fresh sentence"}).headers["Location"] == "/login"


@pytest.mark.parametrize("spoil", ["expired", "password changed", "other link used", "forged"])
def test_reset_link_works_once_within_the_hour(app, client, make_user, login_as, spoil):
    """A link stops working after an hour, after a password change, after another link was used, or if forged."""
    user = make_user()
    link = reset_link(app, client, user.email)
    if spoil == "expired":
        with app.app_context():
            db.session.execute(update(MailToken).values(expires_at=utcnow() - timedelta(seconds=1)))
            db.session.commit()
    elif spoil == "password changed":
        other = app.test_client()
        other.post("/login", data={"email": user.email, "password": PASSWORD})
        assert other.post("/account/password", data={"current_password": PASSWORD,
                                                     "password": "another long sentence"}).status_code == 303
    elif spoil == "other link used":
        second = app.test_client()
        second.get(reset_link(app, client, user.email))
        assert second.post("/password/reset", data={"password": "another long sentence"}).status_code == 303
    else:
        link = link[:-4] + "AAAA"
    client.get(link)
    response = client.get("/password/reset")
    assert response.status_code == 303 and response.headers["Location"] == "/password/forgot"
    assert client.post("/password/reset", data={"password": "my fresh sentence"}).status_code == 303
    assert client.post("/login", data={"email": user.email, "password": "my fresh sentence"}).status_code == 422


@pytest.mark.parametrize("path, field", [("/account/password", "current_password"), ("/account/delete", "password")])
def test_password_checks_are_throttled_like_log_ins(app, client, login_as, path, field):
    """Ten wrong current passwords give 429 with Retry-After, even for the right one; nothing changes."""
    user = login_as()
    data = {field: "wrong password", "password": "a brand new sentence"}
    statuses = [client.post(path, data=data).status_code for _ in range(10)]
    assert statuses == [422] * 10
    response = client.post(path, data={**data, field: PASSWORD})
    page = response.get_data(as_text=True)
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
    assert f'id="{field}-error"' in page and "Te vaak fout" in page
    with app.app_context():
        assert db.session.get(User, user.id).password_hash == user.password_hash
    locked = app.test_client().post("/login", data={"email": user.email, "password": PASSWORD})
    assert locked.status_code == 429  # the same count as log-ins


def test_failures_are_counted_under_a_keyed_hash(app, client):
    """A failed log-in is stored as an HMAC of the address with SECRET_KEY, not a hash anyone can recompute."""
    client.post("/login", data={"email": "Kim@Example.org", "password": "wrong password"})
    with app.app_context():
        stored = db.session.scalar(select(LoginFailure.identifier))
    assert stored != hashlib.sha256(b"kim@example.org").hexdigest()
    assert stored == hmac.new(app.config["SECRET_KEY"].encode(), b"kim@example.org", hashlib.sha256).hexdigest()


def test_failures_are_purged_after_their_window(app, client):
    """Failure records older than the window are deleted when the next failure is written."""
    with app.app_context():
        old = utcnow() - app.config["LOGIN_FAILURE_WINDOW"] - timedelta(seconds=1)
        db.session.add_all([LoginFailure(identifier=f"{i:064d}", at=old) for i in range(5)])
        db.session.commit()
    client.post("/login", data={"email": "someone@example.org", "password": "wrong password"})
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LoginFailure)) == 1


def test_forgot_password_answers_the_same_for_unknown_addresses(app, client, make_user):
    """A real and an unknown address get the same answer and page; the mail leaves only after the answer."""
    make_user(email="real@example.org")
    raw = app.test_client()
    token = TOKEN_RE.search(
        raw.get("/password/forgot").get_data(as_text=True)).group(1)
    answers = []
    for address in ("real@example.org", "ghost@example.org"):
        response = raw.post("/password/forgot", data={"email": address, "csrf_token": token}, buffered=False)
        assert list(Path(app.config["MAIL_FOLDER"]).glob("*.eml")) == []  # not sent while answering
        response.close()
        page = raw.get(response.headers["Location"]).get_data(as_text=True)
        answers.append((response.status_code, response.headers["Location"], TOKEN_RE.sub("", page)))
        sent = list(Path(app.config["MAIL_FOLDER"]).glob("*.eml"))
        assert len(sent) == (1 if address.startswith("real") else 0)  # sent once the answer left
        for mail in sent:
            mail.unlink()
    assert answers[0] == answers[1]


def test_registration_link_confirms_once(app, client):
    """A confirmation link makes one account; a second use, or a second confirmation of the address, does not."""
    for other in (client, app.test_client()):
        other.post("/register", data={"name": "Amira", "email": "amira@example.org", "password": "tulips in the park"})
    links = []
    for path in Path(app.config["MAIL_FOLDER"]).glob("*.eml"):
        body = email.message_from_bytes(path.read_bytes()).get_payload(decode=True).decode()
        links.append("/register/confirm/" + body.split("/register/confirm/")[1].split()[0])
    assert len(links) == 2
    second = app.test_client()
    client.get(links[0])
    second.get(links[1])
    assert client.post("/register/confirm").status_code == 303
    late = second.post("/register/confirm")
    assert late.status_code == 303 and late.headers["Location"] in ("/register", "/login")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1
        assert db.session.scalar(select(func.count()).select_from(MailToken)) == 0


@pytest.mark.parametrize("path", ["/password/reset/", "/register/confirm/"])
@pytest.mark.parametrize("token", ["x" * 5000, "%00%0D%0A", "a.b.c", "%E2%80%AE"])
def test_hostile_mail_links_give_a_friendly_answer(client, path, token):
    """A forged, huge or odd secret in a mailed link leads back to the form, never to a 500."""
    opened = client.get(path + token)
    assert opened.status_code in (303, 400, 404)
    if opened.status_code == 303:
        assert client.get(opened.headers["Location"]).status_code == 303
