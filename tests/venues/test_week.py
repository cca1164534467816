"""The week at a glance across all rooms, and a room's week: one block per booking, one day at a time on a phone."""

import re
from datetime import UTC, datetime, time, timedelta

import pytest

from portal.core.time import local, to_utc, utcnow
from portal.extensions import db
from portal.venues.models import ClosedDay
from tests.conftest import HX, future_local


def now_local():
    return local(utcnow()).replace(tzinfo=None, second=0, microsecond=0)


def test_week_agenda_lists_the_coming_seven_days_across_rooms(app, client, make_room, make_booking):
    """The agenda shows approved bookings of every room from now for seven days, per day, soonest first."""
    kitchen, hall = make_room(name="Keuken"), make_room(name="Grote zaal")
    now = now_local()
    make_booking(kitchen, future_local(days=1, hour=17), future_local(days=1, hour=20), title="Samen koken",
                 description="Neem een bord mee.")
    make_booking(hall, future_local(days=1, hour=10), future_local(days=1, hour=12), title="Taalcafé")
    make_booking(hall, future_local(days=6, hour=19), future_local(days=6, hour=21), title="Buurtvergadering")
    make_booking(hall, future_local(days=7, hour=10), future_local(days=7, hour=11), title="Volgende week")
    make_booking(hall, future_local(days=2, hour=10), future_local(days=2, hour=11), title="Nog niet zeker",
                 status="pending")
    make_booking(kitchen, now - timedelta(hours=3), now - timedelta(hours=2), title="Al voorbij")
    with app.app_context():
        db.session.add(ClosedDay(venue_id=hall.venue_id, day=future_local(days=3).date(), reason="Schoonmaak"))
        db.session.commit()
    page = client.get("/buurthuis/week").get_data(as_text=True)
    assert page.count('class="card agenda-day"') == 7
    for title in ("Samen koken", "Taalcafé", "Buurtvergadering", "Neem een bord mee.", "Schoonmaak"):
        assert title in page, title
    for title in ("Volgende week", "Nog niet zeker", "Al voorbij"):
        assert title not in page, title
    assert page.index("Taalcafé") < page.index("Samen koken") < page.index("Buurtvergadering")
    assert f'href="/rooms/{kitchen.id}?day={future_local(days=1).date().isoformat()}"' in page


def test_week_agenda_is_linked_from_home_and_menu(client, make_room):
    """The home page and the menu link to the week at a glance."""
    make_room()
    page = client.get("/").get_data(as_text=True)
    assert page.count('href="/buurthuis/week"') >= 1
    menu = page.split('<nav aria-label="Hoofdmenu">')[-1].split("</nav>")[0] if "Hoofdmenu" in page else page
    assert 'href="/buurthuis/week"' in menu and "Deze week" in page


def test_a_booking_is_one_block_spanning_its_hours(client, make_room, make_booking):
    """A 2-hour booking is one block marked to span two hours, not two hour cells."""
    room = make_room()
    start = future_local(days=8, hour=14)
    make_booking(room, start, start + timedelta(hours=2), title="Taalcafé")
    make_booking(room, start + timedelta(hours=3), start + timedelta(hours=3, minutes=30), title="Kort")
    page = client.get(f"/rooms/{room.id}?week={start.date().isoformat()}").get_data(as_text=True)
    assert page.count("Taalcafé") == 1 and page.count("slot-taken") == 2
    assert re.search(r'class="slot slot-taken span-2"><span class="slot-time">14:00–16:00</span>', page)
    assert re.search(r'class="slot slot-taken span-1"><span class="slot-time">17:00–17:30</span>', page)


@pytest.mark.parametrize("wall_clock", ["00:30", "10:15", "21:40", "22:30", "23:08"])
def test_past_hours_are_folded_away(client, make_room, make_booking, clock, wall_clock):
    """Today's hours that are over sit in a closed summary; the hours to come stay open (at any time of day)."""
    hour, minute = map(int, wall_clock.split(":"))
    clock(to_utc(datetime.combine(local(datetime.now(UTC)).date(), time(hour, minute))))
    room = make_room(hours=(0, 23))
    now = now_local()
    page = client.get(f"/rooms/{room.id}").get_data(as_text=True)
    today = page.split('class="day day-selected"')[1].split("</li>\n<li")[0]
    if now.hour >= 1:  # the room opens at 00:00 and closes at 23:00
        assert '<details class="slots-past">' in today
        assert ("Voorbij: tot" if now.hour < 23 else "Deze dag is voorbij") in today
    assert "slot-past" not in today.split("</details>")[-1]
    assert "slot-free" in today or now.hour >= 22


def test_one_day_at_a_time_with_links_per_day(client, make_room):
    """The day links choose the day a phone shows; the room's page starts at today; htmx gets the fragment."""
    room = make_room()
    today = local(utcnow()).date()
    page = client.get(f"/rooms/{room.id}").get_data(as_text=True)
    assert page.count('class="day day-selected"') == 1 and 'aria-current="date"' in page
    assert f"?day={today.isoformat()}\" hx-get" in page.split('aria-current="date"')[0][-300:]
    later = today + timedelta(days=9)
    response = client.get(f"/rooms/{room.id}?day={later.isoformat()}", headers=HX)
    body = response.get_data(as_text=True)
    assert "<html" not in body and 'id="week"' in body
    selected = body.split('class="day day-selected"')[1][:200]
    assert f"{later.day} " in selected


def test_agenda_query_count_stays_flat(app, client, make_room, make_booking, count_queries):
    """The agenda runs the same number of queries with 2 and with 40 bookings."""
    rooms = [make_room() for _ in range(2)]
    start = future_local(days=1, hour=9)
    make_booking(rooms[0], start, start + timedelta(hours=1))
    make_booking(rooms[1], start, start + timedelta(hours=1))
    with count_queries() as few:
        client.get("/buurthuis/week")
    with app.app_context():
        from portal.venues.models import Booking
        db.session.add_all(Booking(room_id=rooms[i % 2].id, title=f"B{i}", status="approved",
                                   start_at=to_utc(start + timedelta(days=i // 10, hours=i % 10 + 1)),
                                   end_at=to_utc(start + timedelta(days=i // 10, hours=i % 10 + 2)))
                           for i in range(40))
        db.session.commit()
    with count_queries() as many:
        page = client.get("/buurthuis/week").get_data(as_text=True)
    assert "B39" in page and len(few) == len(many)


def test_menu_marks_one_place(client, make_room):
    """The week at a glance marks "Deze week" in the menu; a room's page marks "Zalen"; never both."""
    room = make_room()
    # The header holds the first links in the wide row and every link behind "Menu": look at the menu.
    week = client.get("/buurthuis/week").get_data(as_text=True).split('class="nav-menu"')[1]
    assert week.count('aria-current="page"') == 1 and 'href="/buurthuis/week" aria-current="page"' in week
    rooms = client.get(f"/rooms/{room.id}").get_data(as_text=True).split('class="nav-menu"')[1]
    assert rooms.count('aria-current="page"') == 1 and 'href="/venues" aria-current="page"' in rooms


def test_a_bookings_hours_read_as_babels_short_time_in_both_languages(app):
    """The today page writes a booking's hours without Babel (a page lists every booking of the day): the same
    text as Babel's short time in Dutch and in English, also around midnight and on the days the clocks change."""
    from portal.i18n import format_time, in_language
    from portal.venues.models import Booking

    moments = [datetime(2026, 3, 29, 0, 30, tzinfo=UTC), datetime(2026, 10, 25, 0, 5, tzinfo=UTC),
               datetime(2026, 12, 1, 22, 59, tzinfo=UTC), datetime(2027, 7, 1, 8, 15, tzinfo=UTC)]
    for start in moments:
        booking = Booking(start_at=start, end_at=start + timedelta(minutes=150))
        for language in ("nl", "en"):
            with app.test_request_context(), in_language(language):
                assert booking.hours_label == f"{format_time(booking.start_at)}–{format_time(booking.end_at)}"
