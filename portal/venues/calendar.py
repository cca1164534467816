"""iCalendar feeds of bookings: public titles and times only, no personal data, in a bounded window.

A room has thousands of bookings in the window; building icalendar objects for each takes a quarter of a
second, so events are written as RFC 5545 lines directly, with icalendar's own escaping and line folding.

Calendar apps ask for a feed every few minutes, and it rarely changed. What a feed shows depends only on its
rooms' change stamps (bumped by the database with every change of their bookings or names, Room.version), the
names, the day (the window moves daily), the host and the language ("taken"). Those make the ETag, read from the
rows the view loaded anyway: a client that has this version gets 304 without a query for bookings, and a body is
rendered once per version and process, then served from a small cache.
"""

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask import Response, current_app, request
from flask_babel import get_locale
from icalendar.parser import foldline
from icalendar.prop import vText
from sqlalchemy import select

from portal.core.urls import public_hosts
from portal.db import utcnow
from portal.extensions import db
from portal.venues.models import TAKEN, Booking, Room
from portal.venues.services import MAX_LENGTH

WINDOW_BACK = timedelta(days=92)
WINDOW_AHEAD = timedelta(days=367)  # from the start of today: at least 366 days from now
STAMP = "%Y%m%dT%H%M%SZ"
# A Last-Modified is told in whole seconds: a stamp younger than this is not told (the ETag still is), so a second
# change in the same second can never hide behind an If-Modified-Since.
SETTLE = timedelta(seconds=2)
CACHE_ENTRIES = 64
CACHE_BYTES = 32 * 1024 * 1024
ENCODED = ("", "-gzip", "-br")  # portal.web.compress adds the encoding to the ETag of a compressed body


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _text(value: str) -> str:
    """Return `value` as an iCalendar TEXT value: line breaks (also a lone CR) become the escaped \\n, other
    control characters go, and backslashes, commas and semicolons are escaped (RFC 5545, 3.3.11)."""
    value = CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return vText(value).to_ical().decode()


def _stamp(moment) -> str:
    return moment.astimezone(UTC).strftime(STAMP)


def feed(rooms: Sequence[Room], name: str, day: date) -> str:
    """Return an iCalendar document with the approved bookings of `rooms` from 3 months before `day` (UTC) to 12
    after."""
    midnight = datetime.combine(day, time(0), tzinfo=UTC)
    start, end = midnight - WINDOW_BACK, midnight + WINDOW_AHEAD
    names = {room.id: room.name for room in rooms}
    rows = db.session.execute(select(Booking.id, Booking.room_id, Booking.title, Booking.public, Booking.start_at,
                                     Booking.end_at, Booking.created_at).where(
        Booking.room_id.in_(list(names)), Booking.status == "approved", Booking.start_at >= start - MAX_LENGTH,
        Booking.start_at < end, Booking.end_at > start).order_by(Booking.start_at)).all()
    host = next(iter(public_hosts(current_app.config)), "buurtbouw")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Buurtbouw//venues//NL", "CALSCALE:GREGORIAN",
             f"X-WR-CALNAME:{_text(name)}", "X-WR-TIMEZONE:Europe/Amsterdam"]
    taken = str(TAKEN)  # a feed is read by anyone who has its address: private titles never leave
    for row in rows:
        lines += ["BEGIN:VEVENT", f"UID:booking-{row.id}@{host}", f"DTSTAMP:{_stamp(row.created_at)}",
                  f"DTSTART:{_stamp(row.start_at)}", f"DTEND:{_stamp(row.end_at)}",
                  foldline(f"SUMMARY:{_text(row.title if row.public else taken)}"),
                  foldline(f"LOCATION:{_text(names[row.room_id])}"),
                  "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


@dataclass(frozen=True)
class Version:
    """What a feed's body depends on: its ETag, when it last changed (None: too recently to say), and its day."""

    etag: str
    last_modified: datetime | None
    day: date


def version_of(rooms: Sequence[Room], name: str) -> Version:
    """Return the version of the feed of `rooms` under `name`, from the rows already loaded (no query)."""
    now = utcnow()
    midnight = datetime.combine(now.date(), time(0), tzinfo=UTC)
    parts = [name, next(iter(public_hosts(current_app.config)), ""), str(get_locale()), now.date().isoformat()]
    parts += [f"{room.id}:{room.version}:{room.changed_at.isoformat() if room.changed_at else ''}:{room.name}"
              for room in rooms]
    etag = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    changed = max([midnight, *(room.changed_at for room in rooms if room.changed_at)])
    return Version(etag, changed.replace(microsecond=0) if now - changed >= SETTLE else None, now.date())


def _held(current: Version) -> str | None:
    """Return the ETag the client holds when it is this version (as sent, compressed or not), else None.

    If-None-Match decides when it is there; If-Modified-Since only without it (RFC 9110, 13.2.2)."""
    if "If-None-Match" in request.headers:
        held = request.if_none_match
        if held.star_tag:
            return current.etag
        return next((current.etag + suffix for suffix in ENCODED if held.contains_weak(current.etag + suffix)), None)
    since = request.if_modified_since  # None for a date no one can read (portal/web.py forgets impossible ones)
    if since is not None and current.last_modified is not None and current.last_modified <= since:
        return current.etag
    return None


_bodies: OrderedDict[str, str] = OrderedDict()
_lock = threading.Lock()


def _body(rooms: Sequence[Room], name: str, current: Version) -> str:
    """Return the feed's body for this version: from the cache, or rendered and kept (the oldest go past
    CACHE_ENTRIES bodies or CACHE_BYTES characters)."""
    with _lock:
        body = _bodies.get(current.etag)
        if body is not None:
            _bodies.move_to_end(current.etag)
            return body
    body = feed(rooms, name, current.day)
    with _lock:
        _bodies[current.etag] = body
        while len(_bodies) > CACHE_ENTRIES or sum(map(len, _bodies.values())) > CACHE_BYTES:
            _bodies.popitem(last=False)
    return body


def clear() -> None:
    """Forget every kept body (tests use this)."""
    with _lock:
        _bodies.clear()


def answer(rooms: Sequence[Room], name: str) -> Response:
    """Answer a request for the feed of `rooms`: 304 without rendering when the client holds this version, else
    the body (rendered once per version) with its ETag and, when settled, Last-Modified."""
    current = version_of(rooms, name)
    held = _held(current)
    if held is not None:
        response = Response(status=304, mimetype="text/calendar")
        response.set_etag(held)
    else:
        response = Response(_body(rooms, name, current), mimetype="text/calendar")
        response.set_etag(current.etag)
    if current.last_modified is not None:
        response.last_modified = current.last_modified
    return response
