"""The agenda, an event page and the feeds cost the same number of queries at 10 and at 1,000 events."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.extensions import db


def _fill(app, initiative_ids, room_id, count):
    """Add `count` published events spread over the coming year, some in a room, with RSVPs and shifts."""
    from portal.core.time import to_utc
    from portal.events.models import Event, Rsvp, Shift
    from tests.conftest import future_local

    with app.app_context():
        events = []
        for number in range(count):
            start = to_utc(future_local(1 + number % 300, 10 + number % 8))
            events.append(Event(initiative_id=initiative_ids[number % len(initiative_ids)], title=f"Event {number}",
                                start_at=start, end_at=start + timedelta(hours=2), address="Bijlmerplein",
                                room_id=room_id if number % 3 == 0 else None, capacity=50, places_taken=2))
        db.session.add_all(events)
        db.session.flush()
        db.session.add_all(Rsvp(event_id=event.id, guest_name="Gast", guest_contact="0612345678", people=2)
                           for event in events[:50])
        db.session.add_all(Shift(event_id=event.id, kind="kitchen", offset_minutes=-60, minutes=60)
                           for event in events[:50])
        db.session.commit()
        return events[0].id


@pytest.mark.parametrize("role", [None, "resident"])
def test_pages_cost_the_same_queries_at_10_and_1000_events(app, client, login_as, make_initiative, make_room,
                                                          count_queries, role):
    """Agenda, agenda filtered, an event page, the home page and the feeds: a fixed number of queries."""
    if role:
        login_as(role)
    initiatives = [make_initiative().id for _ in range(5)]
    room = make_room()
    first = _fill(app, initiatives, room.id, 10)
    paths = ["/agenda", f"/agenda?initiative={initiatives[0]}", f"/agenda/{first}", "/", "/agenda/calendar.ics",
             "/agenda/feed.atom", f"/agenda/{first}/event.ics"]

    def measure() -> dict[str, int]:
        found = {}
        for path in paths:
            with count_queries() as statements:
                assert client.get(path).status_code == 200, path
            found[path] = len(statements)
        return found

    small = measure()
    _fill(app, initiatives, room.id, 990)
    assert measure() == small
    assert small["/agenda"] <= 12 and small[f"/agenda/{first}"] <= 16, small


def test_agenda_page_is_small(client, make_event):
    """The agenda with a full page of events stays well under 15 KB gzipped."""
    import gzip

    for day in range(1, 14):
        make_event(title=f"Buurtbarbecue in het park nummer {day}", days=day, capacity=40)
    body = client.get("/agenda").get_data()
    assert len(gzip.compress(body)) < 15 * 1024


def _grow(app, event_id: int, organiser_id: int, shifts: int, people: list[int], guests: range) -> None:
    """Give the event `shifts` more shifts (tasks on the board, each with a helper), RSVPs of `people` and
    `guests` more guests without an account."""
    from portal.accounts.models import User
    from portal.boards import services as boards
    from portal.events import rsvp, services
    from portal.events.models import Event

    with app.test_request_context():
        event, organiser = db.session.get(Event, event_id), db.session.get(User, organiser_id)
        for number in range(shifts):
            shift = services.add_shift(event, ("setup", "kitchen", "music", "cleanup", "dish")[number % 5],
                                       10 * number, 60, 3, organiser)
            boards.claim(shift.task_id, db.session.get(User, people[number % len(people)]))
        for person in people:
            rsvp.rsvp(event_id, db.session.get(User, person), 2, 1)
        for number in guests:
            rsvp.rsvp(event_id, None, 1, 0, f"Gast {number}", f"06-{number:08d}")


@pytest.mark.parametrize("role", [None, "resident", "carrier", "coordinator"])
def test_the_largest_event_costs_the_same_queries_as_a_small_one(app, client, login_as, make_user, make_initiative,
                                                                 make_room, count_queries, role):
    """An event page with one shift and one RSVP, and with 50 shifts (each claimed) and 100 RSVPs among a few hundred
    events, runs the same number of queries; so do the agenda and the iCalendar feed: for a visitor, a resident, a
    carrier who runs it (guest list, booking) and a coordinator."""
    from portal.events.models import Event
    from portal.initiatives.models import Membership

    initiative = make_initiative("Keti Koti comité")
    others = [make_initiative().id for _ in range(4)]
    room = make_room()
    organiser = make_user(role="coordinator")
    viewer = login_as(role if role in ("resident", "coordinator") else "resident") if role else None
    with app.app_context():
        if role == "carrier":
            db.session.add(Membership(initiative_id=initiative.id, user_id=viewer.id, role="carrier"))
        largest = Event(initiative_id=initiative.id, title="Keti Koti", capacity=1000, address="Bijlmerpark",
                        start_at=_start(30), end_at=_start(30) + timedelta(hours=8))
        db.session.add(largest)
        db.session.commit()
        largest_id = largest.id
    helpers = [make_user().id for _ in range(3)]
    _grow(app, largest_id, organiser.id, 1, helpers[:1], range(1))
    _fill(app, others, room.id, 10)
    paths = ["/agenda", f"/agenda/{largest_id}", "/agenda/calendar.ics", f"/agenda?initiative={initiative.id}"]
    if role in ("carrier", "coordinator"):
        paths.append(f"/agenda/{largest_id}/people")

    def measure() -> dict[str, int]:
        found = {}
        for path in paths:
            client.get(path)  # warm up
            seen = []
            for _twice in range(2):  # the smaller of two: housekeeping that follows the clock is not the page's
                with count_queries() as statements:
                    assert client.get(path).status_code == 200, path
                seen.append(len(statements))
            found[path] = min(seen)
        return found

    small = measure()
    many = [make_user().id for _ in range(60)]
    _grow(app, largest_id, organiser.id, 49, many, range(1, 41))
    _fill(app, others, room.id, 290)
    large = measure()
    assert large == small, (small, large)
    if role in ("carrier", "coordinator"):
        page = client.get(f"/agenda/{largest_id}/people").get_data(as_text=True)
        assert "Gast 39" in page
    assert small[f"/agenda/{largest_id}"] <= 18, small


def _start(days: int):
    from portal.core.time import to_utc
    from tests.conftest import future_local

    return to_utc(future_local(days, 14))


@pytest.mark.parametrize("role", ["member", "carrier"])
def test_a_drafts_page_and_form_read_the_role_with_the_event(client, login_as, make_initiative, make_event,
                                                             make_member, count_queries, role):
    """The member who planned a draft and a carrier open its page and its edit form: their role in the initiative
    comes with the event, never from a query of its own."""
    initiative = make_initiative()
    person = login_as("resident")
    make_member(person, initiative, role)
    event = make_event(initiative=initiative, status="draft", created_by_id=person.id)
    for path in (f"/agenda/{event.id}", f"/agenda/{event.id}/edit"):
        client.get(path)  # warm up
        with count_queries() as statements:
            page = client.get(path)
        assert page.status_code == 200, path
        own = [statement for statement in statements if " ".join(statement.split()).startswith(
            ("SELECT memberships.", "SELECT EXISTS (SELECT * FROM memberships"))]
        assert own == [], (path, own)


def test_the_embedded_week_reads_initiative_names_with_its_events(client, make_event, make_room, count_queries):
    """The agenda other websites embed gets its events' initiatives with the events, not in a lookup of its own."""
    room = make_room()
    make_event(title="Zingen in het park", days=2)
    make_event(title="Taalcafé", days=3, room_id=room.id, address="")
    client.get("/embed/agenda")  # warm up
    with count_queries() as statements:
        page = client.get("/embed/agenda").get_data(as_text=True)
    assert "Zingen in het park" in page and "Taalcafé" in page
    names = [statement for statement in statements
             if " ".join(statement.split()).startswith("SELECT initiatives.id, initiatives.name FROM initiatives")]
    assert names == []


def test_the_atom_and_calendar_feeds_read_events_with_one_condition(client, make_event, count_queries):
    """The Atom feed reads its events with the calendar feed's condition, the lower bound on the start that lets
    the (status, start) index begin a month and a fortnight back included; only the columns differ."""
    make_event()
    conditions = []
    for path in ("/agenda/calendar.ics", "/agenda/feed.atom"):
        with count_queries() as statements:
            assert client.get(path).status_code == 200
        (events,) = [" ".join(statement.split()) for statement in statements
                     if " ".join(statement.split()).startswith("SELECT events.id") and "FROM events" in statement]
        conditions.append(events.split(" FROM events ", 1)[1])
    assert conditions[0] == conditions[1]
    assert "events.start_at >" in conditions[0]
