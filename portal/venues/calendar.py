"""iCalendar feeds of bookings: public titles and times only, no personal data, in a bounded window.

A room has thousands of bookings in the window; building icalendar objects for each takes a quarter of a
second, so events are written as RFC 5545 lines directly, with icalendar's own escaping and line folding.

Calendar apps ask for a feed every few minutes, and it rarely changed. What a feed shows depends only on its
rooms' change stamps (bumped by the database with every change of their bookings or names, Room.version), the day
(the window moves daily), and what the page cache's key and build hold (the host, the language: "taken"). The
stamps and the day are the feed's version for the page cache (portal/pagecache.py, @cacheable(version=...)): a
client that has this version gets 304 after one small query, and a kept feed is served while it is this version.
"""

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from flask import Response, current_app
from icalendar.parser import foldline
from icalendar.prop import vText
from sqlalchemy import select

from portal.core.urls import public_hosts
from portal.db import utcnow
from portal.extensions import db
from portal.pagecache import Version
from portal.venues.models import TAKEN, Booking, Room, Venue
from portal.venues.services import MAX_LENGTH

WINDOW_BACK = timedelta(days=92)
WINDOW_AHEAD = timedelta(days=367)  # from the start of today: at least 366 days from now
STAMP = "%Y%m%dT%H%M%SZ"
# A Last-Modified is told in whole seconds: a stamp younger than this is not told (the ETag still is), so a second
# change in the same second can never hide behind an If-Modified-Since.
SETTLE = timedelta(seconds=2)


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


def room_version(room_id: int) -> Version | None:
    """Return the version of a room's feed from its change stamp (one small query; None: no such room)."""
    return _version(select(Room.id, Room.version, Room.changed_at).where(Room.id == room_id))


def venue_version(venue_id: int) -> Version | None:
    """Return the version of a venue's feed from its rooms' change stamps (one small query; None: no such venue)."""
    return _version(select(Room.id, Room.version, Room.changed_at).select_from(Venue)
                    .outerjoin(Room, Room.venue_id == Venue.id).where(Venue.id == venue_id).order_by(Room.id))


def _version(stamps) -> Version | None:
    """Return the version made of the rooms' stamps that `stamps` selects, and the day: the window moves daily."""
    rows = db.session.execute(stamps).all()
    if not rows:
        return None
    now = utcnow()
    midnight = datetime.combine(now.date(), time(0), tzinfo=UTC)
    token = repr([now.date().isoformat(), *((row.id, row.version, row.changed_at and row.changed_at.isoformat())
                                            for row in rows)])
    changed = max([midnight, *(row.changed_at for row in rows if row.changed_at)])
    return Version(token, changed.replace(microsecond=0) if now - changed >= SETTLE else None)


def answer(rooms: Sequence[Room], name: str) -> Response:
    """Answer a request for the feed of `rooms` (the page cache adds its ETag and Last-Modified)."""
    return Response(feed(rooms, name, utcnow().date()), mimetype="text/calendar")
