"""Venues: rooms and their week, booking and requests, collisions, series, hours, feeds and privacy."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.venues.models import Booking
from tests.conftest import HX, future_local, read_mails


def fmt(moment) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def bookings(app) -> list[Booking]:
    with app.app_context():
        return db.session.scalars(select(Booking).order_by(Booking.start_at)).all()


def test_venues_and_week_are_public(client, make_room, make_booking):
    """Anyone sees the rooms and a room's week with free and taken hours."""
    room = make_room(name="Grote zaal")
    start = future_local(hour=14)
    make_booking(room, start, start + timedelta(hours=2), title="Taalcafé")
    assert "Grote zaal" in client.get("/venues").get_data(as_text=True)
    page = client.get(f"/rooms/{room.id}?week={start.date().isoformat()}").get_data(as_text=True)
    assert "Taalcafé" in page and "slot-taken" in page and "slot-free" in page


def test_week_moves_with_htmx_and_plain_links(client, make_room):
    """Week navigation is a plain link, and htmx gets only the week fragment."""
    room = make_room()
    page = client.get(f"/rooms/{room.id}?week=2030-01-07").get_data(as_text=True)
    assert f'href="/rooms/{room.id}?week=2030-01-14"' in page and 'hx-push-url="true"' in page
    fragment = client.get(f"/rooms/{room.id}?week=2030-01-14", headers=HX)
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and 'id="week"' in body and "HX-Request" in fragment.headers["Vary"]


def test_free_slot_links_to_a_prefilled_form(client, login_as, make_room):
    """A free hour opens the booking form with start and end filled in."""
    room = make_room()
    login_as()
    start = future_local(hour=9)
    page = client.get(f"/rooms/{room.id}/book?start={fmt(start)}&end={fmt(start + timedelta(hours=1))}")
    assert f'value="{fmt(start)}"' in page.get_data(as_text=True)


def test_librarian_books_directly(app, client, login_as, make_room):
    """A librarian's booking is approved at once."""
    room = make_room()
    login_as("librarian")
    start = future_local(hour=10)
    response = client.post(f"/rooms/{room.id}/book", data={"title": "Huiswerkklas", "start": fmt(start),
                                                           "end": fmt(start + timedelta(hours=2))})
    assert response.status_code == 303
    [booking] = bookings(app)
    assert booking.status == "approved" and booking.title == "Huiswerkklas"


def test_resident_request_is_approved_with_mail(app, client, login_as, make_room, auth):
    """A resident's request waits; a librarian approves it; the resident gets an e-mail and sees the status."""
    room = make_room()
    resident = login_as()
    start = future_local(hour=13)
    client.post(f"/rooms/{room.id}/book", data={"title": "Verjaardag", "start": fmt(start),
                                                "end": fmt(start + timedelta(hours=3))})
    [booking] = bookings(app)
    assert booking.status == "pending"
    assert "Wacht op antwoord" in client.get("/bookings/mine").get_data(as_text=True)
    assert client.post(f"/bookings/{booking.id}/approve").status_code == 403  # residents cannot approve
    client.post("/logout")
    login_as("librarian")
    page = client.get("/bookings/requests").get_data(as_text=True)
    assert "Verjaardag" in page and resident.email in page
    assert client.post(f"/bookings/{booking.id}/approve").status_code == 303
    assert bookings(app)[0].status == "approved"
    mails = read_mails(app)
    assert [mail["To"] for mail in mails] == [resident.email, resident.email]
    assert "goedgekeurd" in mails[1]["Subject"] and "Verjaardag" in mails[1]["Subject"]


def test_decline_needs_a_reason(app, client, login_as, make_room, make_booking):
    """Declining needs a reason, which the requester reads."""
    room = make_room()
    start = future_local(hour=13)
    booking = make_booking(room, start, start + timedelta(hours=1), status="pending")
    login_as("coordinator")
    client.post(f"/bookings/{booking.id}/decline", data={"reason": ""})
    assert bookings(app)[0].status == "pending"
    client.post(f"/bookings/{booking.id}/decline", data={"reason": "Verbouwing"})
    assert bookings(app)[0].status == "declined" and bookings(app)[0].decline_reason == "Verbouwing"


def test_collision_says_when_not_who(app, client, login_as, make_room, make_booking, make_user):
    """A taken time is refused and the message says when, never who booked it."""
    room = make_room()
    start = future_local(hour=10)
    make_booking(room, start, start + timedelta(hours=2), requester=make_user(name="Secret Sam"))
    login_as()
    response = client.post(f"/rooms/{room.id}/book", data={
        "title": "Mine", "start": fmt(start + timedelta(hours=1)), "end": fmt(start + timedelta(hours=3))})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "bezet" in page and "Secret Sam" not in page
    assert len(bookings(app)) == 1


def test_back_to_back_bookings_are_fine(app, client, login_as, make_room, make_booking):
    """10-11 and 11-12 do not collide (half-open ranges)."""
    room = make_room()
    start = future_local(hour=10)
    make_booking(room, start, start + timedelta(hours=1))
    login_as("librarian")
    response = client.post(f"/rooms/{room.id}/book", data={
        "title": "Next", "start": fmt(start + timedelta(hours=1)), "end": fmt(start + timedelta(hours=2))})
    assert response.status_code == 303 and len(bookings(app)) == 2


def test_weekly_series_lists_each_colliding_date(app, client, login_as, make_room, make_booking):
    """A series is checked whole first; the answer lists each colliding date; the rest can be booked."""
    room = make_room()
    start = future_local(days=8, hour=10)
    make_booking(room, start + timedelta(days=14), start + timedelta(days=14, hours=1))
    login_as("librarian")
    data = {"title": "Taalcafé", "start": fmt(start), "end": fmt(start + timedelta(hours=2)),
            "repeat_weekly_until": (start + timedelta(days=28)).date().isoformat()}
    response = client.post(f"/rooms/{room.id}/book", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Niet elke datum kan geboekt worden" in page and "bezet" in page
    assert len(bookings(app)) == 1
    response = client.post(f"/rooms/{room.id}/book", data={**data, "book_rest": "y"})
    assert response.status_code == 303
    series = [b for b in bookings(app) if b.title == "Taalcafé"]
    assert len(series) == 4 and len({b.series_id for b in series}) == 1


def test_one_date_of_a_series_can_be_cancelled(app, client, login_as, make_room):
    """Cancelling one date leaves the rest; cancelling the series ends the later dates."""
    room = make_room()
    login_as("librarian")
    start = future_local(days=8, hour=10)
    client.post(f"/rooms/{room.id}/book", data={"title": "Club", "start": fmt(start),
                                                "end": fmt(start + timedelta(hours=1)),
                                                "repeat_weekly_until": (start + timedelta(days=21)).date()})
    first, second, *_ = bookings(app)
    assert client.post(f"/bookings/{second.id}/cancel").status_code == 303
    assert [b.status for b in bookings(app)] == ["approved", "cancelled", "approved", "approved"]
    client.post(f"/bookings/{first.id}/cancel-series")
    assert {b.status for b in bookings(app)} == {"cancelled"}


def test_cancel_frees_the_time(app, client, login_as, make_room):
    """After cancelling, the same time can be booked again."""
    room = make_room()
    login_as("librarian")
    start = future_local(hour=10)
    data = {"title": "A", "start": fmt(start), "end": fmt(start + timedelta(hours=1))}
    client.post(f"/rooms/{room.id}/book", data=data)
    client.post(f"/bookings/{bookings(app)[0].id}/cancel")
    assert client.post(f"/rooms/{room.id}/book", data=data).status_code == 303


@pytest.mark.parametrize("start_delta, end_delta, field, message", [
    (0, -1, "end", "Het einde moet na het begin liggen."),
    (0, 0, "end", "Het einde moet na het begin liggen."),
    (0, 25, "end", "hoogstens 24 uur"),
    (-24 * 30, -24 * 30 + 1, "start", "al voorbij"),
])
def test_bad_times_are_refused(app, client, login_as, make_room, start_delta, end_delta, field, message):
    """End before start, zero length, over 24 hours, or in the past: a message at the field, nothing stored."""
    room = make_room()
    login_as("coordinator")
    start = future_local(hour=9)
    response = client.post(f"/rooms/{room.id}/book", data={
        "title": "X", "start": fmt(start + timedelta(hours=start_delta)),
        "end": fmt(start + timedelta(hours=end_delta))})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and f'id="{field}-error"' in page and message in page
    assert bookings(app) == []


def test_a_booking_date_long_gone_says_it_has_passed(app, client, login_as, make_room):
    """A date more than a year back is told it has passed (not "in the coming five years"), and an end before its
    start is named in the same answer."""
    room = make_room()
    login_as("librarian")
    response = client.post(f"/rooms/{room.id}/book", data={"title": "Taalcafé", "start": "2025-01-10T10:00",
                                                           "end": "2025-01-10T09:00"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "vijf jaar" not in page
    assert "Deze datum is al voorbij." in page.split('id="start-error"')[1][:300]
    assert "Het einde moet na het begin liggen." in page.split('id="end-error"')[1][:400]
    assert bookings(app) == []


def test_malformed_dates_and_long_series_are_refused(app, client, login_as, make_room):
    """A malformed date, a series over a year, an empty title: clear messages, nothing stored."""
    room = make_room()
    login_as("librarian")
    start = future_local(hour=9)
    response = client.post(f"/rooms/{room.id}/book", data={"title": "", "start": "tomorrow", "end": "later"})
    page = response.get_data(as_text=True)
    assert "title-error" in page and re.search(r"zoals \d{1,2} [a-z]+ \d{4}, 14:00", page)
    response = client.post(f"/rooms/{room.id}/book", data={
        "title": "X", "start": fmt(start), "end": fmt(start + timedelta(hours=1)),
        "repeat_weekly_until": (start + timedelta(days=400)).date().isoformat()})
    assert "hoogstens een jaar" in response.get_data(as_text=True)
    assert bookings(app) == []


def test_unknown_room_is_404(client, login_as):
    """Booking a room that does not exist answers 404."""
    login_as()
    assert client.get("/rooms/99999").status_code == 404
    assert client.post("/rooms/99999/book", data={"title": "X"}).status_code == 404


def test_outside_hours_refused_unless_coordinator_overrides(app, client, login_as, make_room, caplog):
    """Outside opening hours is refused; a coordinator may override, and the override is logged."""
    room = make_room(hours=(9, 17))
    start = future_local(hour=18)
    data = {"title": "Late", "start": fmt(start), "end": fmt(start + timedelta(hours=2))}
    login_as("librarian")
    response = client.post(f"/rooms/{room.id}/book", data=data)
    assert response.status_code == 422 and "Het buurthuis sluit om 17:00" in response.get_data(as_text=True)
    client.post("/logout")
    coordinator = login_as("coordinator")
    assert client.post(f"/rooms/{room.id}/book", data={**data, "override_hours": "y"}).status_code == 303
    assert bookings(app)[0].override_by_id == coordinator.id
    assert "opening hours overridden" in caplog.text


def test_closed_day_is_refused(app, client, login_as, make_room):
    """A booking on a closed day is refused."""
    from portal.venues.models import ClosedDay, Room
    room = make_room()
    start = future_local(hour=10)
    with app.app_context():
        venue_id = db.session.get(Room, room.id).venue_id
        db.session.add(ClosedDay(venue_id=venue_id, day=start.date(), reason="Kerst"))
        db.session.commit()
    login_as("librarian")
    response = client.post(f"/rooms/{room.id}/book", data={"title": "X", "start": fmt(start),
                                                           "end": fmt(start + timedelta(hours=1))})
    assert response.status_code == 422 and "Het buurthuis is dicht op" in response.get_data(as_text=True)


def test_resident_cannot_cancel_others_or_see_contacts(app, client, login_as, make_room, make_booking, make_user):
    """A resident cannot cancel someone else's booking, approve, or see walk-in contact details."""
    room = make_room()
    start = future_local(hour=10)
    booking = make_booking(room, start, start + timedelta(hours=1), status="pending",
                           walkin_name="Walk In", walkin_contact="06-12345678")
    login_as()
    # not theirs to cancel: a 404, as for a booking that does not exist (a 403 tells a private booking is there)
    for path in (f"/bookings/{booking.id}/cancel", f"/bookings/{booking.id}/cancel-series"):
        assert client.post(path).status_code == 404 and client.get(path).status_code == 404
        assert client.post(path.replace(str(booking.id), "99999")).status_code == 404
    assert client.post(f"/bookings/{booking.id}/approve").status_code == 403
    assert client.get("/bookings/requests").status_code == 403
    for path in ("/venues", f"/rooms/{room.id}?week={start.date()}", "/venues/today", "/bookings/mine"):
        assert "06-12345678" not in client.get(path).get_data(as_text=True)
    assert bookings(app)[0].status == "pending"


def test_walkin_contacts_are_purged(app, make_room, make_booking):
    """The daily command deletes walk-in names and contacts once the booking is over."""
    room = make_room()
    past = future_local(days=-2, hour=10)
    make_booking(room, past, past + timedelta(hours=1), walkin_name="Old", walkin_contact="06-1")
    upcoming = future_local(hour=10)
    make_booking(room, upcoming, upcoming + timedelta(hours=1), walkin_name="New", walkin_contact="06-2")
    result = app.test_cli_runner().invoke(args=["purge-walk-ins"])
    assert result.exit_code == 0 and "1 booking" in result.output
    old, new = bookings(app)
    assert (old.walkin_name, old.walkin_contact) == (None, None) and new.walkin_contact == "06-2"


def test_ical_feeds_have_titles_only_in_a_window(app, client, make_room, make_booking, make_user):
    """A room's and a venue's iCalendar feed list approved bookings by title, within 3 months back and 12 ahead."""
    room = make_room()
    soon, far = future_local(hour=10), future_local(days=500, hour=10)
    make_booking(room, soon, soon + timedelta(hours=1), title="Soon", requester=make_user(name="Private Pat"))
    make_booking(room, far, far + timedelta(hours=1), title="Far away")
    make_booking(room, soon + timedelta(hours=2), soon + timedelta(hours=3), title="Pending", status="pending")
    response = client.get(f"/rooms/{room.id}/calendar.ics")
    body = response.get_data(as_text=True)
    assert response.mimetype == "text/calendar" and "SUMMARY:Soon" in body
    assert "Far away" not in body and "Pending" not in body and "Private Pat" not in body
    with app.app_context():
        from portal.venues.models import Room
        venue_id = db.session.get(Room, room.id).venue_id
    assert "SUMMARY:Soon" in client.get(f"/venues/{venue_id}/calendar.ics").get_data(as_text=True)


def test_today_page_and_home(client, clock, make_room, make_booking):
    """Today's bookings show per room on the today page and the home page (at a fixed noon, far from midnight)."""
    from datetime import UTC, datetime, time

    from portal.core.time import local, to_utc
    noon = datetime.combine(local(datetime.now(UTC)).date(), time(12))
    clock(to_utc(noon))
    room = make_room(name="Keuken")
    make_booking(room, noon + timedelta(minutes=30), noon + timedelta(minutes=35), title="Late coffee")
    assert "Late coffee" in client.get("/venues/today").get_data(as_text=True)
    assert "Late coffee" in client.get("/").get_data(as_text=True)


def test_coordinator_manages_a_venue(app, client, login_as):
    """A coordinator adds a venue, a room, opening hours and a closed day."""
    from portal.venues.models import ClosedDay, OpeningHours, Room, Venue
    login_as("coordinator")
    response = client.post("/venues/new", data={"name": "Buurthuis Test", "address": "Straat 1"})
    assert response.status_code == 303
    with app.app_context():
        venue_id = db.session.scalar(select(Venue.id))
    client.post(f"/venues/{venue_id}/rooms", data={"name": "Zaal", "capacity": "40", "wheelchair": "y"})
    hours = {f"days-{d}-opens": "09:00" for d in range(6)} | {f"days-{d}-closes": "22:00" for d in range(6)}
    assert client.post(f"/venues/{venue_id}/hours", data=hours).status_code == 303
    bad = client.post(f"/venues/{venue_id}/hours", data={"days-0-opens": "22:00", "days-0-closes": "09:00"})
    assert bad.status_code == 422 and "Sluiten moet na openen komen." in bad.get_data(as_text=True)
    client.post(f"/venues/{venue_id}/closed", data={"day": "2030-12-25", "reason": "Kerst"})
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Room)) == 1
        assert db.session.scalar(select(func.count()).select_from(OpeningHours)) == 6
        assert db.session.scalar(select(ClosedDay.reason)) == "Kerst"
    assert "Buurthuis Test" in client.get(f"/venues/{venue_id}/manage").get_data(as_text=True)


def test_renaming_a_venue_or_a_room_to_a_taken_name_is_refused_at_the_name(app, client, login_as, make_room):
    """A venue renamed to another venue's name, or a room to another room's name in its venue: the form again with
    the message at the name and what was typed, nothing changed (both gave a 500); the own name stays allowed."""
    from portal.venues.models import Room, Venue

    big, small = make_room("Grote zaal", venue_name="Buurthuis De Nelle"), make_room("Keuken", venue_name="OBA")
    with app.app_context():
        db.session.add(Room(venue_id=big.venue_id, name="Keuken", capacity=12))
        db.session.commit()
        kitchen_id = db.session.scalar(select(Room.id).where(Room.venue_id == big.venue_id, Room.name == "Keuken"))
    login_as("coordinator")
    renamed = client.post(f"/venues/{small.venue_id}/manage", data={"name": "Buurthuis De Nelle", "address": "X 1"})
    assert renamed.status_code == 422 and "Er is al een locatie met deze naam." in renamed.get_data(as_text=True)
    assert 'value="Buurthuis De Nelle"' in renamed.get_data(as_text=True)
    moved = client.post(f"/rooms/{kitchen_id}/edit", data={"name": "Grote zaal", "capacity": "12"})
    assert moved.status_code == 422
    assert "Deze locatie heeft al een zaal met deze naam." in moved.get_data(as_text=True)
    assert client.post(f"/rooms/{kitchen_id}/edit", data={"name": "Keuken", "capacity": "14"}).status_code == 303
    assert client.post(f"/venues/{small.venue_id}/manage", data={"name": "OBA", "address": "Y 2"}).status_code == 303
    with app.app_context():
        assert sorted(db.session.scalars(select(Venue.name))) == ["Buurthuis De Nelle", "OBA"]
        assert db.session.get(Room, kitchen_id).name == "Keuken" and db.session.get(Room, kitchen_id).capacity == 14


@pytest.mark.parametrize("path", ["/venues/new", "/venues/1/manage"])
def test_residents_cannot_manage_venues(client, login_as, path):
    """Only coordinators manage venues."""
    login_as()
    assert client.get(path).status_code == 403


def test_account_deletion_cancels_future_bookings(app, client, make_room, make_user, auth, make_booking):
    """Deleting an account cancels its future bookings, so the time is free."""
    from tests.conftest import PASSWORD
    me = make_user()
    room = make_room()
    start = future_local(hour=10)
    make_booking(room, start, start + timedelta(hours=1), requester=me)
    auth.login(me)
    client.post("/account/delete", data={"password": PASSWORD})
    assert bookings(app)[0].status == "cancelled"
