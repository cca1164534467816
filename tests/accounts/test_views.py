"""Registration, log-in, sessions the server can end, passwords, roles and personal data."""

import email
import secrets
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal.accounts.models import LoginFailure, User, UserSession
from portal.db import utcnow
from portal.extensions import db
from tests.conftest import HX, PASSWORD, mail_text, mails_when_sent


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def mailed_link(app, marker: str) -> str:
    """Return the path of the one link containing `marker` in the one mail sent."""
    [message] = mails_when_sent(app)  # a browser's request sends it after the answer
    body = mail_text(message)
    link = next(line for line in body.splitlines() if marker in line)
    return marker + link.split(marker, 1)[1].strip()


def test_register_creates_a_resident_and_logs_in(app, client):
    """Registering mails a confirmation link; confirming makes a resident with an argon2id hash, logged in."""
    response = client.post("/register", data={"name": "Amira", "email": "Amira@Example.org",
                                              "password": "tulips in the park"})
    assert response.status_code == 303 and response.headers["Location"] == "/register/sent"
    assert count(app, User) == 0  # no account before the address is confirmed
    link = mailed_link(app, "/register/confirm/")
    opened = client.get(link)
    assert opened.status_code == 303 and opened.headers["Location"] == "/register/confirm"
    page = client.get("/register/confirm")
    assert page.status_code == 200 and "Amira" in page.get_data(as_text=True) and count(app, User) == 0
    assert client.post("/register/confirm").status_code == 303
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.email == "amira@example.org" and user.role == "resident"
        assert user.password_hash.startswith("$argon2id$")
    assert "Amira" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("data, field, message", [
    ({"name": "", "email": "a@example.org", "password": "long enough pass"}, "name", "Vul dit in."),
    ({"name": "A", "email": "not@an address", "password": "long enough pass"}, "email", "Dit is geen e-mailadres."),
    ({"name": "A", "email": "a@example.org", "password": "short"}, "password", "Gebruik 8 tot 128 tekens."),
    ({"name": "A", "email": "a@example.org", "password": "x" * 129}, "password", "Gebruik 8 tot 128 tekens."),
    ({"name": "A", "email": "a@example.org", "password": "wachtwoord123"}, "password", "Veel mensen gebruiken"),
    ({"name": "A" * 81, "email": "a@example.org", "password": "long enough pass"}, "name", "hoogstens 80 tekens"),
])
def test_register_rejects_bad_input_at_the_field(app, client, data, field, message):
    """Bad registration input gets a translated message at the field, keeps what was typed, stores nothing."""
    response = client.post("/register", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in page and message in page
    assert f'aria-describedby="{field}-error"' in page or f'{field}-hint {field}-error' in page
    if data["name"]:
        assert f'value="{data["name"]}"' in page
    assert count(app, User) == 0


def test_register_with_a_taken_address_answers_like_a_new_one(app, client, make_user):
    """A taken address gets the same answer as a new one; its owner gets a mail with a reset link."""
    owner = make_user(email="taken@example.org", name="Henk", language="en")
    new = app.test_client().post("/register", data={"name": "B", "email": "fresh@example.org",
                                                    "password": "long enough pass"})
    for mail in Path(app.config["MAIL_FOLDER"]).glob("*.eml"):
        mail.unlink()
    taken = client.post("/register", data={"name": "B", "email": "TAKEN@example.org",
                                           "password": "long enough pass"})
    assert (taken.status_code, taken.headers["Location"]) == (new.status_code, new.headers["Location"])
    assert client.get(taken.headers["Location"]).get_data() == app.test_client().get("/register/sent").get_data()
    # (the "check your mail" page carries no per-visitor token, so the two pages are byte for byte the same)
    link = mailed_link(app, "/password/reset/")
    [path] = Path(app.config["MAIL_FOLDER"]).glob("*.eml")
    message = email.message_from_bytes(path.read_bytes())
    assert message["To"] == owner.email and "tried to make" in message.get_payload(decode=True).decode()
    client.get(link)
    assert client.post("/password/reset", data={"password": "my fresh sentence"}).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1
        assert db.session.scalar(select(User.password_hash).where(User.id == owner.id)) != owner.password_hash


def test_login_and_logout(client, auth, make_user):
    """Logging in shows the account; logging out ends it and clears the browser's storage."""
    make_user(email="kim@example.org", name="Kim")
    response = auth.login("kim@example.org")
    assert response.status_code == 303
    assert client.get("/account").status_code == 200
    response = auth.logout()
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
    assert client.get("/account").status_code == 303


def test_wrong_password_says_the_same_for_unknown_accounts(client, make_user):
    """A wrong password and an unknown address get the same message."""
    make_user(email="kim@example.org")
    wrong = client.post("/login", data={"email": "kim@example.org", "password": "nope nope nope"})
    unknown = client.post("/login", data={"email": "who@example.org", "password": "nope nope nope"})
    for response in (wrong, unknown):
        assert response.status_code == 422
        assert "E-mailadres of wachtwoord klopt niet." in response.get_data(as_text=True)


def test_login_keeps_a_safe_next_only(client, make_user):
    """After log-in the person returns to where they were, never to another site."""
    user = make_user()
    response = client.post("/login?next=/account", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/account"
    client.post("/logout")
    response = client.post("/login?next=//evil.example/x", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_htmx_login_redirects_with_header(client, make_user):
    """htmx callers get HX-Redirect instead of a 3xx they would ignore."""
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD}, headers=HX)
    assert response.status_code == 200 and response.headers["HX-Redirect"] == "/"


def test_unauthenticated_htmx_gets_hx_redirect_to_login(client):
    """A protected page asked by htmx answers HX-Redirect to the log-in page, not the page itself."""
    response = client.get("/account", headers=HX)
    assert response.status_code == 200 and response.headers["HX-Redirect"].startswith("/login?next=")


def test_logged_in_pages_are_not_stored(client, login_as):
    """Every page for a logged-in person carries Cache-Control: no-store."""
    login_as()
    for path in ("/", "/account", "/toegankelijkheid"):
        assert client.get(path).headers["Cache-Control"] == "no-store"


def test_logout_ends_a_copied_cookie(app, client, make_user, auth):
    """A copied session cookie stops working once its owner logs out."""
    user = make_user()
    auth.login(user)
    stolen = client.get_cookie("session").value
    auth.logout()
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/account").status_code == 303
    assert count(app, UserSession) == 0


def test_password_change_logs_out_other_devices(app, make_user):
    """Changing the password ends every other session and keeps this one."""
    user = make_user()
    phone, laptop = app.test_client(), app.test_client()
    for device in (phone, laptop):
        device.post("/login", data={"email": user.email, "password": PASSWORD})
    response = laptop.post("/account/password", data={"current_password": PASSWORD,
                                                      "password": "a brand new sentence"})
    assert response.status_code == 303
    assert laptop.get("/account").status_code == 200
    assert phone.get("/account").status_code == 303
    assert laptop.post("/login", data={"email": user.email, "password": "x"}).status_code == 303  # logged in


def test_password_change_needs_the_current_password(client, login_as):
    """A wrong current password changes nothing and says so at the field."""
    login_as()
    response = client.post("/account/password", data={"current_password": "wrong one here",
                                                      "password": "a brand new sentence"})
    assert response.status_code == 422 and "current_password-error" in response.get_data(as_text=True)


def test_idle_and_old_sessions_end(app, client, login_as):
    """A session idle for 30 minutes, or older than 12 hours, is over."""
    login_as()
    with app.app_context():
        row = db.session.scalar(select(UserSession))
        row.last_seen = utcnow() - timedelta(minutes=31)
        db.session.commit()
    assert client.get("/account").status_code == 303
    login_as()
    with app.app_context():
        row = db.session.scalar(select(UserSession))
        row.created_at = utcnow() - timedelta(hours=12, minutes=1)
        db.session.commit()
    assert client.get("/account").status_code == 303


def test_account_is_locked_after_ten_failures(app, client, make_user):
    """Ten failures in 15 minutes give 429 with Retry-After, even with the right password."""
    user = make_user()
    for _ in range(10):
        client.post("/login", data={"email": user.email, "password": "wrong password"})
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
    assert "Te vaak fout geprobeerd" in response.get_data(as_text=True)
    unknown = [client.post("/login", data={"email": "nobody@example.org", "password": "wrong password"})
               for _ in range(11)][-1]
    assert unknown.status_code == 429  # the same answer whether or not the account exists
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LoginFailure)) == 20


def test_login_is_limited_per_address(app, client):
    """One address gets 429 after the per-address ceiling, which is generous for the kiosk."""
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "3 per minute"
    try:
        statuses = [client.post("/login", data={"email": f"p{i}@example.org", "password": "whatever pass"}).status_code
                    for i in range(4)]
    finally:
        app.config["LOGIN_LIMIT_PER_ADDRESS"] = "60 per 5 minutes"
    assert statuses[:3] == [422, 422, 422] and statuses[3] == 429


def test_password_reset_by_mail(app, client, make_user):
    """A forgotten password is reset through a one-time link sent by e-mail."""
    user = make_user(email="lost@example.org")
    response = client.post("/password/forgot", data={"email": "lost@example.org"})
    assert response.status_code == 303
    mails = list(Path(app.config["MAIL_FOLDER"]).glob("*.eml"))
    assert len(mails) == 1
    message = email.message_from_bytes(mails[0].read_bytes())
    assert message["To"] == "lost@example.org"
    link = next(line for line in message.get_payload(decode=True).decode().splitlines() if "/password/reset/" in line)
    path = "/password/reset/" + link.split("/password/reset/")[1].strip()
    assert client.get(path).headers["Location"] == "/password/reset"
    assert client.post("/password/reset", data={"password": "my fresh sentence"}).status_code == 303
    assert client.post("/login", data={"email": user.email, "password": "my fresh sentence"}).status_code == 303
    client.post("/logout")
    client.get(path)
    again = client.get("/password/reset")  # the link worked once
    assert again.status_code == 303 and again.headers["Location"] == "/password/forgot"


def test_password_reset_tells_nothing_about_unknown_addresses(app, client):
    """Asking a reset for an unknown address answers the same and sends nothing."""
    response = client.post("/password/forgot", data={"email": "ghost@example.org"})
    assert response.status_code == 303
    assert list(Path(app.config["MAIL_FOLDER"]).glob("*.eml")) == []


def test_profile_change(app, client, login_as):
    """A person changes their name, language and whether their name shows in public."""
    user = login_as()
    response = client.post("/account", data={"name": "New Name", "language": "en"})
    assert response.status_code == 303
    with app.app_context():
        saved = db.session.get(User, user.id)
        assert (saved.name, saved.language, saved.show_name_in_public) == ("New Name", "en", False)
    assert "My account" in client.get("/account").get_data(as_text=True)


@pytest.mark.parametrize("role, status", [("resident", 403), ("coordinator", 403), ("librarian", 403),
                                          ("admin", 200)])
def test_only_admins_see_roles(client, login_as, role, status):
    """Only administrators reach the role page."""
    login_as(role)
    assert client.get("/admin/users").status_code == status


def test_anonymous_is_sent_to_login_for_admin(client):
    """Anonymous visitors of admin pages are sent to the log-in page."""
    assert client.get("/admin/users").headers["Location"].startswith("/login")


def test_admin_gives_a_role_and_it_counts_at_once(app, client, login_as, make_user):
    """An admin makes someone coordinator; that person's sessions end so the new role applies."""
    login_as("admin")
    other = make_user()
    other_client = app.test_client()
    other_client.post("/login", data={"email": other.email, "password": PASSWORD})
    page = client.get("/admin/users").get_data(as_text=True)
    assert other.name in page and f'name="u{other.id}-role"' in page
    response = client.post(f"/admin/users/{other.id}/role", data={f"u{other.id}-role": "coordinator"})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"#user-{other.id}")
    row = client.get(response.headers["Location"]).get_data(as_text=True).split(f'id="user-{other.id}"')[1]
    assert "is nu: Coördinator" in row.split("</li>")[0]  # the answer at that person's row
    with app.app_context():
        assert db.session.get(User, other.id).role == "coordinator"
    assert other_client.get("/account").status_code == 303


def test_admin_cannot_drop_own_admin_role(app, client, login_as):
    """An admin cannot lock the portal out by demoting themselves."""
    admin = login_as("admin")
    client.post(f"/admin/users/{admin.id}/role", data={f"u{admin.id}-role": "resident"})
    with app.app_context():
        assert db.session.get(User, admin.id).role == "admin"


def test_resident_cannot_set_roles(app, client, login_as, make_user):
    """A resident posting a role change gets 403 and nothing changes."""
    login_as()
    other = make_user()
    response = client.post(f"/admin/users/{other.id}/role", data={f"u{other.id}-role": "admin"})
    assert response.status_code == 403
    with app.app_context():
        assert db.session.get(User, other.id).role == "resident"


def test_download_my_data(client, login_as):
    """A person downloads what the portal keeps about them, as JSON."""
    user = login_as()
    response = client.get("/account/data.json")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    assert response.json["account"]["email"] == user.email


def test_delete_my_account(app, client, login_as):
    """A person deletes their account with their password; it and its sessions are gone."""
    login_as()
    assert client.post("/account/delete", data={"password": "wrong"}).status_code == 422
    response = client.post("/account/delete", data={"password": PASSWORD})
    assert response.status_code == 303
    assert count(app, User) == 0 and count(app, UserSession) == 0


def test_cli_creates_users(app):
    """Operators create users from the command line, the password from standard input."""
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "--email", "op@example.org", "--name", "Op", "--role",
                                 "librarian"], input="a long operator sentence\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(User.role).where(User.email == "op@example.org")) == "librarian"
    again = runner.invoke(args=["users", "create", "--email", "op@example.org", "--name", "Op"], input="x\n")
    assert again.exit_code != 0 and "exists" in again.output


def test_production_hash_parameters(app):
    """Production hashes with argon2id m=19456 KiB, t=2, p=1."""
    from portal.accounts import services
    with app.test_request_context():
        app.config["ARGON2_FAST"] = False
        try:
            hashed = services.hash_password("a long test sentence")
        finally:
            app.config["ARGON2_FAST"] = True
    assert hashed.startswith("$argon2id$v=19$m=19456,t=2,p=1$")


def test_seed_demo_is_idempotent_and_development_only(app):
    """seed-demo fills an empty database once, lists the log-ins, and refuses outside development."""
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0 and "buurt-demo-2026" in first.output
    before = count(app, User)
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0 and count(app, User) == before
    app.config["DEMO_LOGINS"] = False
    try:
        assert runner.invoke(args=["seed-demo"]).exit_code != 0
    finally:
        app.config["DEMO_LOGINS"] = True




def test_many_people_saving_at_once_all_succeed(app, make_user):
    """Concurrent changes by logged-in people all succeed: writes wait their turn instead of failing."""
    import threading
    people = [make_user() for _ in range(12)]
    clients = []
    for person in people:
        browser = app.test_client()
        browser.post("/login", data={"email": person.email, "password": PASSWORD})
        clients.append((browser, browser.csrf_token()))
    barrier = threading.Barrier(len(clients))
    statuses = []

    def save(pair):
        browser, token = pair
        barrier.wait()
        response = browser.post("/account", data={"name": "Renamed", "language": "en", "csrf_token": token},
                                csrf=False)
        statuses.append(response.status_code)

    threads = [threading.Thread(target=save, args=(pair,)) for pair in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [303] * len(clients)
    with app.app_context():
        assert set(db.session.scalars(select(User.name))) == {"Renamed"}


def test_address_limits_are_shared_through_redis(app, database_url, make_user):
    """With Redis as the limiter's storage (production, several workers), the per-address limit holds."""
    import redis as redis_client

    from config import TestConfig
    from portal import create_app
    try:
        redis_client.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    except redis_client.exceptions.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    prefix = f"test-{secrets.token_hex(6)}"
    apps = [create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url, RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379",
                       RATELIMIT_KEY_PREFIX=prefix, LOGIN_LIMIT_PER_ADDRESS="2 per minute", WTF_CSRF_ENABLED=False)
            for _ in range(2)]
    try:
        statuses = [apps[i % 2].test_client().post("/password/forgot", data={"email": "x@example.org"}).status_code
                    for i in range(3)]
    finally:
        for worker in apps:
            with worker.app_context():
                db.engine.dispose()
        create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)  # the shared limiter counts in memory again
    assert statuses[:2] != [429, 429] and statuses[2] == 429  # two "workers", one shared count
