"""Hostile form input: control characters, NUL, impossible dates and numbers get a message or are cleaned, never 500."""

import importlib
import pkgutil
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from wtforms import Form

import portal
from portal.applause.models import Shout
from portal.boards.models import Task
from portal.extensions import db
from portal.forms import BaseForm
from portal.venues.models import Booking
from tests.conftest import future_local


def fmt(moment) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def _all_form_classes() -> list[type]:
    for module in pkgutil.walk_packages(portal.__path__, "portal."):
        if module.name.endswith(".forms"):
            importlib.import_module(module.name)
    seen, todo = set(), [Form]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return sorted((cls for cls in seen if cls.__module__.startswith("portal.")), key=lambda cls: cls.__qualname__)


def test_every_form_cleans_what_is_typed():
    """Every form of the portal, sub-forms too, is built on BaseForm: every text field loses control characters."""
    forms = _all_form_classes()
    assert len(forms) > 15
    assert [cls.__qualname__ for cls in forms if not issubclass(cls, BaseForm)] == []


def test_one_line_and_multi_line_fields_are_cleaned(app, client, login_as):
    """A NUL, CR or LF in a one-line field is removed; multi-line text keeps its line ends but loses the NUL."""
    login_as()
    response = client.post("/applause/new", data={"thanked_name": "Fa\x00ti\r\nma\x1b",
                                                  "text": "Line one\x00\r\nLine two\tend\x07"})
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    with app.app_context():
        shout = db.session.scalar(select(Shout))
        assert shout.thanked_name == "Fatima"
        assert shout.text == "Line one\r\nLine two\tend"


def test_nul_in_log_in_and_register_fields_is_harmless(client):
    """A NUL in an e-mail address or name answers a normal page, not a 500 (PostgreSQL refuses NUL in text)."""
    response = client.post("/login", data={"email": "a\x00b@example.org", "password": "x" * 10})
    assert response.status_code in (200, 422)
    response = client.post("/register", data={"name": "Na\x00me", "email": "new\x00@example.org",
                                              "password": "correct horse battery"})
    assert response.status_code < 500


def test_lone_cr_in_a_booking_title_never_reaches_the_calendar(app, client, login_as, make_room):
    """A CR in a booking title is removed at input, so the iCalendar feed never carries it raw."""
    room = make_room()
    login_as("librarian")
    start = future_local(hour=10)
    response = client.post(f"/rooms/{room.id}/book", data={
        "title": "Taal\rcafé\nDESCRIPTION:evil", "start": fmt(start), "end": fmt(start + timedelta(hours=1)),
        "visibility": "public"})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Booking.title)) == "TaalcaféDESCRIPTION:evil"
    feed = client.get(f"/rooms/{room.id}/calendar.ics").get_data()
    assert b"\r" not in feed.replace(b"\r\n", b"")
    assert b"\nDESCRIPTION:evil" not in feed


@pytest.mark.parametrize(("year", "says"), [(1, "Deze datum is al voorbij."),
                                            (9999, "Deze datum ligt te ver vooruit.")])
def test_booking_in_year_one_or_9999_gets_a_message(app, client, login_as, make_room, year, says):
    """A start or end far outside the calendar gets a message at the field that names the mistake (passed, too
    far ahead), not an overflow."""
    room = make_room()
    login_as("librarian")
    response = client.post(f"/rooms/{room.id}/book", data={
        "title": "Far", "start": f"{year:04d}-06-01T10:00", "end": f"{year:04d}-06-01T11:00",
        "repeat_weekly_until": f"{year:04d}-12-31"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="start-error"' in page and says in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Booking)) == 0


@pytest.mark.parametrize("hours", ["sNaN", "nan", "NaN", "inf", "-Infinity", "1e999"])
def test_estimate_that_is_not_a_number_gets_a_message(app, client, login_as, make_initiative, hours):
    """sNaN, NaN and infinity as hours get a message at the field; nothing is stored."""
    board = make_initiative()
    login_as("coordinator")
    response = client.post(f"/boards/{board.id}/tasks/new", data={
        "title": "X", "estimate_hours": hours, "places_needed": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="estimate_hours-error"' in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Task)) == 0
