"""Reading values from requests, which are hostile: ids, dates, cursors and text, each parsed in one place.

A value that does not parse, or lies outside what the database and the calendar can hold, reads as None
(the caller ignores it or answers 404), never as an error deep in a query (a 500).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter

# Ids are INTEGER columns: PostgreSQL holds up to 2^31-1 (SQLite up to 2^63-1), so this bound suits both.
MAX_ID = 2**31 - 1
CURSOR = re.compile(r"(\d{4}-\d{2}-\d{2}|none)_(\d{1,10})")
# C0 control characters: all of them in one-line text; multi-line text keeps TAB, LF and CR (line ends).
CONTROL_LINE = re.compile(r"[\x00-\x1f\x7f]")
CONTROL_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` in a URL: a number the id columns can hold; anything larger does not match (404)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def parse_id(value: str | int | None) -> int | None:
    """Return `value` as an id (1 to MAX_ID), or None when it is not one."""
    text = str(value if value is not None else "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 10:
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


def parse_date(value: str | None, earliest: date | None = None, latest: date | None = None) -> date | None:
    """Return an ISO date ("2026-12-03"), or None when it is no date or outside [earliest, latest]."""
    try:
        day = date.fromisoformat((value or "").strip())
    except ValueError:
        return None
    if (earliest and day < earliest) or (latest and day > latest):
        return None
    return day


def date_window(today: date, years_back: int = 1, years_ahead: int = 5) -> tuple[date, date]:
    """Return the dates people may reasonably mean, around `today`, so date arithmetic never overflows."""
    return today - timedelta(days=366 * years_back), today + timedelta(days=366 * years_ahead)


def parse_cursor(value: str | None) -> tuple[date | None, int] | None:
    """Read a keyset cursor "<date or none>_<id>" ("2026-12-03_42", "none_7"), or None when it is not one."""
    match = CURSOR.fullmatch(value or "")
    if not match:
        return None
    last_id = parse_id(match[2])
    due = None if match[1] == "none" else parse_date(match[1])
    if last_id is None or (due is None and match[1] != "none"):
        return None
    return due, last_id


def clean_line(value: str | None) -> str | None:
    """Remove every control character (CR and LF too) from one-line text."""
    return CONTROL_LINE.sub("", value) if isinstance(value, str) else value


def clean_text(value: str | None) -> str | None:
    """Remove control characters from multi-line text, keeping tabs and line ends."""
    return CONTROL_TEXT.sub("", value) if isinstance(value, str) else value


def arg_id(name: str) -> int | None:
    """Return the query parameter `name` as an id, or None when missing or not an id."""
    return parse_id(request.args.get(name))


def arg_date(name: str, earliest: date | None = None, latest: date | None = None) -> date | None:
    """Return the query parameter `name` as a date within [earliest, latest], or None."""
    return parse_date(request.args.get(name), earliest, latest)


def arg_cursor(name: str) -> tuple[date | None, int] | None:
    """Return the query parameter `name` as a keyset cursor, or None."""
    return parse_cursor(request.args.get(name))


def arg_text(name: str, limit: int = 200) -> str | None:
    """Return the query parameter `name` as one line of text (controls removed, at most `limit`), or None."""
    value = clean_line(request.args.get(name) or "").strip()
    return value if value and len(value) <= limit else None


def init_app(app: Flask) -> None:
    """Bound `<int:>` in every URL to the id range; refuse a NUL in the path (400).

    Query parameters are read through the parsers above, which drop what they cannot use.
    """
    app.url_map.converters["int"] = BoundedIntConverter

    @app.before_request
    def refuse_nul():
        if "\x00" in request.path:
            abort(400)
