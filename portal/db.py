"""Database base class, UTC timestamps and the SQLite transaction rules."""

from __future__ import annotations

import contextlib
import contextvars
import re
import select
import time
import weakref
from datetime import UTC, datetime

from sqlalchemy import BigInteger, Column, DateTime, Integer, MetaData, Table, TextClause, event, inspect, text
from sqlalchemy.engine import CursorResult, Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import DeclarativeBase, Session
from sqlalchemy.types import TypeDecorator

# Stable constraint names, so migrations can name what they change on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """Return the current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


def one_of(column: str, values: tuple[str, ...]) -> str:
    """Return the SQL check `column IN ('a', 'b')`, built from the Python tuple of allowed values so they agree."""
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def rows_changed(session, statement) -> int:
    """Run an INSERT, UPDATE or DELETE in `session` and return how many rows it changed."""
    result: CursorResult = session.execute(statement)  # type: ignore[assignment]
    return result.rowcount


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use a timezone-aware one")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# SQLite: pysqlite defers BEGIN in a way that breaks check-then-write. We take over BEGIN ourselves
# (SQLAlchemy docs, "Serializable isolation / Savepoints / Transactional DDL"), and a write that must
# check first runs inside write_transaction(), which starts with BEGIN IMMEDIATE and so waits its turn.
_immediate: contextvars.ContextVar[bool] = contextvars.ContextVar("immediate", default=False)


@event.listens_for(Engine, "connect")
def _sqlite_on_connect(dbapi_connection, connection_record):
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_on_begin(connection):
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _immediate.get() else "BEGIN")


@contextlib.contextmanager
def write_transaction(session):
    """Run a check-then-write block as one serialised transaction, and commit it.

    On SQLite the block starts with BEGIN IMMEDIATE, so concurrent writers queue instead of both reading
    "free" and both writing. On PostgreSQL the database constraints decide; this commits or rolls back.
    """
    session.commit()
    token = _immediate.set(True)
    try:
        yield
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        _immediate.reset(token)


# PostgreSQL: round trips. Every statement waits for an answer from the server, and so did three more per request:
# the pool's "SELECT 1" on checkout (pool_pre_ping), and the BEGIN and ROLLBACK that psycopg sends around the
# statements of a page that only reads. A page's reads run in autocommit instead: on READ COMMITTED, which every
# transaction here uses, each statement already sees its own snapshot, so they read exactly what they read inside
# a transaction. The first statement that may write or lock (anything but a plain SELECT) switches the connection
# back, so it and everything after it, up to the commit, is one transaction as before. A connection the server
# closed (a restart, an administrator, an idle timeout) is found on checkout without a round trip: the server's
# last message or the closed socket makes an idle connection readable, and the pool then takes a fresh one.
_READ_ONLY_SQL = re.compile(r"\s*select\b(?!.*\bfor\s+(update|share|no\s+key\s+update|key\s+share)\b)",
                            re.IGNORECASE | re.DOTALL)
_READ_METHODS = frozenset(("GET", "HEAD", "OPTIONS"))


def _is_psycopg(dbapi_connection) -> bool:
    return type(dbapi_connection).__module__.startswith("psycopg")


def _closed_by_server(dbapi_connection) -> bool:
    """Tell, without a round trip, whether the server closed this idle connection (or left a message on it)."""
    from psycopg import OperationalError
    from psycopg.pq import ConnStatus

    pgconn = dbapi_connection.pgconn
    try:
        if pgconn.status != ConnStatus.OK:
            return True
        readable, _, _ = select.select([pgconn.socket], [], [], 0)
    except (OSError, ValueError, OperationalError):
        return True
    # An idle connection has nothing to read. Something there is the server's goodbye, or rarely a notice: a fresh
    # connection costs less than a request that fails on a dead one.
    return bool(readable)


_READING = "reads_in_autocommit"  # on a pooled connection's info while this module put it in autocommit


def _on_checkout(dbapi_connection, connection_record, connection_proxy) -> None:
    if not _is_psycopg(dbapi_connection):
        return
    if _closed_by_server(dbapi_connection):
        raise DisconnectionError("the server closed this connection")
    from flask import has_request_context, request
    from psycopg.pq import TransactionStatus

    if (has_request_context() and request.method in _READ_METHODS and not dbapi_connection.autocommit
            and dbapi_connection.pgconn.transaction_status == TransactionStatus.IDLE):
        dbapi_connection.autocommit = True
        connection_record.info[_READING] = True


def _on_checkin(dbapi_connection, connection_record) -> None:
    # After the pool's rollback; a connection that broke meanwhile is left to the pool, which discards it.
    if connection_record.info.pop(_READING, False) and dbapi_connection is not None:
        with contextlib.suppress(Exception):
            dbapi_connection.autocommit = False


def _write_starts_transaction(conn, cursor, statement, parameters, context, executemany) -> None:
    # Only where this module chose autocommit: a caller that asked for it (VACUUM, an index built CONCURRENTLY)
    # keeps it.
    pooled = conn.connection
    if pooled.info.get(_READING) and not _READ_ONLY_SQL.match(statement) \
            and "isolation_level" not in conn.get_execution_options():
        pooled.dbapi_connection.autocommit = False  # allowed: in autocommit it is idle between statements
        del pooled.info[_READING]


def fewer_round_trips(engine: Engine) -> None:
    """On PostgreSQL, let reads run without BEGIN, ROLLBACK and a ping (see above); elsewhere do nothing."""
    if engine.dialect.name != "postgresql" or event.contains(engine.pool, "checkout", _on_checkout):
        return
    event.listen(engine.pool, "checkout", _on_checkout)
    event.listen(engine.pool, "checkin", _on_checkin)
    event.listen(engine, "before_cursor_execute", _write_starts_transaction)


def init_app(app) -> None:
    """On SQLite, run every request that changes data (POST and the like) as one BEGIN IMMEDIATE transaction.

    A deferred transaction that reads and then writes fails at once with "database is locked" when another
    worker wrote in between; an immediate one waits its turn (busy timeout) instead. Reads stay deferred.
    On PostgreSQL, reads save their round trips (fewer_round_trips).
    """
    from flask import g, request

    from portal.extensions import db

    with app.app_context():
        for engine in db.engines.values():
            fewer_round_trips(engine)

    @app.before_request
    def immediate_writes():
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            g._immediate_token = _immediate.set(True)

    @app.teardown_request
    def end_immediate(exc=None):
        token = g.pop("_immediate_token", None)
        if token is not None:
            _immediate.reset(token)


# --- the data version: one number that every change to what a page shows raises ---------------------------------
# Anonymous pages answer conditional GETs with an ETag built from this number (portal/pagecache.py). It lives in
# the database, so every app process (several gunicorn workers, several machines) and every command (import-feeds,
# send-digest, purges) sees the same one. Any session commit that wrote a row raises it, in the same transaction,
# as its last statement before COMMIT: on PostgreSQL the one row is locked only for the commit itself, and since
# the holder then waits for nothing, it cannot take part in a deadlock. Writes to tables no page shows (log-in
# sessions, the outbox) leave it alone: features name those tables with `not_on_pages`.
data_version = Table(
    "data_version", Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("n", BigInteger, nullable=False),
)
# One statement for both databases (SQLite 3.24+, PostgreSQL 9.5+). An upsert, not an UPDATE: a fresh (or emptied)
# database has no row yet, and must not hold one either, or a restore would find it "not empty".
_RAISE_VERSION = text("INSERT INTO data_version (id, n) VALUES (1, 1) "
                      "ON CONFLICT (id) DO UPDATE SET n = data_version.n + 1")
_READ_VERSION = text("SELECT n FROM data_version WHERE id = 1")
_CHANGED = "data_version_changed"
_OFF_PAGE_TABLES: set[str] = {"data_version", "alembic_version"}
_WRITE_SQL = re.compile(r"\s*(insert|update|delete|replace|merge|upsert|truncate|with)\b", re.IGNORECASE)


def not_on_pages(*tables: str) -> None:
    """Say that writes to these tables never change what any page shows: they leave the data version alone."""
    _OFF_PAGE_TABLES.update(tables)


# Whether each engine's database has the table yet: True once seen, else when to look again. A database that is
# not migrated yet (code deployed first) keeps working: its pages carry no ETag and its writes raise nothing.
_version_table: weakref.WeakKeyDictionary[Engine, bool | float] = weakref.WeakKeyDictionary()


def _has_version_table(session) -> bool:
    engine = session.get_bind()
    known = _version_table.get(engine)
    if known is True or (known is not None and time.monotonic() < known):
        return known is True
    # On the session's own connection: a second one would, in a write transaction on SQLite, wait for this one's
    # lock until the busy timeout ("database is locked" on the first write of a process that just started).
    found = inspect(session.connection()).has_table("data_version")
    _version_table[engine] = True if found else time.monotonic() + 10
    return found


def read_data_version(session) -> int | None:
    """Return the data version (0 before the first write; None while the database is not migrated)."""
    if not _has_version_table(session):
        return None
    return session.execute(_READ_VERSION).scalar() or 0


def _shown_tables(obj) -> bool:
    return any(table.name not in _OFF_PAGE_TABLES for table in inspect(obj).mapper.tables)


@event.listens_for(Session, "after_flush")
def _note_flushed_changes(session, flush_context):
    if session.info.get(_CHANGED):
        return
    # In after_flush the lists still hold what was flushed; an object in `dirty` may have no real change.
    if (any(_shown_tables(obj) for obj in session.new) or any(_shown_tables(obj) for obj in session.deleted)
            or any(_shown_tables(obj) for obj in session.dirty if session.is_modified(obj))):
        session.info[_CHANGED] = True


@event.listens_for(Session, "do_orm_execute")
def _note_executed_changes(state):
    statement = state.statement
    if state.is_insert or state.is_update or state.is_delete:
        if getattr(getattr(statement, "table", None), "name", None) in _OFF_PAGE_TABLES:
            return None
    elif statement is _RAISE_VERSION or not (isinstance(statement, TextClause) and _WRITE_SQL.match(statement.text)):
        return None
    result = state.invoke_statement()
    # A conditional UPDATE that lost a race (no row changed) changed nothing; -1 means the driver cannot say.
    if getattr(result, "rowcount", -1) != 0:
        state.session.info[_CHANGED] = True
    return result


@event.listens_for(Session, "before_commit")
def _raise_data_version(session):
    if session.in_nested_transaction():
        return  # a savepoint: the outer commit raises it, once, at its end
    session.flush()  # the commit's own flush comes after this hook: flush now, to see its changes
    if session.info.pop(_CHANGED, False) and _has_version_table(session):
        session.execute(_RAISE_VERSION)


@event.listens_for(Session, "after_transaction_end")
def _forget_changes(session, transaction):
    if transaction.parent is None:  # the whole transaction ended (committed or rolled back)
        session.info.pop(_CHANGED, None)
