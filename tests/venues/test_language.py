"""Venue pages speak plainly: 24-hour times and day-month dates in English, written dates in hints, feeds explained."""

import re
from datetime import timedelta

from babel import dates
from sqlalchemy import select

from portal.core.time import local
from portal.extensions import db
from portal.venues.models import Booking
from tests.conftest import future_local


def fmt(moment) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def test_english_uses_24_hour_times_and_day_month_dates(client, login_as, make_room, make_booking):
    """English pages show "14:00–17:00" and "29 November", never "2:00 PM" or "November 29"."""
    room = make_room()
    reader = login_as(language="en")
    start = future_local(days=1, hour=14)
    make_booking(room, start, start + timedelta(hours=3), title="Choir", requester=reader)
    month = dates.get_month_names("wide", locale="en")[start.month]
    for path in ("/bookings/mine", "/buurthuis/week", f"/rooms/{room.id}?day={start.date().isoformat()}",
                 "/venues/today"):
        page = client.get(path).get_data(as_text=True)
        assert not re.search(r"\d{1,2}:\d{2}\s?[AP]M", page), path
        assert f"{month} {start.day}" not in page, path
    page = client.get("/bookings/mine").get_data(as_text=True)
    assert "14:00–17:00" in page
    assert f"{start.day} {month}" in client.get("/buurthuis/week").get_data(as_text=True)


def test_hints_show_dates_as_people_write_them(client, login_as, make_room):
    """A date that cannot be read is answered with an example like "3 december 2026, 14:00", not an ISO date."""
    room = make_room()
    login_as()
    page = client.post(f"/rooms/{room.id}/book", data={"title": "X", "start": "morgen", "end": "later",
                                                       "repeat_weekly_until": "ooit"}).get_data(as_text=True)
    assert re.search(r"zoals \d{1,2} [a-z]+ \d{4}, 14:00\.", page)
    assert re.search(r"Vul een datum in, zoals \d{1,2} [a-z]+ \d{4}\.", page)
    assert not re.search(r"zoals \d{4}-\d{2}-\d{2}", page)


def test_written_dates_are_read(app, client, login_as, make_room):
    """A browser without a date picker may send "3 december 2026, 14:00"; it is read as that local time."""
    room = make_room()
    login_as()
    start = future_local(days=9, hour=14)
    last = start + timedelta(days=14)
    months = dates.get_month_names("wide", locale="nl")
    response = client.post(f"/rooms/{room.id}/book", data={
        "title": "Koor", "start": f"{start.day} {months[start.month]} {start.year}, 14:00",
        "end": f"{start:%d-%m-%Y} 16:00", "repeat_weekly_until": f"{last.day} {months[last.month]} {last.year}"})
    assert response.status_code == 303
    with app.app_context():
        booked = db.session.scalars(select(Booking).order_by(Booking.start_at)).all()
        assert [(local(b.start_at).replace(tzinfo=None), local(b.end_at).hour) for b in booked] == [
            (start + timedelta(days=7 * week), 16) for week in range(3)]


def test_calendar_feed_is_explained(client, make_room):
    """The room page and the rooms page say in words what the calendar link does."""
    room = make_room()
    for path in (f"/rooms/{room.id}", "/venues"):
        page = client.get(path).get_data(as_text=True)
        assert "Zet de agenda in je telefoon" in page and "Agenda-feed" not in page, path
