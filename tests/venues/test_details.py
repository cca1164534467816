"""What a booking is for: people expected, a short description, and whether others see its title."""

import re
from datetime import timedelta

from sqlalchemy import select

from portal.core.time import local, to_utc, utcnow
from portal.extensions import db
from portal.venues.models import Booking
from tests.conftest import future_local


def fmt(moment) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def stored(app) -> list[Booking]:
    with app.app_context():
        return db.session.scalars(select(Booking).order_by(Booking.start_at)).all()


def test_booking_keeps_people_description_and_privacy(app, client, login_as, make_room):
    """A booking stores the people expected, a short description and whether it is public."""
    room = make_room()
    login_as()
    start = future_local(hour=14)
    response = client.post(f"/rooms/{room.id}/book", data={
        "title": "Buurtquiz", "visibility": "public", "description": "Iedereen welkom, ook zonder team.",
        "attendees": "18", "start": fmt(start), "end": fmt(start + timedelta(hours=2))})
    assert response.status_code == 303
    [booking] = stored(app)
    assert (booking.attendees, booking.public, booking.description) == (18, True, "Iedereen welkom, ook zonder team.")


def test_new_bookings_are_private_unless_chosen(app, client, login_as, make_room):
    """The form starts at private: a booking is only public when the booker says so."""
    room = make_room()
    login_as()
    start = future_local(hour=14)
    page = client.get(f"/rooms/{room.id}/book").get_data(as_text=True)
    assert re.search(r'<input checked[^>]*value="private"', page)
    client.post(f"/rooms/{room.id}/book", data={"title": "Verjaardag Amira", "start": fmt(start),
                                                "end": fmt(start + timedelta(hours=2))})
    [booking] = stored(app)
    assert booking.public is False


def test_more_people_than_fit_is_refused_at_the_field(app, client, login_as, make_room):
    """More people than the room holds: a message at the field, what was typed kept, nothing stored."""
    room = make_room()  # 20 people
    login_as()
    start = future_local(hour=14)
    response = client.post(f"/rooms/{room.id}/book", data={
        "title": "Groot feest", "attendees": "45", "start": fmt(start), "end": fmt(start + timedelta(hours=2))})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="attendees-error"' in page and "20 mensen passen in deze zaal" in page
    assert 'value="45"' in page and 'value="Groot feest"' in page
    assert stored(app) == []


def test_private_titles_are_never_shown_to_others(app, client, login_as, make_room, make_booking, make_user, auth):
    """A private booking is "bezet" to others on every surface; its requester and the buurthuis see the title."""
    room = make_room()
    now = local(utcnow()).replace(tzinfo=None, second=0, microsecond=0)
    owner = make_user()
    start = future_local(days=1, hour=10)
    make_booking(room, start, start + timedelta(hours=2), title="Verjaardag Amira", public=False,
                 description="Taart in de keuken", requester=owner)
    make_booking(room, now - timedelta(hours=1), now + timedelta(minutes=5), title="Geheim overleg", public=False,
                 requester=owner)
    week = f"/rooms/{room.id}?week={start.date().isoformat()}"
    surfaces = [week, "/", "/venues/today", "/kiosk/today", "/buurthuis/week", f"/rooms/{room.id}/calendar.ics",
                f"/venues/{room.venue_id}/calendar.ics"]
    login_as()  # another resident
    for path in surfaces:
        body = client.get(path).get_data(as_text=True)
        assert "Verjaardag" not in body and "Geheim" not in body and "Taart" not in body, path
    assert "bezet" in client.get(week).get_data(as_text=True)
    assert "SUMMARY:bezet" in client.get(f"/rooms/{room.id}/calendar.ics").get_data(as_text=True)
    auth.logout()
    for path in surfaces:
        body = client.get(path).get_data(as_text=True)
        assert "Verjaardag" not in body and "Geheim" not in body, path
    auth.login(owner)
    assert "Verjaardag Amira" in client.get(week).get_data(as_text=True)
    auth.logout()
    login_as("librarian")
    assert "Verjaardag Amira" in client.get(week).get_data(as_text=True)
    assert "Verjaardag" not in client.get("/kiosk/today").get_data(as_text=True)  # a shared screen


def test_one_date_after_closing_names_the_closing_time(app, client, login_as, make_room):
    """A single booking past closing says when the buurthuis closes that day, at the end field; no series text."""
    room = make_room(hours=(9, 22))
    login_as()
    start = future_local(hour=20)
    response = client.post(f"/rooms/{room.id}/book", data={"title": "Feest", "start": fmt(start),
                                                           "end": fmt(start + timedelta(hours=3))})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="end-error"' in page and "Het buurthuis sluit om 22:00" in page
    assert "boek de andere data" not in page and "Niet elke datum" not in page
    early = future_local(hour=7)
    page = client.post(f"/rooms/{room.id}/book", data={"title": "Vroeg", "start": fmt(early),
                                                       "end": fmt(early + timedelta(hours=3))}).get_data(as_text=True)
    assert 'id="start-error"' in page and "gaat open om 09:00" in page
    assert stored(app) == []


def test_a_series_past_closing_keeps_the_series_message(client, login_as, make_room):
    """A weekly series past closing lists the dates and offers to book the others."""
    room = make_room(hours=(9, 22))
    login_as()
    start = future_local(hour=20)
    response = client.post(f"/rooms/{room.id}/book", data={
        "title": "Feest", "start": fmt(start), "end": fmt(start + timedelta(hours=3)),
        "repeat_weekly_until": (start + timedelta(days=14)).date().isoformat()})
    assert response.status_code == 422 and "Niet elke datum" in response.get_data(as_text=True)


def test_a_free_hour_offers_lengths(client, login_as, make_room, make_booking):
    """The form from a free hour offers 1, 2, 3 hours and until closing, as far as the room is free."""
    room = make_room(hours=(9, 22))
    login_as()
    start = future_local(hour=15)
    page = client.get(f"/rooms/{room.id}/book?start={fmt(start)}&end={fmt(start + timedelta(hours=1))}")
    body = page.get_data(as_text=True)
    for hours in (1, 2, 3):
        assert f'name="pick_end" value="{fmt(start + timedelta(hours=hours))}"' in body
    assert "tot sluitingstijd (22:00)" in body and body.count('aria-current="true"') == 1
    make_booking(room, start + timedelta(hours=2), start + timedelta(hours=4))
    body = client.get(f"/rooms/{room.id}/book?start={fmt(start)}").get_data(as_text=True)
    assert "2 uur" in body and "3 uur" not in body and "tot sluitingstijd" not in body


def test_choosing_a_length_keeps_what_was_typed(client, login_as, make_room):
    """A length button shows the form again with that end and everything typed; it books nothing."""
    room = make_room(hours=(9, 22))
    login_as()
    start = future_local(hour=15)
    response = client.post(f"/rooms/{room.id}/book", data={
        "title": "Verjaardag oma", "description": "Koffie en taart", "visibility": "public", "attendees": "12",
        "start": fmt(start), "end": fmt(start + timedelta(hours=1)), "pick_end": fmt(start + timedelta(hours=3))})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "Verjaardag oma" in body and "Koffie en taart" in body
    assert f'name="end" type="datetime-local" value="{fmt(start + timedelta(hours=3))}"' in body
    assert body.count('aria-current="true"') == 1 and 'value="12"' in body
    assert client.get("/bookings/mine").get_data(as_text=True).count("Verjaardag oma") == 0


def test_cancelling_asks_first(app, client, login_as, make_room, make_booking):
    """"Cancel" opens a page that asks first; only its POST button cancels; a series names how many dates."""
    room = make_room()
    resident = login_as()
    start = future_local(days=8, hour=10)
    make_booking(room, start, start + timedelta(hours=1), title="Eenmalig", requester=resident)
    with app.app_context():
        db.session.add_all(Booking(room_id=room.id, title="Koor", status="approved", requester_id=resident.id,
                                   series_id="koor", start_at=to_utc(start + timedelta(days=7 * week, hours=3)),
                                   end_at=to_utc(start + timedelta(days=7 * week, hours=4))) for week in range(3))
        db.session.commit()
    one, first = stored(app)[0], stored(app)[1]
    mine = client.get("/bookings/mine").get_data(as_text=True)
    assert f'href="/bookings/{one.id}/cancel"' in mine and f'action="/bookings/{one.id}/cancel"' not in mine
    page = client.get(f"/bookings/{one.id}/cancel").get_data(as_text=True)
    assert "Deze datum annuleren?" in page and f'action="/bookings/{one.id}/cancel"' in page
    page = client.get(f"/bookings/{first.id}/cancel-series").get_data(as_text=True)
    assert "3 datums annuleren?" in page and "Ja, annuleer 3 datums" in page
    assert all(booking.status == "approved" for booking in stored(app))  # asking changed nothing
    response = client.post(f"/bookings/{first.id}/cancel-series", follow_redirects=True)
    assert "Geannuleerd: 3 datums." in response.get_data(as_text=True)
    assert [b.status for b in stored(app)] == ["approved", "cancelled", "cancelled", "cancelled"]


def test_overlapping_requests_are_marked(client, login_as, make_room, make_booking, count_queries):
    """Requests for the same room at the same time are marked in the list, each naming the other."""
    room, other_room = make_room(), make_room()
    start = future_local(days=8, hour=14)
    first = make_booking(room, start, start + timedelta(hours=2), title="Verjaardag", status="pending")
    second = make_booking(room, start + timedelta(hours=1), start + timedelta(hours=3), title="Repetitie",
                          status="pending")
    make_booking(room, start + timedelta(hours=3), start + timedelta(hours=4), title="Los", status="pending")
    make_booking(other_room, start, start + timedelta(hours=2), title="Elders", status="pending")
    login_as("librarian")
    with count_queries() as few:
        page = client.get("/bookings/requests").get_data(as_text=True)
    assert page.count("booking-overlap") == 2 and page.count("Overlapt met:") == 2
    card = page.split(f'id="{first.dom_id}"')[1].split("</article>")[0]
    assert f'href="#{second.dom_id}">Repetitie</a>' in card
    for hour in range(5):
        make_booking(other_room, start + timedelta(days=1, hours=hour), start + timedelta(days=1, hours=hour + 1),
                     status="pending")
    with count_queries() as many:
        client.get("/bookings/requests")
    assert len(few) == len(many)
