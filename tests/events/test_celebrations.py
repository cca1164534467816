"""The neighbourhood's celebrations: their days, the "start planning?" question on the coordinators' home, and the
new-event form filled from it with last year's event as a template."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from portal.extensions import db
from tests.conftest import saved

MID_MARCH = datetime(2027, 3, 16, 9, tzinfo=UTC)  # Koningsdag 2027 (a Tuesday) is six weeks later


@pytest.fixture
def make_dated_event(app, make_initiative):
    """Return a factory for an event on a given local day, 14:00-17:00."""
    from portal.core.time import to_utc
    from portal.events.models import Event

    def make(title: str, day: date, initiative=None, **fields):
        initiative = initiative or make_initiative()
        fields.setdefault("address", "Bijlmerpark")
        with app.app_context():
            event = Event(initiative_id=initiative.id, title=title, start_at=to_utc(datetime(*day.timetuple()[:3], 14)),
                          end_at=to_utc(datetime(*day.timetuple()[:3], 17)), **fields)
            db.session.add(event)
            return saved(event)

    return make


def test_koningsdag_moves_to_saturday_when_the_27th_is_a_sunday():
    """Koningsdag is 27 April, or 26 April when the 27th is a Sunday (2031); the moving feasts come from the table."""
    from portal.events.celebrations import BY_KEY, day_in

    assert day_in(BY_KEY["koningsdag"], 2027) == date(2027, 4, 27)
    assert day_in(BY_KEY["koningsdag"], 2031) == date(2031, 4, 26)
    assert day_in(BY_KEY["keti-koti"], 2030) == date(2030, 7, 1)
    assert day_in(BY_KEY["suikerfeest"], 2027) == date(2027, 3, 10)
    assert day_in(BY_KEY["diwali"], 2040) is None  # not in the table: no guess


def test_coordinators_are_asked_six_weeks_before_koningsdag(client, login_as, clock):
    """Mid March 2027 a coordinator reads "Koningsdag is over 6 weken: begin je met plannen?" with a link to the
    form for 27 April; Offerfeest (nine weeks away) is not asked yet."""
    clock(MID_MARCH)
    login_as("coordinator")
    page = client.get("/").get_data(as_text=True)
    assert "Koningsdag is over 6 weken: begin je met plannen?" in page
    assert "/agenda/new?celebration=koningsdag&amp;day=2027-04-27" in page and "Offerfeest" not in page


def test_english_and_a_moving_date_say_it_can_shift(client, login_as, clock):
    """In English, Sugar Feast ten days ahead says days, and that the date can shift by a day."""
    clock(datetime(2027, 2, 28, 9, tzinfo=UTC))
    login_as("coordinator", language="en")
    page = client.get("/").get_data(as_text=True)
    assert "Sugar Feast is in 10 days: start planning?" in page and "the date can shift by a day" in page


def test_no_question_once_it_is_planned_or_for_residents(client, login_as, clock, make_dated_event, auth):
    """A planned "Koningsdag in de Bijlmer" ends the question (a cancelled one does not); residents never see it."""
    clock(MID_MARCH)
    make_dated_event("Koningsdag in de Bijlmer", date(2027, 4, 27), status="cancelled")
    login_as("coordinator")
    assert "Koningsdag is over" in client.get("/").get_data(as_text=True)
    make_dated_event("Vrijmarkt KONINGSDAG", date(2027, 4, 27))
    assert "Koningsdag is over" not in client.get("/").get_data(as_text=True)
    auth.logout()
    make_dated_event("Keti Koti", date(2027, 7, 1))
    clock(datetime(2027, 5, 20, 9, tzinfo=UTC))
    login_as()
    assert "begin je met plannen" not in client.get("/").get_data(as_text=True)


def test_the_link_fills_the_form_from_last_years_event_and_copies_its_shifts(
        app, client, login_as, clock, make_dated_event, make_initiative):
    """The suggestion's link fills in last year's title, text and place on this year's day; saving copies its
    shifts to the new event."""
    from portal.events import services
    from portal.events.models import Event

    clock(MID_MARCH)
    coordinator = login_as("coordinator")
    initiative = make_initiative("Oranjecomité")
    old = make_dated_event("Koningsdag op het plein", date(2026, 4, 27), initiative=initiative,
                           description="Vrijmarkt en muziek", address="Plein Nellestein", status="took_place")
    with app.test_request_context():
        from portal.accounts.models import User

        services.add_shift(db.session.get(Event, old.id), "setup", -60, 60, 3, db.session.get(User, coordinator.id))
    page = client.get("/agenda/new?celebration=koningsdag&day=2027-04-27").get_data(as_text=True)
    assert 'value="Koningsdag op het plein"' in page and "Vrijmarkt en muziek" in page
    assert 'value="Plein Nellestein"' in page and 'value="2027-04-27T14:00"' in page
    assert f'name="template" type="hidden" value="{old.id}"' in page
    response = client.post("/agenda/new", data={
        "title": "Koningsdag op het plein", "initiative": initiative.id, "description": "Vrijmarkt en muziek",
        "start": "2027-04-27T14:00", "end": "2027-04-27T17:00", "where": "address", "room": "0",
        "address": "Plein Nellestein", "public": "public", "capacity": "", "repeats": "none", "template": old.id})
    assert response.status_code == 303
    with app.app_context():
        new = db.session.scalar(select(Event).where(Event.id != old.id))
        assert [(s.kind, s.offset_minutes, s.places) for s in services.shifts_of(new.id)] == [("setup", -60, 3)]


def test_without_last_year_the_form_has_the_name_and_day(client, login_as, clock, make_initiative):
    """No event last year: the form has the celebration's name and day, and no template."""
    clock(MID_MARCH)
    make_initiative()
    login_as("coordinator", language="en")
    page = client.get("/agenda/new?celebration=koningsdag&day=2027-04-27").get_data(as_text=True)
    assert "value=\"King&#39;s Day\"" in page and 'value="2027-04-27T14:00"' in page
    assert 'name="template" type="hidden" value=""' in page


@pytest.mark.parametrize("query", ["celebration=koningsdag&day=2027-04-28", "celebration=nope&day=2027-04-27",
                                   "celebration=koningsdag&day=abc", "celebration=%00&day=99999-01-01",
                                   "celebration=koningsdag%0D%0A&day=2027-04-27"])
def test_a_wrong_link_opens_the_empty_form(client, login_as, clock, make_initiative, query):
    """A day that is not the celebration's, an unknown name, a bad date, NUL or CR/LF: the plain form, no 500."""
    clock(MID_MARCH)
    make_initiative()
    login_as("coordinator")
    response = client.get(f"/agenda/new?{query}")
    assert response.status_code == 200 and 'value="2027-04-27T14:00"' not in response.get_data(as_text=True)


def test_a_members_only_event_is_no_template_for_an_outsider(app, client, login_as, clock, make_dated_event,
                                                               private_initiative, make_initiative, make_member):
    """Last year's Koningsdag of a members-only initiative fills nothing in for someone outside it."""
    clock(MID_MARCH)
    make_dated_event("Geheime Koningsdag", date(2026, 4, 27), initiative=private_initiative,
                     description="Alleen voor ons", status="took_place")
    user = login_as()
    make_member(user, make_initiative("Eigen club"), role="carrier")
    page = client.get("/agenda/new?celebration=koningsdag&day=2027-04-27").get_data(as_text=True)
    assert "Geheime" not in page and "Alleen voor ons" not in page and 'value="Koningsdag"' in page
    response = client.post("/agenda/new", data={"template": "999999999999999999999"})
    assert response.status_code == 422


def test_the_question_costs_the_same_queries_with_many_events(client, login_as, clock, make_dated_event,
                                                                count_queries):
    """The home page asks with a fixed number of queries, however many events there are."""
    clock(MID_MARCH)
    login_as("coordinator")
    make_dated_event("Kerstdiner", date(2027, 4, 19))
    client.get("/")
    with count_queries() as few:
        client.get("/")
    for number in range(6):
        make_dated_event(f"Kerstdiner {number}", date(2027, 4, 20 + number))
    with count_queries() as many:
        client.get("/")
    assert len(few) == len(many)
