"""iCalendar feeds of bookings: public titles and times only, no personal data, in a bounded window.

A room has thousands of bookings in the window; building icalendar objects for each takes a quarter of a
second, so events are written as RFC 5545 lines directly, with icalendar's own escaping and line folding.
"""

import re
from datetime import UTC, timedelta

from flask import current_app
from icalendar.parser import foldline
from icalendar.prop import vText
from sqlalchemy import select

from portal.core.urls import public_hosts
from portal.db import utcnow
from portal.extensions import db
from portal.venues.models import TAKEN, Booking
from portal.venues.services import MAX_LENGTH

WINDOW_BACK = timedelta(days=92)
WINDOW_AHEAD = timedelta(days=366)
STAMP = "%Y%m%dT%H%M%SZ"


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _text(value: str) -> str:
    """Return `value` as an iCalendar TEXT value: line breaks (also a lone CR) become the escaped \\n, other
    control characters go, and backslashes, commas and semicolons are escaped (RFC 5545, 3.3.11)."""
    value = CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return vText(value).to_ical().decode()


def _stamp(moment) -> str:
    return moment.astimezone(UTC).strftime(STAMP)


def feed(rooms, name: str) -> str:
    """Return an iCalendar document with the approved bookings of `rooms` from 3 months back to 12 ahead."""
    now = utcnow()
    start, end = now - WINDOW_BACK, now + WINDOW_AHEAD
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
