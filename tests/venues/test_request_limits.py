"""One resident cannot grey out a room for months: series length and waiting requests are capped (settings)."""

from datetime import timedelta

from sqlalchemy import func, select

from portal.extensions import db
from portal.venues.models import Booking
from tests.conftest import future_local


def fmt(moment) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def count(app, status: str = "pending") -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Booking).where(Booking.status == status))


def ask(client, room, days: int, weeks: int = 0, hour: int = 9):
    start = future_local(days, hour)
    data = {"title": "Taalcafé", "start": fmt(start), "end": fmt(start + timedelta(hours=13 if hour == 9 else 1))}
    if weeks:
        data["repeat_weekly_until"] = (start + timedelta(weeks=weeks - 1)).date().isoformat()
    return client.post(f"/rooms/{room.id}/book", data=data)


def test_a_resident_cannot_ask_for_a_year_of_mondays(app, client, login_as, make_room):
    """09:00-22:00 every week for a year is refused at the series field; nothing is stored."""
    room = make_room()
    login_as()
    response = ask(client, room, 7, weeks=53)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="repeat_weekly_until-error"' in page
    assert "hoogstens 12 weken tegelijk" in page
    assert count(app) == 0


def test_a_resident_may_ask_for_the_longest_allowed_series(app, client, login_as, make_room):
    """A series of exactly the allowed number of weeks is sent as requests."""
    room = make_room()
    login_as()
    assert ask(client, room, 7, weeks=12).status_code == 303
    assert count(app) == 12


def test_requests_waiting_for_an_answer_are_capped(app, client, login_as, make_room, monkeypatch):
    """Above the setting, a new request is refused with a message at the field; the earlier ones stay."""
    monkeypatch.setitem(app.config, "PENDING_REQUESTS_PER_RESIDENT", 3)
    room = make_room()
    login_as()
    assert ask(client, room, 7, weeks=2).status_code == 303
    assert ask(client, room, 3, hour=15).status_code == 303
    response = ask(client, room, 4, hour=15)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="start-error"' in page and "hoogstens 3 tegelijk" in page
    response = ask(client, room, 20, weeks=2, hour=15)
    assert 'id="repeat_weekly_until-error"' in response.get_data(as_text=True)
    assert count(app) == 3


def test_the_form_says_the_limits(client, login_as, make_room):
    """The booking form tells a resident how long a series may be and how many dates may wait."""
    room = make_room()
    login_as()
    page = client.get(f"/rooms/{room.id}/book").get_data(as_text=True)
    assert "Hoogstens 12 weken" in page and "hoogstens 20 datums tegelijk" in page


def test_librarians_book_longer_series(app, client, login_as, make_room):
    """Librarians and coordinators book at once, a series of up to a year, without the residents' caps."""
    room = make_room()
    login_as("librarian")
    assert ask(client, room, 7, weeks=30).status_code == 303
    assert count(app, "approved") == 30
