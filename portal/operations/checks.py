"""`flask --app portal check`: what is wrong or risky for running the portal for real, in plain words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from alembic.runtime.migration import MigrationContext
from flask import Flask
from sqlalchemy import text

from config import DEV_SECRET_KEY
from portal.extensions import db
from portal.operations.backup import _script_directory, newest_backup

NETWORK_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "9p", "afs", "glusterfs", "ceph"}
BACKUP_MAX_AGE = timedelta(hours=26)


@dataclass(frozen=True)
class Finding:
    level: str  # "danger" stops a production start; "risk" should be looked at; "ok" is fine
    text: str


def ping_database() -> None:
    """Ask the database the smallest question; raise when it does not answer."""
    db.session.execute(text("SELECT 1"))


def _filesystem_of(path: Path) -> str:
    """Return the filesystem type the path lives on, from /proc/mounts (the longest matching mount point)."""
    try:
        mounts = [line.split()[1:3] for line in Path("/proc/mounts").read_text().splitlines()]
    except OSError:
        return ""
    best, kind = "", ""
    resolved = str(path.resolve())
    for point, fstype in mounts:
        if (resolved == point or resolved.startswith(point.rstrip("/") + "/")) and len(point) > len(best):
            best, kind = point, fstype
    return kind


def migrations_pending() -> list[str]:
    """Return the migration heads the database has not reached yet."""
    heads = set(_script_directory().get_heads())
    with db.engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    return sorted(heads - current)


def backup_age(app: Flask, now: datetime | None = None) -> timedelta | None:
    """Return how old the newest backup in BACKUP_FOLDER is, or None when there is none."""
    manifest = newest_backup(Path(app.config["BACKUP_FOLDER"]))
    if manifest is None:
        return None
    return (now or datetime.now(UTC)) - manifest.created_at


def run_checks(app: Flask) -> list[Finding]:
    """Look at the settings, the database and the backups; return one finding per point."""
    config = app.config
    findings: list[Finding] = []

    def add(ok: bool, bad_level: str, bad: str, good: str) -> None:
        findings.append(Finding("ok", good) if ok else Finding(bad_level, bad))

    add(config.get("SECRET_KEY") not in (None, "", DEV_SECRET_KEY) and len(str(config["SECRET_KEY"])) >= 32,
        "danger", "SECRET_KEY is missing, the development value or shorter than 32 characters: set a long random "
        "value (python -c 'import secrets; print(secrets.token_hex(32))').", "SECRET_KEY is set.")
    public = urlsplit(config.get("PUBLIC_URL") or "")
    local_hosts = {"127.0.0.1", "localhost", "::1", ""}
    add(public.scheme == "https" and public.hostname not in local_hosts, "danger",
        f"PUBLIC_URL is {config.get('PUBLIC_URL')!r}: links in e-mails would not reach residents. Set it to the "
        "https:// address residents use.", f"PUBLIC_URL is {config['PUBLIC_URL']}.")
    add(bool(config.get("TRUSTED_HOSTS")), "danger",
        "No trusted hosts: requests with any Host header are answered. Set PUBLIC_URL (and TRUSTED_HOSTS for "
        "other names) so that only your own addresses are served.", "Only trusted host names are served.")
    storage = str(config.get("RATELIMIT_STORAGE_URI", "memory://"))
    add(not storage.startswith("memory"), "risk",
        "Rate limits are kept in each worker's memory: with several workers or machines each counts on its own. "
        "Set RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379.", "Rate limits are shared through " +
        storage.split("://")[0] + ".")
    add(bool(config.get("MAIL_SERVER")), "risk",
        f"No MAIL_SERVER: mail is written to the folder {config['MAIL_FOLDER']} instead of being sent.",
        f"Mail goes out through {config.get('MAIL_SERVER')}.")

    if db.engine.dialect.name == "sqlite":
        database = Path(db.engine.url.database or "")
        kind = _filesystem_of(database.parent if database.parent.exists() else Path("."))
        add(kind not in NETWORK_FILESYSTEMS, "danger",
            f"The SQLite database lies on a network disk ({kind}): locking does not work there and data can be "
            "lost. Put it on a local disk, or use PostgreSQL.", "The SQLite database is on a local disk.")
    try:
        pending = migrations_pending()
    except Exception as error:  # noqa: BLE001 - a database that does not answer is a finding, not a crash
        findings.append(Finding("danger", f"The database does not answer: {type(error).__name__}."))
    else:
        add(not pending, "danger", f"The database is not up to date (migrations {', '.join(pending)} are not "
            "applied): run `flask --app portal db upgrade`.", "The database is up to date.")

    age = backup_age(app)
    if age is None:
        findings.append(Finding("danger", f"No backup in {config['BACKUP_FOLDER']}: run `flask --app portal backup` "
                                          "and put it in cron (see the README)."))
    else:
        hours = age.total_seconds() / 3600
        add(age <= BACKUP_MAX_AGE, "danger", f"The newest backup is {hours:.0f} hours old: is the daily backup "
            "still running?", f"The newest backup is {hours:.1f} hours old.")
    return findings
