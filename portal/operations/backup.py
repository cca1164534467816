"""Backups that restore: a consistent copy of the database and the uploads, with a manifest and checksums.

A backup is a folder `buurtbouw-<UTC time>` holding

- `database.sqlite` (SQLite's online backup API: consistent while the portal runs) or `database.pgdump`
  (`pg_dump` in custom format, run inside the same snapshot the row counts were read in);
- `uploads.tar` with the photos and receipts;
- `manifest.json`: the format, the app version, the migration head, the row count of every table, and the size
  and SHA-256 of each file.

`restore()` checks everything before it changes anything: the manifest, every checksum, that the backup's
migration is one this version knows, that the database is empty and the upload folder holds nothing. Then it
restores and compares the row count of every table with the manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import create_engine, func, inspect, select, table, text
from sqlalchemy.engine import URL, Connection, Engine, make_url

from portal.extensions import db

FORMAT = 1
PREFIX = "buurtbouw-"
STAMP = "%Y%m%dT%H%M%SZ"


class BackupError(Exception):
    """A backup or restore cannot go on; the message is one line that says why."""


@dataclass(frozen=True)
class Manifest:
    path: Path
    data: dict

    @property
    def created_at(self) -> datetime:
        return datetime.fromisoformat(self.data["created_at"])


def app_version() -> str:
    import tomllib

    pyproject = Path(current_app.root_path).parent / "pyproject.toml"
    return tomllib.loads(pyproject.read_text())["project"]["version"]


def _script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def _tables(connection: Connection) -> list[str]:
    return sorted(name for name in inspect(connection).get_table_names() if not name.startswith("sqlite_"))


def count_rows(connection: Connection) -> dict[str, int]:
    """Return the number of rows of every table (alembic's version table included)."""
    return {name: connection.execute(select(func.count()).select_from(table(name))).scalar_one()
            for name in _tables(connection)}


def _migration_head(connection: Connection) -> str | None:
    if "alembic_version" not in _tables(connection):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _pg_args(url: URL) -> tuple[list[str], dict[str, str]]:
    """Return connection arguments and environment for pg_dump / pg_restore (the password never on the line)."""
    args = ["--host", url.host or "127.0.0.1", "--port", str(url.port or 5432),
            "--username", url.username or "postgres", "--dbname", url.database or ""]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return args, env


def _tar_uploads(uploads: Path, target: Path) -> int:
    files = 0
    with tarfile.open(target, "w") as archive:
        if uploads.is_dir():
            for path in sorted(uploads.rglob("*")):
                if path.is_file():
                    archive.add(path, arcname=str(path.relative_to(uploads)))
                    files += 1
    return files


def backup(destination: Path, engine: Engine | None = None, now: datetime | None = None) -> Manifest:
    """Write a consistent backup into a new folder below `destination` and return its manifest."""
    engine = engine or db.engine
    now = now or datetime.now(UTC)
    destination.mkdir(parents=True, exist_ok=True)
    folder = destination / f"{PREFIX}{now.strftime(STAMP)}"
    if folder.exists():
        raise BackupError(f"{folder} exists already; wait a second and try again")
    work = Path(tempfile.mkdtemp(prefix=".partial-", dir=destination))
    try:
        if engine.dialect.name == "sqlite":
            database_file, counts, head = _backup_sqlite(engine, work)
        elif engine.dialect.name == "postgresql":
            database_file, counts, head = _backup_postgresql(engine, work)
        else:
            raise BackupError(f"backups of {engine.dialect.name} are not supported")
        uploads = Path(current_app.config["UPLOAD_FOLDER"])
        upload_count = _tar_uploads(uploads, work / "uploads.tar")
        files = {name: {"bytes": (work / name).stat().st_size, "sha256": _digest(work / name)}
                 for name in (database_file, "uploads.tar")}
        data = {"format": FORMAT, "app_version": app_version(), "dialect": engine.dialect.name,
                "migration_head": head, "created_at": now.isoformat(), "tables": counts,
                "upload_files": upload_count, "files": files}
        (work / "manifest.json").write_text(json.dumps(data, indent=2, sort_keys=True))
        work.rename(folder)  # a backup folder exists only when it is whole
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return Manifest(folder, data)


def _backup_sqlite(engine: Engine, work: Path) -> tuple[str, dict[str, int], str | None]:
    target = work / "database.sqlite"
    source = sqlite3.connect(make_url(str(engine.url)).database or "")
    try:
        copy = sqlite3.connect(target)
        with copy:
            source.backup(copy)  # page by page; restarts by itself when a writer changes a page meanwhile
        copy.close()
    finally:
        source.close()
    copied = create_engine(f"sqlite:///{target}")
    try:
        with copied.connect() as connection:
            counts, head = count_rows(connection), _migration_head(connection)
    finally:
        copied.dispose()
    return "database.sqlite", counts, head


def _backup_postgresql(engine: Engine, work: Path) -> tuple[str, dict[str, int], str | None]:
    target = work / "database.pgdump"
    args, env = _pg_args(engine.url)
    with engine.connect() as connection:
        connection.exec_driver_sql("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = connection.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one()
        counts, head = count_rows(connection), _migration_head(connection)
        result = subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                                 f"--snapshot={snapshot}", "--file", str(target), *args],
                                env=env, capture_output=True, text=True, timeout=3600, check=False)
        connection.exec_driver_sql("COMMIT")
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip().splitlines()[-1:] or result.returncode}")
    return "database.pgdump", counts, head


# --- reading and checking a backup ----------------------------------------------------------------

def read_manifest(source: Path) -> Manifest:
    """Read and check a backup folder: the manifest, every file's size and checksum. Raise BackupError."""
    manifest_file = source / "manifest.json"
    if not manifest_file.is_file():
        raise BackupError(f"{source} is not a backup: manifest.json is missing")
    try:
        data = json.loads(manifest_file.read_text())
        files = data["files"]
        int(data["format"])
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(f"manifest.json of {source} cannot be read ({type(error).__name__})") from None
    if data["format"] > FORMAT:
        raise BackupError(f"this backup has format {data['format']}; this version reads format {FORMAT} and older")
    for name, expected in files.items():
        path = source / Path(name).name
        if not path.is_file():
            raise BackupError(f"{name} is missing from the backup")
        if path.stat().st_size != expected["bytes"]:
            raise BackupError(f"{name} is truncated or changed: {path.stat().st_size} bytes, "
                              f"the manifest says {expected['bytes']}")
        if _digest(path) != expected["sha256"]:
            raise BackupError(f"{name} does not match its checksum: the backup is damaged")
    if "uploads.tar" not in files:
        raise BackupError("the backup holds no uploads archive")
    return Manifest(source, data)


def _check_version(manifest: Manifest) -> None:
    head = manifest.data.get("migration_head")
    if head is None:
        return
    scripts = _script_directory()
    try:
        scripts.get_revision(head)
    except Exception:  # noqa: BLE001 - alembic raises several kinds for an unknown revision
        raise BackupError(f"this backup comes from a newer version (migration {head} is unknown here); "
                          "upgrade Buurtbouw first") from None


def _check_empty(engine: Engine) -> None:
    with engine.connect() as connection:
        counts = count_rows(connection)
    filled = sorted(name for name, count in counts.items() if count and name != "alembic_version")
    if filled:
        raise BackupError(f"the database is not empty ({', '.join(filled[:5])} hold rows); "
                          "restore only into an empty database")


def restore(source: Path, engine: Engine | None = None) -> Manifest:
    """Restore a backup into an empty database and upload folder, then compare the row counts."""
    engine = engine or db.engine
    manifest = read_manifest(source)
    if manifest.data["dialect"] != engine.dialect.name:
        raise BackupError(f"this is a {manifest.data['dialect']} backup; the database is {engine.dialect.name}")
    _check_version(manifest)
    _check_empty(engine)
    uploads = Path(current_app.config["UPLOAD_FOLDER"])
    if uploads.is_dir() and any(uploads.iterdir()):
        raise BackupError(f"the upload folder {uploads} is not empty; restore only into an empty one")
    with tarfile.open(source / "uploads.tar") as archive:
        members = archive.getmembers()
        if any(not member.isfile() or member.name.startswith(("/", "..")) or ".." in Path(member.name).parts
               for member in members):
            raise BackupError("uploads.tar holds something other than plain files below the folder")

    if engine.dialect.name == "sqlite":
        _restore_sqlite(engine, source / "database.sqlite")
    else:
        _restore_postgresql(engine, source / "database.pgdump")
    uploads.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / "uploads.tar") as archive:
        archive.extractall(uploads, filter="data")

    with engine.connect() as connection:
        counts = count_rows(connection)
    wrong = {name: (counts.get(name), expected) for name, expected in manifest.data["tables"].items()
             if counts.get(name) != expected}
    if wrong:
        raise BackupError(f"row counts differ after the restore: {wrong}")
    return manifest


def _restore_sqlite(engine: Engine, backup_file: Path) -> None:
    engine.dispose()
    target = sqlite3.connect(make_url(str(engine.url)).database or "")
    source = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
    try:
        with target:
            source.backup(target)
    finally:
        source.close()
        target.close()


def _restore_postgresql(engine: Engine, dump: Path) -> None:
    engine.dispose()
    args, env = _pg_args(engine.url)
    result = subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
                             "--single-transaction", "--exit-on-error", *args, str(dump)],
                            env=env, capture_output=True, text=True, timeout=3600, check=False)
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip().splitlines()[-1:] or result.returncode}")


# --- keeping a few ---------------------------------------------------------------------------------

def backups_in(destination: Path) -> list[tuple[datetime, Path]]:
    """Return the backup folders below `destination`, newest first (by the time in their name)."""
    found = []
    if destination.is_dir():
        for path in destination.iterdir():
            if path.is_dir() and path.name.startswith(PREFIX):
                try:
                    found.append((datetime.strptime(path.name[len(PREFIX):], STAMP).replace(tzinfo=UTC), path))
                except ValueError:
                    continue
    return sorted(found, reverse=True)


def to_keep(stamps: list[datetime], daily: int = 7, weekly: int = 4, monthly: int = 12) -> set[datetime]:
    """Return which backups a 7 daily, 4 weekly, 12 monthly rule keeps: the newest of each day, week, month."""
    keep: set[datetime] = set()
    for limit, period in ((daily, lambda s: s.date()), (weekly, lambda s: s.isocalendar()[:2]),
                          (monthly, lambda s: (s.year, s.month))):
        seen: list = []
        for stamp in sorted(stamps, reverse=True):
            key = period(stamp)
            if key not in seen:
                seen.append(key)
                if len(seen) > limit:
                    break
                keep.add(stamp)
    return keep


def prune(destination: Path) -> list[Path]:
    """Delete the backups that the keeping rule no longer wants; return what was deleted."""
    found = backups_in(destination)
    keep = to_keep([stamp for stamp, _path in found])
    removed = [path for stamp, path in found if stamp not in keep]
    for path in removed:
        shutil.rmtree(path)
    return removed


def newest_backup(destination: Path) -> Manifest | None:
    """Return the manifest of the newest backup below `destination`, unchecked (cheap), or None."""
    for _stamp, path in backups_in(destination):
        try:
            return Manifest(path, json.loads((path / "manifest.json").read_text()))
        except (OSError, ValueError):
            continue
    return None
