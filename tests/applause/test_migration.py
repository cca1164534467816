"""The migration that turns old automatic shout-outs (Dutch sentence, joined names) into a kind and thanks rows."""

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from config import TestConfig
from portal import create_app
from portal.extensions import db


def test_old_automatic_shout_outs_become_people_and_a_subject(tmp_path):
    """Joined names become thanks rows where one account has that name, else "a neighbour"; the prose goes."""
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'old.db'}",
                     UPLOAD_FOLDER=str(tmp_path), MAIL_FOLDER=str(tmp_path))
    with app.app_context():
        upgrade(revision="0011_session_computer")
        with db.engine.begin() as connection:
            for number, name in enumerate(("Anna", "Bram", "Bram", "Chris"), start=1):
                connection.execute(text(
                    "INSERT INTO users (id, email, name, password_hash, role, language, show_name_in_public, "
                    "created_at) VALUES (:id, :email, :name, 'x', 'resident', 'nl', 1, '2026-01-01')"),
                    {"id": number, "email": f"p{number}@example.org", "name": name})
            connection.execute(text("INSERT INTO initiatives (id, name, description, visibility, created_at) "
                                    "VALUES (1, 'Tuin', '', 'public', '2026-01-01')"))
            shouts = [
                (1, None, "Anna, Bram, Onbekend", "Klus geklaard: Bladeren vegen", "task", 1),
                (2, 4, None, "Klus geklaard: Soep koken", "task", 1),
                (3, None, "Fatima", "Voor de koffie", None, None),
            ]
            for shout_id, user_id, names, body, automatic, initiative in shouts:
                connection.execute(text(
                    "INSERT INTO shouts (id, thanked_user_id, thanked_name, name_removed, initiative_id, text, "
                    "automatic, hidden, clap_count, created_at) VALUES (:id, :user, :names, 0, :initiative, "
                    ":text, :automatic, 0, 0, '2026-01-01')"),
                    {"id": shout_id, "user": user_id, "names": names, "initiative": initiative, "text": body,
                     "automatic": automatic})
        upgrade(revision="0012_shout_thanks")  # 0056 empties the subject again: it keeps the subject's id instead
        with db.engine.begin() as connection:
            rows = connection.execute(text("SELECT id, thanked_user_id, thanked_name, text FROM shouts ORDER BY id"))
            assert [tuple(row) for row in rows] == [(1, None, None, "Bladeren vegen"), (2, None, None, "Soep koken"),
                                                    (3, None, "Fatima", "Voor de koffie")]
            thanks = connection.execute(text("SELECT shout_id, user_id FROM shout_thanks ORDER BY id"))
            # "Bram" is two accounts, "Onbekend" none: both become "a neighbour", never a guess.
            assert [tuple(row) for row in thanks] == [(1, 1), (1, None), (1, None), (2, 4)]
        with pytest.raises(IntegrityError), db.engine.begin() as connection:  # the other checks survived
            connection.execute(text("UPDATE shouts SET clap_count = -1 WHERE id = 3"))
        downgrade(revision="0011_session_computer")
        with db.engine.begin() as connection:
            rows = connection.execute(text("SELECT thanked_name, text FROM shouts WHERE id = 1")).one()
            assert tuple(rows) == ("Anna, een buurtbewoner, een buurtbewoner", "Klus geklaard: Bladeren vegen")
        db.engine.dispose()
