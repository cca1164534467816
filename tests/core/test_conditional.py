"""Conditional GETs of public pages: a reload with the page's ETag gets 304 without the page being made, and every
change to what a page shows (data, the clock, the language, the build) makes a new ETag."""

import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, select, text

from config import TestConfig
from portal import create_app, pagecache
from portal.accounts.models import LoginFailure, UserSession
from portal.applause import services as applause
from portal.db import read_data_version
from portal.extensions import db
from portal.initiatives.models import Initiative
from tests.applause.test_services import run_at_once
from tests.conftest import HX, future_local

ROOT = Path(__file__).resolve().parents[2]
# Ways to write that the session never sees, so they would leave the data version (and every ETag) behind.
BYPASS = re.compile(r"\.connection\(\)|\bbulk_(?:insert|update|save)_|engine\.(?:begin|connect)\(|exec_driver_sql\(")
# The database's own setup (BEGIN, pragmas) and backups, which read or replace the whole database.
MAY_BYPASS = {"db.py", "operations/backup.py", "operations/checks.py"}


def etag_of(visitor, path: str, **headers) -> str:
    """Return the ETag a visitor who is not logged in gets with the full page."""
    response = visitor.get(path, headers=headers)
    assert response.status_code == 200 and response.headers.get("ETag"), (path, response.status_code)
    return response.headers["ETag"]


def version(app) -> int:
    with app.app_context():
        return read_data_version(db.session)


@pytest.fixture
def visitor(app):
    """Return a second client that is never logged in (the wall, a phone)."""
    return app.test_client()


def test_a_reload_with_the_etag_gets_304_after_one_query(app, visitor, make_shout, count_queries, monkeypatch):
    """The second visit with If-None-Match is answered 304 with the same headers; the view never runs, the one
    query reads the data version."""
    make_shout("thanks for the soup")
    first = visitor.get("/applause", headers={"Accept-Encoding": "gzip"})
    etag = first.headers["ETag"]
    assert "HX-Request" in first.headers["Vary"] and first.headers["Cache-Control"] == "no-cache"

    def never(*args, **kwargs):
        raise AssertionError("the page was made")

    monkeypatch.setattr(applause, "feed_page", never)
    with count_queries() as statements:
        again = visitor.get("/applause", headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    assert len(statements) == 1 and "data_version" in statements[0]
    assert again.headers["Cache-Control"] == "no-cache"
    assert {"HX-Request", "Accept-Encoding"} <= set(again.headers["Vary"].replace(" ", "").split(","))
    assert "default-src 'none'" in again.headers["Content-Security-Policy"]
    for header in (f"W/{etag}", f'"other", {etag}'):
        assert visitor.get("/applause", headers={"Accept-Encoding": "gzip", "If-None-Match": header}).status_code \
            == 304, header
    with pytest.raises(AssertionError, match="the page was made"):
        visitor.get("/applause", headers={"Accept-Encoding": "gzip", "If-None-Match": '"not-it"'})


def test_the_page_cache_answers_304_without_a_query(app, visitor, make_shout, count_queries):
    """With the page cache on, a reload within its seconds gets 304 from the kept page's ETag, no query at all."""
    pagecache.clear()
    app.config["PAGE_CACHE_SECONDS"] = 60
    try:
        make_shout()
        etag = etag_of(visitor, "/applause")
        with count_queries() as statements:
            again = visitor.get("/applause", headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.headers["ETag"] == etag and statements == []
        assert visitor.get("/applause").headers["ETag"] == etag  # the kept page carries it too
    finally:
        app.config["PAGE_CACHE_SECONDS"] = 0
        pagecache.clear()


def test_any_etag_matches_only_a_page_that_exists(visitor, make_shout):
    """If-None-Match: * gets 304 for a page that exists and the 404 for one that does not."""
    shout = make_shout()
    assert visitor.get(f"/applause/{shout.id}", headers={"If-None-Match": "*"}).status_code == 304
    missing = visitor.get(f"/applause/{shout.id + 1000}", headers={"If-None-Match": "*"})
    assert missing.status_code == 404 and "ETag" not in missing.headers


def test_a_304_repeats_the_pages_own_cache_control(visitor):
    """A page that says how long it may be kept (the weekly sheet as text: 5 minutes) says the same on its 304."""
    first = visitor.get("/buurtbericht.txt")
    assert first.status_code == 200 and first.headers["Cache-Control"] == "public, max-age=300"
    again = visitor.get("/buurtbericht.txt", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.headers["Cache-Control"] == "public, max-age=300"


NEW_WORKER = """
import sys
from datetime import datetime

import portal.db
from config import TestConfig
from portal import create_app

url, mail, uploads, moment, etag = sys.argv[1:]


class Frozen(datetime):
    @classmethod
    def now(cls, tz=None):
        return datetime.fromisoformat(moment).astimezone(tz)


portal.db.datetime = Frozen  # the same clock as the worker that made the page
app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url, MAIL_FOLDER=mail, UPLOAD_FOLDER=uploads)
response = app.test_client().get("/buurtbericht.txt", headers={"If-None-Match": etag})
print(response.status_code, response.headers.get("Cache-Control"))
"""


def test_a_worker_that_never_made_the_page_repeats_its_cache_control(app, visitor, clock, database_url):
    """Another worker (a new process) whose first request is the reload with the page's ETag answers 304 with the
    page's own Cache-Control, not the "no-cache" of a page that says nothing."""
    moment = datetime(2026, 12, 1, 10, 0, 30, tzinfo=UTC)
    clock(moment)
    # The build an app works out once holds its settings; tests before this one switched caches on and off after it
    # was made, so it is made again from the settings both processes now share.
    app.extensions.pop("page_etag_build", None)
    etag = etag_of(visitor, "/buurtbericht.txt")
    worker = subprocess.run([sys.executable, "-c", NEW_WORKER, database_url, app.config["MAIL_FOLDER"],
                             app.config["UPLOAD_FOLDER"], moment.isoformat(), etag],
                            cwd=ROOT, capture_output=True, text=True, timeout=120, check=True)
    assert worker.stdout.splitlines()[-1] == "304 public, max-age=300", worker.stdout


def test_every_kind_of_write_changes_the_etag(app, client, visitor, login_as, make_shout, make_task, make_room,
                                               make_initiative):
    """A clap, a new shout-out, a booking, a task claim, a hidden shout-out and a members-only switch each make the
    page's old ETag stale; reading pages and logging in do not."""
    shout, task, room, group = make_shout("for the chairs"), make_task(), make_room(), make_initiative()
    login_as("coordinator")
    pages = {"clap": f"/applause/{shout.id}", "shout": "/applause", "booking": f"/rooms/{room.id}",
             "claim": f"/boards/{task.initiative_id}", "hide": "/applause", "members": f"/initiatieven/{group.id}"}
    start = future_local(3, 10)

    def members_only():
        with app.app_context():
            db.session.get(Initiative, group.id).visibility = "members"
            db.session.commit()

    writes = {
        "clap": lambda: client.post(f"/applause/{shout.id}/clap"),
        "shout": lambda: client.post("/applause/new", data={"thanked_name": "Kim", "text": "for the tea"}),
        "booking": lambda: client.post(f"/rooms/{room.id}/book", data={
            "title": "Soup lunch", "start": start.strftime("%Y-%m-%dT%H:%M"),
            "end": (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")}),
        "claim": lambda: client.post(f"/tasks/{task.id}/claim"),
        "hide": lambda: client.post(f"/applause/{shout.id}/hide", data={"reason": "rude"}),
        "members": members_only,
    }
    for kind, write in writes.items():
        path = pages[kind]
        before = etag_of(visitor, path)
        client.get(path)  # a logged-in person reading the page changes nothing
        assert etag_of(visitor, path) == before, kind
        result = write()
        assert result is None or result.status_code in (200, 303), (kind, result.status_code)
        after = visitor.get(path, headers={"If-None-Match": before})
        assert after.status_code != 304 and after.headers.get("ETag") != before, kind
    assert visitor.get(pages["members"]).status_code == 404  # and the members-only page is gone for visitors


def test_only_writes_to_what_pages_show_raise_the_version(app, make_user, make_task):
    """A log-in session, a conditional update that changed no row, a rollback and a read leave the data version;
    a savepoint inside a committed write raises it once."""
    person, task = make_user(), make_task()
    start = version(app)
    with app.app_context():
        db.session.add_all([UserSession(id="a" * 64, user_id=person.id), LoginFailure(identifier="b" * 64)])
        db.session.commit()
        db.session.execute(text("UPDATE tasks SET title = 'x' WHERE id = -1"))
        db.session.commit()
        db.session.execute(text("UPDATE tasks SET title = 'Rolled back'"))
        db.session.rollback()
        db.session.scalars(select(Initiative)).all()
        db.session.commit()
    assert version(app) == start
    with app.app_context():
        with db.session.begin_nested():
            db.session.execute(text("UPDATE tasks SET title = 'Carry tables' WHERE id = :id"), {"id": task.id})
        db.session.commit()
    assert version(app) == start + 1


def test_the_version_is_the_last_statement_before_commit(app, client, login_as, make_shout):
    """The data version row is locked only for the commit: raising it is the last statement of the transaction."""
    shout = make_shout()
    login_as()
    with app.app_context():
        engine = db.engine
    seen: list[str] = []

    def statement(conn, cursor, sql, *args):
        seen.append(sql)

    def commit(conn):
        seen.append("COMMIT")

    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "commit", commit)
    try:
        assert client.post(f"/applause/{shout.id}/clap").status_code in (200, 303)
    finally:
        event.remove(engine, "before_cursor_execute", statement)
        event.remove(engine, "commit", commit)
    raised = [index for index, sql in enumerate(seen) if "data_version" in sql]
    assert raised and all(seen[index + 1] == "COMMIT" for index in raised), seen


def test_writers_at_once_each_raise_the_version_without_deadlock(app, make_user, make_shout):
    """Twenty people clapping at the same moment: all counted, and the version rose exactly twenty times."""
    shout = make_shout()
    people = [make_user() for _ in range(20)]
    start = version(app)
    assert run_at_once(app, lambda user: applause.toggle_clap(shout.id, user.id), people) == []
    assert version(app) == start + 20


def test_a_logged_in_person_never_gets_a_304_of_the_public_page(client, visitor, login_as, make_shout):
    """The public page's ETag means nothing to someone logged in: they get their own page, not stored anywhere."""
    make_shout()
    etag = etag_of(visitor, "/applause")
    login_as()
    response = client.get("/applause", headers={"If-None-Match": etag})
    assert response.status_code == 200 and "ETag" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"
    assert client.get("/applause", headers={"If-None-Match": "*"}).status_code == 200


def test_language_fragment_and_encoding_each_have_their_own_etag(client, visitor, make_shout):
    """Dutch and English, page and htmx fragment, gzip and plain: different pages, different ETags."""
    make_shout()
    dutch = etag_of(visitor, "/applause")
    assert etag_of(visitor, "/applause") == dutch
    fragment = etag_of(visitor, "/applause", **HX)
    gzipped = etag_of(visitor, "/applause", **{"Accept-Encoding": "gzip"})
    client.get("/language/en?next=/applause")
    english = etag_of(client, "/applause")
    assert len({dutch, fragment, gzipped, english}) == 4
    assert client.get("/applause", headers={"If-None-Match": dutch}).status_code == 200


def test_the_clock_changes_the_etag(app, visitor, clock, make_shout):
    """Pages that follow the clock ("today", an event that ended) change the next day, and at least every
    PAGE_ETAG_MINUTES; within one slot the ETag stays."""
    make_shout()
    moment = datetime(2026, 12, 1, 10, 0, 30, tzinfo=UTC)
    clock(moment)
    first = etag_of(visitor, "/venues/today")
    clock(moment + timedelta(minutes=1))
    assert etag_of(visitor, "/venues/today") == first
    clock(moment + timedelta(minutes=app.config["PAGE_ETAG_MINUTES"]))
    later = etag_of(visitor, "/venues/today")
    clock(moment + timedelta(days=1))
    tomorrow = etag_of(visitor, "/venues/today")
    assert len({first, later, tomorrow}) == 3
    assert visitor.get("/venues/today", headers={"If-None-Match": first}).status_code == 200


@pytest.mark.parametrize("value", ["x" * 100_000, "\x00", '"a"\x00"b"', "," * 5000, "W/", '"', "*, *",
                                   ", ".join(f'"{number}"' for number in range(10_000)), "W/" * 3000, "é"])
def test_hostile_if_none_match_never_fails(visitor, value):
    """Huge, NUL, unbalanced and endless If-None-Match headers get a page or a 304, never an error."""
    response = visitor.get("/applause", environ_overrides={"HTTP_IF_NONE_MATCH": value})
    assert response.status_code in (200, 304)


def test_cr_lf_in_if_none_match_is_no_match(visitor):
    """A header with CR/LF in it (a proxy that let it through) is read as text that matches nothing."""
    etag = etag_of(visitor, "/applause")
    for value in (f"{etag}\r\nX-Evil: 1", f"\r\n{etag}x", "\r\n"):
        response = visitor.get("/applause", environ_overrides={"HTTP_IF_NONE_MATCH": value})
        assert response.status_code == 200 and "X-Evil" not in response.headers


def test_a_database_not_migrated_yet_serves_pages_without_etags():
    """Code deployed before its migration: pages are served as before, without an ETag, never a 500."""
    response = create_app(TestConfig, SQLALCHEMY_DATABASE_URI="sqlite://").test_client().get("/toegankelijkheid")
    assert response.status_code == 200 and "ETag" not in response.headers


def test_etags_off_with_zero_minutes(app, visitor, monkeypatch):
    """PAGE_ETAG_MINUTES = 0 switches ETags off: no header, no 304, no extra query."""
    monkeypatch.setitem(app.config, "PAGE_ETAG_MINUTES", 0)
    response = visitor.get("/applause")
    assert response.status_code == 200 and "ETag" not in response.headers
    assert visitor.get("/applause", headers={"If-None-Match": "*"}).status_code == 200


def test_every_write_goes_through_a_session():
    """No module of the portal writes around the session (engine.begin, a raw connection, bulk helpers): the data
    version, raised by the session's commit, sees every change a page can show."""
    found = [f"{path.relative_to(ROOT / 'portal')}: {match.group(0)}"
             for path in sorted((ROOT / "portal").rglob("*.py"))
             if str(path.relative_to(ROOT / "portal")) not in MAY_BYPASS
             for match in BYPASS.finditer(path.read_text())]
    assert found == []
    assert all(BYPASS.search((ROOT / "portal" / name).read_text()) for name in MAY_BYPASS)  # the rule still bites


def test_a_new_process_whose_first_request_writes_does_not_lock_itself(database_url, app):
    """A worker just started (nothing known about the database yet) whose first request writes what a page shows:
    looking for the data version table happens on the request's own connection, not on a second one that would
    wait for the first one's write lock (on SQLite "database is locked" after the 10 s busy timeout, a 500)."""
    fresh = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url,
                       MAIL_FOLDER=app.config["MAIL_FOLDER"], UPLOAD_FOLDER=app.config["UPLOAD_FOLDER"])
    with fresh.test_request_context("/", method="POST"):
        fresh.preprocess_request()  # a POST: on SQLite the request's transaction begins IMMEDIATE
        try:
            db.session.add(Initiative(name="Eerste schrijver"))
            db.session.commit()
            assert read_data_version(db.session) >= 1
        finally:
            db.session.rollback()
            db.engine.dispose()
