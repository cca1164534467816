"""The migration that makes initiatives their own feature keeps every initiative, membership and task, and gives
existing rows sensible values: active, "wonen & buurt", "kom langs", and the first member as carrier."""

import re
from datetime import datetime

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from config import TestConfig
from portal import create_app
from portal.extensions import db
from portal.initiatives import models
from tests.operations.test_backup import _fresh_database

BEFORE, REVISION = "0018_booking_messages", "0019_initiatives_feature"


def _at(hour: int, dialect: str):
    """Return a timestamp the database column takes (SQLite keeps them without a zone)."""
    return datetime(2026, 5, 1, hour) if dialect == "sqlite" else f"2026-05-01 {hour:02}:00:00+00"


def test_existing_initiatives_and_members_get_defaults_and_a_carrier(database_url, tmp_path):
    """Rows made before the migration stay; the earliest member of each initiative becomes its carrier."""
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=_fresh_database(database_url, tmp_path))
    with app.app_context():
        upgrade(revision=BEFORE)
        dialect = db.engine.dialect.name
        with db.engine.begin() as connection:
            for number in (1, 2, 3):
                connection.execute(text("INSERT INTO users (id, email, name, password_hash, role, language, "
                                        "show_name_in_public, created_at) VALUES (:id, :email, :name, 'x', "
                                        "'resident', 'nl', true, :at)"),
                                   {"id": number, "email": f"p{number}@example.org", "name": f"P{number}",
                                    "at": _at(1, dialect)})
            connection.execute(text("INSERT INTO initiatives (id, name, description, visibility, created_at) "
                                    "VALUES (1, 'Taalcafé', 'Koffie', 'members', :at), (2, 'Leeg', '', 'public', :at)"),
                               {"at": _at(2, dialect)})
            connection.execute(text("INSERT INTO memberships (initiative_id, user_id, joined_at) VALUES "
                                    "(1, 2, :early), (1, 1, :late), (1, 3, :late)"),
                               {"early": _at(3, dialect), "late": _at(4, dialect)})
            connection.execute(text("INSERT INTO tasks (initiative_id, title, description, estimate_minutes, place, "
                                    "places_needed, places_taken, status, good_first, with_buddy, created_at) VALUES "
                                    "(1, 'Koffie zetten', '', 30, '', 1, 0, 'open', false, false, :at)"),
                               {"at": _at(5, dialect)})
        upgrade(revision=REVISION)
        with db.engine.connect() as connection:
            initiatives = connection.execute(text("SELECT id, name, visibility, status, theme, how_to_join, purpose, "
                                                  "updated_at FROM initiatives ORDER BY id")).all()
            roles = connection.execute(text("SELECT user_id, role FROM memberships ORDER BY user_id")).all()
            tasks = connection.execute(text("SELECT count(*) FROM tasks")).scalar()
        assert [row[:7] for row in initiatives] == [(1, "Taalcafé", "members", "active", "living", "visit", ""),
                                                     (2, "Leeg", "public", "active", "living", "visit", "")]
        assert all(row.updated_at is not None for row in initiatives)
        assert [tuple(row) for row in roles] == [(1, "member"), (2, "carrier"), (3, "member")]
        assert tasks == 1
        downgrade(revision=BEFORE)
        upgrade(revision=REVISION)
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM memberships")).scalar() == 3
        db.engine.dispose()



@pytest.mark.parametrize(("table", "name", "values"), [
    ("initiatives", "ck_initiatives_theme_known", models.THEMES),
    ("initiatives", "ck_initiatives_status_known", models.STATUSES),
    ("initiatives", "ck_initiatives_how_to_join_known", models.JOIN_WAYS),
    ("memberships", "ck_memberships_role_known", models.ROLES),
])
def test_the_migrated_database_allows_the_values_the_models_allow(app, table, name, values):
    """The checks the migrations made list exactly the models' tuples (SQLite and PostgreSQL spell them apart)."""
    with app.app_context(), db.engine.connect() as connection:
        if connection.dialect.name == "sqlite":  # SQLAlchemy misreads checks written inside a column's definition
            table_sql = connection.execute(text("SELECT sql FROM sqlite_master WHERE name = :t"), {"t": table}).scalar()
            (sql,) = re.findall(rf"CONSTRAINT {name} CHECK \(([^)]*)\)", table_sql)
        else:
            (sql,) = [c["sqltext"] for c in inspect(connection).get_check_constraints(table) if c["name"] == name]
    assert sorted(re.findall(r"'([a-z_]+)'", sql)) == sorted(values)
