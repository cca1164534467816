"""PostgreSQL round trips: a page that only reads runs without BEGIN, ROLLBACK or a ping, a request that writes
still writes in one transaction, and a connection the server closed is replaced without an error.

Runs on PostgreSQL (CI's second run); skipped on SQLite, whose connections are a file, not a server.
"""

from __future__ import annotations

import time

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.exc import IntegrityError

from portal.extensions import db


@pytest.fixture
def postgresql(app, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("round trips to a database server need PostgreSQL (run with TEST_DATABASE_URL)")
    return database_url


def _statements_in_autocommit(app, run) -> list[tuple[str, bool]]:
    """Run `run()` and return each statement it sent with whether its connection was in autocommit."""
    seen: list[tuple[str, bool]] = []

    def note(conn, _cursor, statement, *_args):
        seen.append((statement.split()[0].upper(), conn.connection.dbapi_connection.autocommit))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "after_cursor_execute", note)
    try:
        run()
    finally:
        event.remove(engine, "after_cursor_execute", note)
    return seen


def test_a_page_that_only_reads_sends_no_begin(app, postgresql, client, login_as):
    login_as("resident")
    client.get("/applause")  # the session's keep-alive, which writes, is behind us
    seen = _statements_in_autocommit(app, lambda: client.get("/applause"))
    assert seen and all(statement == "SELECT" and autocommit for statement, autocommit in seen), seen


def test_a_read_request_that_writes_does_it_in_one_transaction(app, postgresql):
    with app.test_request_context("/", method="GET"):
        assert db.session.scalar(text("SELECT count(*) FROM data_version WHERE id = 7")) == 0
        assert db.session.connection().connection.dbapi_connection.autocommit, "reads run in autocommit"
        db.session.execute(text("INSERT INTO data_version (id, n) VALUES (7, 1)"))
        assert not db.session.connection().connection.dbapi_connection.autocommit, "a write starts a transaction"
        with pytest.raises(IntegrityError):
            db.session.execute(text("INSERT INTO data_version (id, n) VALUES (7, 1)"))
        db.session.rollback()
        assert db.session.scalar(text("SELECT count(*) FROM data_version WHERE id = 7")) == 0, (
            "the first insert was undone with the second: they were one transaction")


def test_a_locking_read_starts_a_transaction(app, postgresql):
    with app.test_request_context("/", method="GET"):
        connection = db.session.connection().connection.dbapi_connection
        db.session.execute(text("SELECT n FROM data_version FOR UPDATE"))
        assert not connection.autocommit
        db.session.rollback()


def test_a_connection_back_in_the_pool_leaves_autocommit(app, postgresql, client):
    client.get("/applause")
    with app.app_context():
        # Outside a request (a command, a migration): the pool's connections are plain transactions again.
        assert not db.session.connection().connection.dbapi_connection.autocommit


def test_a_connection_the_server_closed_is_replaced_without_an_error(app, postgresql, client):
    assert client.get("/applause").status_code == 200  # the app now holds a connection in its pool
    admin = create_engine(postgresql)
    try:
        with admin.connect() as connection:
            ended = connection.scalar(text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'"))
            assert ended >= 1
            deadline = time.monotonic() + 5
            while connection.scalar(text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND backend_type = 'client backend'")) and time.monotonic() < deadline:
                time.sleep(0.05)
    finally:
        admin.dispose()
    assert client.get("/applause").status_code == 200
    assert client.get("/applause").status_code == 200


def test_a_connection_asked_for_in_autocommit_keeps_it(app, postgresql):
    """VACUUM (and an index built CONCURRENTLY) must run outside a transaction: a caller that asks for autocommit
    keeps it, in a request that reads as well as outside one."""
    for context in (app.test_request_context("/", method="GET"), app.app_context()):
        with context, db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM data_version"))
