"""The iCalendar feeds stay valid whatever a title holds: line breaks, commas and semicolons are escaped."""

from datetime import timedelta

import icalendar

from tests.conftest import future_local

HOSTILE = "Koffie\rX-INJECTED:yes\r\nDESCRIPTION:call 0612345678\nBEGIN:VEVENT, ok; fine \\ \x07bell"


def test_the_feed_escapes_line_breaks_commas_and_semicolons(client, make_room, make_booking):
    """A lone CR, CR LF, LF, commas, semicolons and backslashes in a title or room name never break the feed."""
    room = make_room(name="Zaal 1; boven, achter\rX-ROOM:1")
    start = future_local(5, 10)
    make_booking(room, start, start + timedelta(hours=1), title=HOSTILE)
    for path in (f"/rooms/{room.id}/calendar.ics", f"/venues/{room.venue_id}/calendar.ics"):
        body = client.get(path).data
        assert b"\rX-" not in body and b"\nX-INJECTED" not in body and b"\nDESCRIPTION" not in body
        assert all(line.endswith(b"\r") or not line for line in body.split(b"\n")), "bare LF or CR in the feed"
        calendar = icalendar.Calendar.from_ical(body)
        events = calendar.walk("VEVENT")
        assert len(events) == 1
        event = events[0]
        assert "X-INJECTED" not in event and "DESCRIPTION" not in event and "X-ROOM" not in event
        assert str(event["SUMMARY"]) == ("Koffie\nX-INJECTED:yes\nDESCRIPTION:call 0612345678\n"
                                         "BEGIN:VEVENT, ok; fine \\ bell")
        assert str(event["LOCATION"]) == "Zaal 1; boven, achter\nX-ROOM:1"
