"""Upgrades keep data: a database made by the first migration, with rows in every table at every step, reaches
the head through every migration, and steps back one and up again, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
import warnings
from datetime import UTC, date, datetime, time, timedelta

from alembic.script import ScriptDirectory
from flask import current_app
from flask_migrate import downgrade, upgrade
from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    Time,
    func,
    insert,
    inspect,
    select,
)

from config import TestConfig
from portal import create_app
from portal.extensions import db
from tests.operations.test_backup import _fresh_database

# SQLite keeps "status IN ('open', 'done')"; PostgreSQL says "(status)::text = ANY ((ARRAY['open'::character ...".
# Migrations that empty a table on purpose, and why: everything else must keep every row.
EMPTIED_ON_PURPOSE = {
    ("0010_mail_tokens", "login_failures"): "old throttling rows held unsalted hashes of addresses",
    ("0016_outbox", "reminders_sent"): "the table goes; its rows live on as sent mail in the outbox",
}
ALLOWED = re.compile(r"\b(\w+)\s+IN\s*\(([^)]*)\)|\(?(\w+)\)?::text\s*=\s*ANY\s*\(\(?ARRAY\[([^\]]*)\]", re.IGNORECASE)


def _revisions() -> list[str]:
    """Return every revision from the first to the head, each after the ones it depends on."""
    scripts = ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())
    return [script.revision for script in reversed(list(scripts.walk_revisions()))]


def _allowed_values(connection, name: str) -> dict[str, str]:
    """Return, per column, the first value a CHECK (column IN (...)) constraint allows."""
    allowed = {}
    for check in inspect(connection).get_check_constraints(name):
        for match in ALLOWED.finditer(check.get("sqltext") or ""):
            column, values = match.group(1) or match.group(3), match.group(2) or match.group(4)
            first = values.split(",")[0].strip().split("::")[0].strip("'")
            allowed.setdefault(column, first)
    return allowed


def _sample_row(connection, table, position: int) -> dict:
    """Return a row that a table's constraints accept: every column filled, foreign keys to existing rows."""
    allowed = _allowed_values(connection, table.name)
    start = datetime(2026, 6, 1, 9, tzinfo=UTC)
    row = {}
    for index, column in enumerate(table.columns):
        if column.primary_key and column.autoincrement is not False and isinstance(column.type, Integer) \
                and not column.foreign_keys and len(table.primary_key.columns) == 1:
            continue
        if column.foreign_keys:
            target = next(iter(column.foreign_keys)).column
            row[column.name] = connection.execute(select(func.min(target))).scalar()
        elif column.name in allowed:
            row[column.name] = allowed[column.name]
        elif isinstance(column.type, Boolean):
            row[column.name] = False
        elif isinstance(column.type, DateTime):
            value = start + timedelta(hours=index)
            row[column.name] = value.replace(tzinfo=None) if connection.dialect.name == "sqlite" else value
        elif isinstance(column.type, Date):
            row[column.name] = date(2026, 6, 1) + timedelta(days=index)
        elif isinstance(column.type, Time):
            row[column.name] = time(min(8 + index, 23))
        elif isinstance(column.type, (Integer, Numeric)):
            row[column.name] = 1
        elif isinstance(column.type, (String, Text)):
            length = getattr(column.type, "length", None) or 40
            row[column.name] = f"{table.name[:length - 4]}-{position}"[:length]
        else:
            row[column.name] = None
    return row


def _reflect(metadata: MetaData, bind, **options) -> None:
    """Read the tables' columns back from the database. SQLAlchemy cannot read an index on an expression (tasks'
    ix_tasks_most_needed) and warns; this test counts rows and needs no index. Elsewhere the warning stays an
    error: a migration that rebuilds `tasks` in batch mode would drop that index, and must recreate it."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Skipped unsupported reflection of expression-based index")
        metadata.reflect(bind, **options)


def _fill_empty_tables(engine, filled: dict[str, int]) -> None:
    """Add one row to every table that has none yet (in foreign-key order), and note the counts."""
    metadata = MetaData()
    _reflect(metadata, engine)
    with engine.begin() as connection:
        for position, table in enumerate(metadata.sorted_tables):
            if table.name == "alembic_version":
                continue
            if not connection.execute(select(func.count()).select_from(table)).scalar():
                connection.execute(insert(table).values(_sample_row(connection, table, position)))
    with engine.connect() as connection:
        for table in metadata.sorted_tables:
            if table.name != "alembic_version":
                filled[table.name] = connection.execute(select(func.count()).select_from(table)).scalar()


def _count(connection, name: str) -> int:
    return connection.execute(select(func.count()).select_from(_table(connection, name))).scalar()


def _table(connection, name: str):
    metadata = MetaData()
    _reflect(metadata, connection, only=[name])
    return metadata.tables[name]


def test_every_migration_keeps_the_data_and_the_last_steps_back(database_url, tmp_path):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=_fresh_database(database_url, tmp_path))
    with app.app_context():
        engine = db.engine
        counts: dict[str, int] = {}
        revisions = _revisions()
        assert len(revisions) >= 6
        for revision in revisions:
            before_step = dict(counts)
            upgrade(revision=revision)
            with engine.connect() as connection:
                present = set(inspect(connection).get_table_names())
                for name, before in before_step.items():
                    if name in present and (revision, name) not in EMPTIED_ON_PURPOSE:
                        assert _count(connection, name) >= before, f"{revision} lost rows of {name}"
            _fill_empty_tables(engine, counts)
            if revision == revisions[-2]:
                kept_before_last = dict(counts)
        assert all(counts.values()), counts

        downgrade(revision=revisions[-2])
        upgrade()
        with engine.connect() as connection:
            present = set(inspect(connection).get_table_names())  # tables dropped on purpose earlier stay gone
            for name, before in kept_before_last.items():
                if name in present and (revisions[-1], name) not in EMPTIED_ON_PURPOSE:
                    assert _count(connection, name) >= before, f"one step down and up again lost rows of {name}"
        engine.dispose()
