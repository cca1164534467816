"""Backups made while the portal writes restore into a fresh database with every row; broken ones stop early."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import column, create_engine, insert, inspect, select, table, text
from sqlalchemy.engine import make_url

from config import TestConfig
from portal import create_app
from portal.extensions import db
from portal.operations import backup as backups

WRITERS = 20


def _fresh_database(database_url: str, tmp_path: Path) -> str:
    """Return the address of a new, empty database of the same kind as the test database."""
    if database_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'restored.db'}"
    url = make_url(database_url)
    name = f"{url.database}_restore"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def _rows(engine, name: str) -> set[tuple]:
    with engine.connect() as connection:
        columns = [column(info["name"]) for info in inspect(connection).get_columns(name)]
        return {tuple(row) for row in connection.execute(select(table(name, *columns)))}


def _restore_app(url: str, uploads: Path):
    return create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url, UPLOAD_FOLDER=str(uploads))


@pytest.fixture
def filled(app, make_shout, make_task, make_booking, make_room, tmp_path):
    """A neighbourhood with rows in the main tables and one uploaded photo, in an upload folder of its own."""
    from tests.conftest import future_local

    make_shout("Dank voor de soep!")
    make_task(title="Stoelen zetten", skills=("tillen",))
    room = make_room()
    make_booking(room, future_local(hour=10), future_local(hour=12))
    uploads = tmp_path / "uploads"
    (uploads / "photos").mkdir(parents=True)
    (uploads / "photos" / "photo-1.webp").write_bytes(b"RIFF-not-really-a-photo")
    old, app.config["UPLOAD_FOLDER"] = app.config["UPLOAD_FOLDER"], str(uploads)
    yield app
    app.config["UPLOAD_FOLDER"] = old


def test_backup_while_twenty_write_restores_every_row(filled, database_url, tmp_path):
    app = filled
    stop = threading.Event()
    written = []

    def writer(number: int) -> None:
        with app.app_context():
            engine = db.engine
        count = 0
        while not stop.is_set() and count < 200:
            with engine.begin() as connection:
                connection.execute(insert(table("login_failures", column("identifier"), column("at"))).values(
                    identifier=f"writer-{number}-{count}", at=datetime.now(UTC).replace(tzinfo=None)))
            count += 1
        written.append(count)

    threads = [threading.Thread(target=writer, args=(number,)) for number in range(WRITERS)]
    for thread in threads:
        thread.start()
    try:
        with app.app_context():
            manifest = backups.backup(tmp_path / "backups")
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert sum(written) > 0
    assert manifest.data["tables"]["login_failures"] >= 0
    assert manifest.data["upload_files"] == 1

    target_url = _fresh_database(database_url, tmp_path)
    restored_uploads = tmp_path / "restored-uploads"
    target_app = _restore_app(target_url, restored_uploads)
    with target_app.app_context():
        backups.restore(manifest.path)
        target = db.engine
        with app.app_context():
            source = db.engine
            for name, count in manifest.data["tables"].items():
                restored = _rows(target, name)
                assert len(restored) == count, name
                assert restored <= _rows(source, name), f"{name}: restored rows differ from the source"
        db.engine.dispose()
    assert (restored_uploads / "photos" / "photo-1.webp").read_bytes() == b"RIFF-not-really-a-photo"


def _backup_of(app, tmp_path) -> Path:
    with app.app_context():
        return backups.backup(tmp_path / "backups").path


@pytest.mark.parametrize("damage", ["truncated", "checksum", "newer", "no-uploads", "no-manifest"])
def test_a_broken_backup_stops_with_one_line_and_changes_nothing(filled, database_url, tmp_path, damage):
    folder = _backup_of(filled, tmp_path)
    database_file = next(folder.glob("database.*"))
    if damage == "truncated":
        data = database_file.read_bytes()
        database_file.write_bytes(data[: len(data) // 2])
    elif damage == "checksum":
        data = bytearray(database_file.read_bytes())
        data[-1] ^= 0xFF
        database_file.write_bytes(bytes(data))
    elif damage == "newer":
        manifest = json.loads((folder / "manifest.json").read_text())
        manifest["migration_head"] = "9999_from_the_future"
        (folder / "manifest.json").write_text(json.dumps(manifest))
    elif damage == "no-uploads":
        (folder / "uploads.tar").unlink()
    else:
        (folder / "manifest.json").unlink()
    target_url = _fresh_database(database_url, tmp_path)
    target_app = _restore_app(target_url, tmp_path / "restored-uploads")
    with target_app.app_context():
        with pytest.raises(backups.BackupError) as error:
            backups.restore(folder)
        assert "\n" not in str(error.value)
        with db.engine.connect() as connection:
            assert inspect(connection).get_table_names() == []
        db.engine.dispose()
    assert not (tmp_path / "restored-uploads").exists()


def test_restore_refuses_a_database_that_is_not_empty(filled, tmp_path):
    folder = _backup_of(filled, tmp_path)
    runner = filled.test_cli_runner()
    result = runner.invoke(args=["restore", str(folder)])
    assert result.exit_code != 0
    assert "not empty" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_restore_refuses_an_upload_folder_that_is_not_empty(filled, database_url, tmp_path):
    folder = _backup_of(filled, tmp_path)
    uploads = tmp_path / "restored-uploads"
    uploads.mkdir()
    (uploads / "someone-elses.webp").write_bytes(b"x")
    target_app = _restore_app(_fresh_database(database_url, tmp_path), uploads)
    with target_app.app_context():
        with pytest.raises(backups.BackupError, match="upload folder"):
            backups.restore(folder)
        with db.engine.connect() as connection:
            assert inspect(connection).get_table_names() == []
        db.engine.dispose()


def test_backup_command_writes_and_prunes(filled, tmp_path):
    app = filled
    destination = tmp_path / "backups"
    for days in range(40):
        (destination / f"{backups.PREFIX}{(datetime(2026, 1, 1, 3, tzinfo=UTC) + timedelta(days=days)).strftime(backups.STAMP)}").mkdir(parents=True)  # noqa: E501
    result = app.test_cli_runner().invoke(args=["backup", str(destination)])
    assert result.exit_code == 0, result.output
    assert "backup written" in result.output
    names = [path for _stamp, path in backups.backups_in(destination)]
    assert (names[0] / "manifest.json").is_file()
    assert len(names) < 41


def test_keeping_rule_is_seven_daily_four_weekly_twelve_monthly():
    start = datetime(2025, 1, 1, 2, tzinfo=UTC)
    stamps = [start + timedelta(days=day) for day in range(500)]
    keep = backups.to_keep(stamps)
    newest = stamps[-1]
    assert all(stamp in keep for stamp in stamps[-7:])  # the last seven days
    assert len({s.isocalendar()[:2] for s in keep}) >= 4
    assert len({(s.year, s.month) for s in keep}) == 12
    assert min(keep) > newest - timedelta(days=366)
    assert len(keep) <= 7 + 4 + 12


def test_check_names_the_dangers_and_exits_non_zero(app):
    result = app.test_cli_runner().invoke(args=["check"])
    assert result.exit_code == 1
    assert "DANGER" in result.output
    assert "PUBLIC_URL" in result.output
    assert "No backup" in result.output


def test_check_passes_a_careful_setup(filled, tmp_path):
    app = filled
    with app.app_context():
        backups.backup(tmp_path / "backups")
    settings = {"SECRET_KEY": "x" * 64, "PUBLIC_URL": "https://buurt.example.nl", "TRUSTED_HOSTS": ["buurt.example.nl"],
                "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379", "MAIL_SERVER": "smtp.example.nl",
                "BACKUP_FOLDER": str(tmp_path / "backups")}
    old = {name: app.config.get(name) for name in settings}
    app.config.update(settings)
    try:
        result = app.test_cli_runner().invoke(args=["check"])
    finally:
        app.config.update(old)
    assert result.exit_code == 0, result.output
    assert "DANGER" not in result.output
