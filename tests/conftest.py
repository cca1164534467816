"""Shared fixtures: the app on a migrated database, clients, log-in helpers and factories."""

from __future__ import annotations

import contextlib
import email
import email.policy
import os
import re
import threading
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask.testing import FlaskClient
from flask_migrate import upgrade
from limits.storage import MemoryStorage
from sqlalchemy import create_engine, event, text
from werkzeug.serving import make_server

from config import TestConfig
from portal import create_app
from portal.extensions import db, limiter

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery"
HX = {"HX-Request": "true"}
TOKEN_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def compile_translations() -> None:
    """Compile the .po catalogs when their .mo is missing or older (make does this too)."""
    for po in (ROOT / "portal" / "translations").glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as source, mo.open("wb") as target:
                write_mo(target, read_po(source))


def reset_database(url: str) -> None:
    """Give PostgreSQL an empty public schema (SQLite gets a new file instead)."""
    if url.startswith("postgresql"):
        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()


class PortalClient(FlaskClient):
    """A test client that fills in the CSRF token of its session, as a browser's form would."""

    def csrf_token(self) -> str:
        """Return this session's CSRF token, read from a page like a browser would."""
        for path in ("/login", "/toegankelijkheid"):  # the log-in form, or the log-out button once logged in
            match = TOKEN_RE.search(self.get(path).get_data(as_text=True))
            if match:
                return match.group(1)
        raise AssertionError("no page offered a CSRF token")

    def open(self, *args, buffered: bool = True, **kwargs):
        # Read the whole answer and close it, as a server does: work done on close (mail) has happened then.
        return super().open(*args, buffered=buffered, **kwargs)

    def post(self, *args, csrf: bool = True, **kwargs):
        if csrf:
            data = dict(kwargs.pop("data", None) or {})
            data.setdefault("csrf_token", self.csrf_token())
            kwargs["data"] = data
        return super().post(*args, **kwargs)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    """Return the test database: TEST_DATABASE_URL (PostgreSQL), else a fresh SQLite file."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        if url.startswith("postgresql://"):
            url = url.replace("postgresql://", "postgresql+psycopg://", 1)
        reset_database(url)
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def _app(database_url, tmp_path_factory):
    compile_translations()
    folder = tmp_path_factory.mktemp("instance")
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url, MAIL_FOLDER=str(folder / "mail"),
                     UPLOAD_FOLDER=str(folder / "uploads"))
    app.test_client_class = PortalClient
    with app.app_context():
        upgrade()  # the tests run the migrations, never create_all
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def app(_app):
    """Yield the app on an emptied database.

    No app context stays pushed during a test: requests would share it (and its `g` and db session),
    which hides bugs. Tests open `with app.app_context():` where they read the database themselves.
    """
    yield _app
    with _app.app_context():
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())
    if isinstance(limiter.storage, MemoryStorage):
        limiter.reset()  # never Redis's: its reset clears every limit kept there, other processes' too
    for mail in Path(_app.config["MAIL_FOLDER"]).glob("*.eml"):
        mail.unlink()


def read_mails(app) -> list[email.message.EmailMessage]:
    """Return the mails written to the mail folder, parsed, oldest first."""
    paths = sorted(Path(app.config["MAIL_FOLDER"]).glob("*.eml"), key=lambda path: path.stat().st_mtime_ns)
    return [email.message_from_bytes(path.read_bytes(), policy=email.policy.default) for path in paths]


def mails_when_sent(app, count: int = 1, seconds: float = 10, to: str | None = None,
                    subject: str | None = None) -> list[email.message.EmailMessage]:
    """Return the mails (to `to`, with `subject`, when given) once `count` are out. A browser's request sends its
    mail after the answer, so wait; half way run the sender's next round, as the background thread's retry does in
    production."""
    import time

    from portal.mail.sender import send_pending

    def wanted() -> list[email.message.EmailMessage]:
        return [mail for mail in read_mails(app)
                if (to is None or mail["To"] == to) and (subject is None or mail["Subject"] == subject)]

    for attempt in range(int(seconds * 10)):
        mails = wanted()
        if len(mails) >= count:
            return mails
        if attempt == int(seconds * 5):
            with app.app_context():
                send_pending()
        time.sleep(0.1)
    return wanted()


def mail_text(message) -> str:
    """Return the plain-text body of a mail."""
    return message.get_body(("plain",)).get_content()


def saved(obj):
    """Commit, then detach `obj` with its columns loaded, so tests can read it outside the app context."""
    db.session.commit()
    db.session.refresh(obj)
    db.session.expunge(obj)
    return obj


@pytest.fixture
def smtp(app, monkeypatch):
    """Point the app at a local SMTP stub server and return the stub."""
    from tests.smtp_stub import SMTPStub

    with SMTPStub() as stub:
        monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
        monkeypatch.setitem(app.config, "MAIL_PORT", stub.port)
        monkeypatch.setitem(app.config, "MAIL_USE_TLS", False)
        yield stub


@pytest.fixture
def client(app) -> PortalClient:
    """Return a test client that sends CSRF tokens."""
    return app.test_client()


@pytest.fixture
def clock(monkeypatch):
    """Return a function that sets the portal's clock (`portal.db.utcnow`) to a fixed moment for this test."""
    from datetime import UTC, datetime

    import portal.db

    class Frozen(datetime):
        moment = datetime.now(UTC)

        @classmethod
        def now(cls, tz=None):
            return cls.moment.astimezone(tz) if tz else cls.moment.replace(tzinfo=None)

    def set_clock(moment: datetime) -> None:
        Frozen.moment = moment.astimezone(UTC)
        monkeypatch.setattr(portal.db, "datetime", Frozen)

    return set_clock


@pytest.fixture
def make_user(app):
    """Return a factory that creates users with sensible defaults."""
    from portal.accounts.services import create_user

    counter = iter(range(1, 1_000_000))

    def make(role: str = "resident", name: str | None = None, email: str | None = None,
             password: str = PASSWORD, language: str = "nl", **fields):
        number = next(counter)
        with app.app_context():
            user = create_user(email or f"person{number}@example.org", name or f"Person {number}", password,
                               role=role, language=language)
            for key, value in fields.items():
                setattr(user, key, value)
            return saved(user)

    return make


class Auth:
    def __init__(self, client):
        self.client = client

    def login(self, user_or_email, password: str = PASSWORD):
        """Log in through the log-in form."""
        email = getattr(user_or_email, "email", user_or_email)
        return self.client.post("/login", data={"email": email, "password": password})

    def logout(self):
        """Log out through the log-out button."""
        return self.client.post("/logout")


@pytest.fixture
def auth(client) -> Auth:
    """Return a helper that logs the test client in and out."""
    return Auth(client)


@pytest.fixture
def login_as(client, make_user, auth):
    """Return a function that creates a user with `role`, logs the client in as them, and returns them."""

    def login(role: str = "resident", **fields):
        user = make_user(role=role, **fields)
        response = auth.login(user)
        assert response.status_code == 303, response.get_data(as_text=True)[:500]
        return user

    return login


@pytest.fixture
def count_queries(app, monkeypatch):
    """Return a context manager that counts SQL statements run inside it.

    The session row's keep-alive (written at most once a minute) stays out: it follows the clock, not the page,
    and on a slow machine it would fall on a different page in each run. Only this thread's statements count:
    the test client runs the request here, while the browser tests' live server (and a page a browser test left
    polling) may run queries in other threads at any moment."""
    from datetime import timedelta

    from portal.accounts import services as account_services

    monkeypatch.setattr(account_services, "LAST_SEEN_GRANULARITY", timedelta(days=1))

    @contextlib.contextmanager
    def counting():
        statements: list[str] = []
        here = threading.get_ident()

        def before(conn, cursor, statement, *args):
            if threading.get_ident() == here and not statement.lstrip().upper().startswith(
                    ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")):
                statements.append(statement)

        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", before)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", before)

    return counting


@pytest.fixture(scope="session")
def live_server(_app):
    """Serve the app on a free local port in a thread, for browser tests."""
    def closing(environ, start_response):
        # Werkzeug's test server skips closing the body when the browser drops the connection while it drains the
        # socket, and the file left open fails a later test as a ResourceWarning. Read the body here and close it.
        body = _app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()

    server = make_server("127.0.0.1", 0, closing, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def make_initiative(app):
    """Return a factory that creates initiatives."""
    from portal.initiatives.models import Initiative

    counter = iter(range(1, 1_000_000))

    def make(name: str | None = None):
        with app.app_context():
            initiative = Initiative(name=name or f"Initiative {next(counter)}")
            db.session.add(initiative)
            return saved(initiative)

    return make


@pytest.fixture
def make_shout(app, make_user):
    """Return a factory that posts shout-outs (by a fresh resident unless an author is given)."""
    from portal.applause.services import post_shout

    def make(text: str = "Thank you for the chairs!", author=None, thanked_name: str | None = "Fatima",
             thanked_user=None, initiative=None, **fields):
        author = author or make_user()
        with app.app_context():
            shout = post_shout(db.session.merge(author), text, thanked_name,
                               db.session.merge(thanked_user) if thanked_user else None,
                               initiative.id if initiative else None)
            for key, value in fields.items():
                setattr(shout, key, value)
            return saved(shout)

    return make


def future_local(days: int = 8, hour: int = 10, minute: int = 0):
    """Return a local (Amsterdam) wall-clock datetime `days` ahead, at `hour`."""
    from datetime import datetime, time, timedelta

    from portal.core.time import local

    today = local(datetime.now().astimezone()).date()
    return datetime.combine(today + timedelta(days=days), time(hour, minute))


@pytest.fixture
def make_room(app):
    """Return a factory for rooms in a venue open every day from 08:00 to 22:00."""
    from datetime import time

    from portal.venues.models import OpeningHours, Room, Venue

    counter = iter(range(1, 1_000_000))

    def make(name: str | None = None, venue_name: str | None = None, hours=(8, 22), **fields):
        number = next(counter)
        with app.app_context():
            venue = Venue(name=venue_name or f"Venue {number}")
            db.session.add(venue)
            db.session.flush()
            db.session.add_all(OpeningHours(venue_id=venue.id, weekday=day, opens=time(hours[0]),
                                            closes=time(hours[1])) for day in range(7))
            room = Room(venue_id=venue.id, name=name or f"Room {number}", capacity=20, **fields)
            db.session.add(room)
            return saved(room)

    return make


@pytest.fixture
def make_booking(app, make_user):
    """Return a factory for bookings (approved unless said otherwise), given local start and end."""
    from portal.core.time import to_utc
    from portal.venues.models import Booking

    def make(room, start, end, title: str = "Meeting", status: str = "approved", requester=None, **fields):
        requester = requester or make_user()
        with app.app_context():
            booking = Booking(room_id=room.id, title=title, start_at=to_utc(start), end_at=to_utc(end),
                              status=status, requester_id=requester.id, **fields)
            db.session.add(booking)
            return saved(booking)

    return make


@pytest.fixture
def make_task(app, make_initiative):
    """Return a factory for tasks on a (new, public) initiative's board."""
    from portal.boards.models import Task, TaskSkill

    def make(initiative=None, title: str = "Bring chairs", estimate_minutes: int = 60, places_needed: int = 1,
             skills=(), **fields):
        initiative = initiative or make_initiative()
        with app.app_context():
            task = Task(initiative_id=initiative.id, title=title, estimate_minutes=estimate_minutes,
                        places_needed=places_needed, **fields)
            task.skills = [TaskSkill(skill=skill) for skill in skills]
            db.session.add(task)
            return saved(task)

    return make


@pytest.fixture
def make_group(app):
    """Return a factory for initiatives with any of their fields (public, active, a purpose) and members or
    carriers."""
    from portal.initiatives.models import Initiative, Membership

    counter = iter(range(1, 1_000_000))

    def make(name: str | None = None, members=(), carriers=(), **fields):
        number = next(counter)
        fields.setdefault("purpose", f"Purpose {number}")
        with app.app_context():
            initiative = Initiative(name=name or f"Group {number:04d}", **fields)
            db.session.add(initiative)
            db.session.flush()
            for person in members:
                db.session.add(Membership(initiative_id=initiative.id, user_id=person.id))
            for person in carriers:
                db.session.add(Membership(initiative_id=initiative.id, user_id=person.id, role="carrier"))
            return saved(initiative)

    return make


@pytest.fixture
def overloaded_member(app, make_task, make_initiative, make_user):
    """Fatima carries 8 hours on one task of "Koningsdag 2027"; Rosa is a member with room. Return (task, fatima,
    rosa): the case the load guard asks someone to take over."""
    from portal.accounts.models import User
    from portal.boards import services
    from portal.initiatives.models import Membership

    board = make_initiative("Koningsdag 2027")
    fatima, rosa = make_user(name="Fatima"), make_user(name="Rosa")
    task = make_task(board, "Subsidie schrijven", estimate_minutes=8 * 60)
    with app.app_context():
        db.session.add_all([Membership(initiative_id=board.id, user_id=fatima.id),
                            Membership(initiative_id=board.id, user_id=rosa.id)])
        db.session.commit()
        services.claim(task.id, db.session.get(User, fatima.id))
    return task, fatima, rosa
