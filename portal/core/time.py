"""Time in the neighbourhood: everything is stored in UTC and shown in Amsterdam's wall-clock time."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from portal.db import utcnow

__all__ = ["LOCAL", "local", "to_utc", "today", "utcnow"]

LOCAL = ZoneInfo("Europe/Amsterdam")


def to_utc(wall_clock: datetime) -> datetime:
    """Read a wall-clock time in Amsterdam (naive) and return it in UTC."""
    return wall_clock.replace(tzinfo=LOCAL).astimezone(UTC)


def local(moment: datetime) -> datetime:
    """Return a UTC moment in Amsterdam's time."""
    return moment.astimezone(LOCAL)


def today() -> date:
    """Return today's date in Amsterdam."""
    return local(utcnow()).date()
