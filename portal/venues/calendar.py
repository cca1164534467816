"""iCalendar feeds of bookings: titles and times only, no personal data, in a bounded window."""

from datetime import timedelta

from flask import url_for
from icalendar import Calendar, Event

from portal.db import utcnow
from portal.venues.services import bookings_between

WINDOW_BACK = timedelta(days=92)
WINDOW_AHEAD = timedelta(days=366)


def feed(rooms, name: str) -> bytes:
    """Return an iCalendar document with the approved bookings of `rooms` from 3 months back to 12 ahead."""
    calendar = Calendar()
    calendar.add("prodid", "-//Buurtbouw//venues//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Amsterdam")
    now = utcnow()
    host = url_for("core.home", _external=True).split("//", 1)[-1].strip("/") or "buurtbouw"
    by_id = {room.id: room for room in rooms}
    for booking in bookings_between(list(by_id), now - WINDOW_BACK, now + WINDOW_AHEAD):
        event = Event()
        event.add("uid", f"booking-{booking.id}@{host}")
        event.add("summary", booking.title)
        event.add("dtstart", booking.start_at)
        event.add("dtend", booking.end_at)
        event.add("dtstamp", booking.created_at)
        event.add("location", f"{by_id[booking.room_id].name}")
        calendar.add_component(event)
    return calendar.to_ical()
