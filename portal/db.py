"""Database base class, UTC timestamps and the SQLite transaction rules."""

from __future__ import annotations

import contextlib
import contextvars
from datetime import UTC, datetime

from sqlalchemy import DateTime, MetaData, event
from sqlalchemy.engine import CursorResult, Engine
from sqlalchemy.orm import DeclarativeBase
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


def init_app(app) -> None:
    """On SQLite, run every request that changes data (POST and the like) as one BEGIN IMMEDIATE transaction.

    A deferred transaction that reads and then writes fails at once with "database is locked" when another
    worker wrote in between; an immediate one waits its turn (busy timeout) instead. Reads stay deferred.
    """
    from flask import g, request

    @app.before_request
    def immediate_writes():
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            g._immediate_token = _immediate.set(True)

    @app.teardown_request
    def end_immediate(exc=None):
        token = g.pop("_immediate_token", None)
        if token is not None:
            _immediate.reset(token)
