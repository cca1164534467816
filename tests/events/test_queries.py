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
