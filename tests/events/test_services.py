"""Event services: shifts are tasks like any other (where can I help, the load guard), repeats, after the event."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from tests.conftest import future_local


def _event(app, event_id):
    from portal.events.models import Event

    return db.session.get(Event, event_id)


def test_shifts_are_tasks_that_where_can_i_help_and_the_load_guard_see(app, make_event, make_user):
    """A shift sits on the initiative's board, due on the event's day; "where can I help" lists it and the load
    guard counts its hours once someone takes it."""
    from portal.accounts.models import User
    from portal.boards import services as boards
    from portal.events import services

    event = make_event(title="Keti Koti", days=5, hours=(14, 22))
    organiser, helper = make_user(role="coordinator"), make_user()
    with app.app_context():
        shift = services.add_shift(_event(app, event.id), "kitchen", -60, 180, 2, db.session.get(User, organiser.id))
        tasks, _cursor = boards.help_page(None)
        task = next(task for task in tasks if task.id == shift.task_id)
        assert task.title == "Keti Koti: Keuken" and task.due_date == future_local(5).date()
        assert task.initiative_id == event.initiative_id and task.estimate_minutes == 180
        boards.claim(shift.task_id, db.session.get(User, helper.id))
        assert boards.load_of(db.session.get(User, helper.id))["coming"] == 3


def test_took_place_thanks_the_helpers_through_the_applause(app, make_event, make_user):
    """Marking an event as took place posts an automatic shout-out thanking the people on its shifts."""
    from portal.accounts.models import User
    from portal.applause.models import Shout
    from portal.boards import services as boards
    from portal.events import services

    event = make_event(title="Buurtbarbecue", days=1)
    organiser, helper = make_user(role="coordinator"), make_user(name="Kwame")
    with app.test_request_context():
        shift = services.add_shift(_event(app, event.id), "setup", -60, 60, 1, db.session.get(User, organiser.id))
        boards.claim(shift.task_id, db.session.get(User, helper.id))
        links = services.mark_took_place(event.id, 42)
        from portal.applause.models import ShoutThanks

        shout = db.session.scalar(select(Shout).where(Shout.automatic == "event"))
        thanked = list(db.session.scalars(select(ShoutThanks.user_id).where(ShoutThanks.shout_id == shout.id)))
        assert links and shout.subject_id == event.id and not shout.members_only and thanked == [helper.id]
        assert _event(app, event.id).status == "took_place" and _event(app, event.id).people_came == 42


def test_members_only_events_are_thanked_for_the_members_only(app, client, auth, make_event, make_user):
    """An event for members only is thanked, and the thanks are kept for the initiative's members: not on the public
    applause wall, nor for a resident who is no member; a member reads them, naming the event."""
    from portal.accounts.models import User
    from portal.applause.models import Shout
    from portal.boards import services as boards
    from portal.events import services
    from portal.initiatives.models import Membership

    event = make_event(title="Besloten overleg", public=False)
    organiser, helper = make_user(role="coordinator"), make_user(name="Helpende Hand")
    with app.test_request_context():
        shift = services.add_shift(_event(app, event.id), "setup", -60, 60, 1, db.session.get(User, organiser.id))
        boards.claim(shift.task_id, db.session.get(User, helper.id))
        db.session.add(Membership(initiative_id=event.initiative_id, user_id=helper.id))
        assert len(services.mark_took_place(event.id, None)) == 1
        assert db.session.scalar(select(Shout.members_only)) is True
    for person in (None, make_user()):
        if person:
            auth.login(person)
        page = client.get("/applause").get_data(as_text=True)
        assert "Besloten overleg" not in page and "Helpende Hand" not in page
    auth.logout()
    auth.login(helper)
    assert "Dank je wel voor je hulp bij Besloten overleg!" in client.get("/applause").get_data(as_text=True)


def test_a_yearly_event_plans_its_next_time_as_a_draft_with_its_shifts(app, make_event, make_user, make_room):
    """Keti Koti every 1 July: the next one is a draft a year later, same room and shifts, the room booked."""
    from portal.accounts.models import User
    from portal.core.time import local
    from portal.events import repeats, services

    room = make_room()
    organiser = make_user(role="coordinator")
    event = make_event(title="Keti Koti", repeats="yearly", room_id=room.id, address="")
    with app.test_request_context():
        user = db.session.get(User, organiser.id)
        services.add_shift(_event(app, event.id), "music", 60, 120, 2, user)
        copy, made = repeats.repeat_event(event.id, user)
        assert made and repeats.repeat_event(event.id, user) == (copy, False)  # a second press: the same one
        original = _event(app, event.id)
        assert copy.status == "draft" and copy.room_id == room.id and copy.booking_id
        assert local(copy.start_at).replace(year=local(original.start_at).year) == local(original.start_at)
        assert [(s.kind, s.offset_minutes) for s in services.shifts_of(copy.id)] == [("music", 60)]


def test_monthly_repeat_keeps_the_weekday_and_skips_a_day_the_month_lacks(app, make_event):
    """A monthly event comes back on the same weekday of the same week (first Tuesday to first Tuesday); a fifth
    Sunday has no next date in a month without one (the organiser picks it)."""
    from datetime import datetime

    from portal.core.time import to_utc
    from portal.events import repeats
    from portal.events.models import Event

    event = Event(title="x", repeats="monthly", start_at=to_utc(datetime(2027, 1, 31, 10)),
                  end_at=to_utc(datetime(2027, 1, 31, 12)))
    assert repeats.next_occurrence(event) is None
    event.start_at, event.end_at = to_utc(datetime(2027, 12, 7, 19)), to_utc(datetime(2027, 12, 7, 21))
    start, _end = repeats.next_occurrence(event)
    assert (start.year, start.month, start.day, start.weekday()) == (2028, 1, 4, 1)


def test_weekly_repeat_comes_back_a_week_later_and_is_suggested_once(client, login_as, make_event, app):
    """The language café every Tuesday: the next one is seven days later at the same time (also across the switch
    to winter time), coordinators are asked, and once it is planned the question goes."""
    from datetime import datetime

    from portal.core.time import local, to_utc
    from portal.events import repeats
    from portal.events.models import Event

    event = Event(title="x", repeats="weekly", start_at=to_utc(datetime(2027, 10, 26, 19)),
                  end_at=to_utc(datetime(2027, 10, 26, 21)))
    start, end = repeats.next_occurrence(event)
    assert (local(start).day, local(start).hour, local(end).hour) == (2, 19, 21)  # 2 November, after 31 October
    cafe = make_event(title="Taalcafé", days=-2, repeats="weekly", status="took_place")
    login_as("coordinator", language="en")
    assert "Taalcafé comes back on" in client.get("/").get_data(as_text=True)
    first = client.post(f"/agenda/{cafe.id}/repeat")
    assert first.status_code == 303
    second = client.post(f"/agenda/{cafe.id}/repeat", follow_redirects=True)  # a second tab: no second draft
    assert "The next one was planned already." in second.get_data(as_text=True)
    assert second.request.path == first.headers["Location"].split("?")[0]
    with app.app_context():
        assert repeats.coming_back() == []
        assert db.session.scalar(select(func.count()).select_from(Event).where(Event.title == "Taalcafé")) == 2


def test_a_librarian_signs_up_a_walk_in_and_gets_the_slip(client, login_as, make_event, app):
    """At the desk, a librarian says "Ik kom" for a resident without an account and lands on the slip."""
    event = make_event(capacity=10)
    login_as("librarian")
    response = client.post(f"/agenda/{event.id}/rsvp/walk-in", data={"name": "Mevrouw Pinas", "contact": "",
                                                                      "people": "1", "children": "2"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/slip#main")
    slip = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Mevrouw Pinas" in slip and "Ctrl+P" in slip
    assert "Bewaar deze pagina" not in slip  # a walk-in has a paper slip, not a browser to bookmark it in
    assert f'<p class="no-print actions"><a class="button button-quiet" href="/agenda/{event.id}#walk-in">' in slip
    with app.app_context():
        assert _event(app, event.id).places_taken == 3


def test_residents_cannot_sign_up_walk_ins(client, login_as, make_event):
    """The walk-in sign-up is for the desk: 403 for a resident."""
    event = make_event()
    login_as()
    assert client.post(f"/agenda/{event.id}/rsvp/walk-in", data={"name": "X", "people": "1"}).status_code == 403


def test_coordinators_are_asked_to_plan_a_yearly_event_coming_back(client, login_as, make_event, app):
    """Keti Koti held a year ago minus five weeks: coordinators see "comes back ... start planning?" on home;
    once the next one is planned, the question goes."""
    from portal.events import repeats

    last_year = make_event(title="Keti Koti", days=-365 + 35, repeats="yearly", status="took_place")
    make_event(title="Taalcafé", days=-365 + 90, repeats="yearly", status="took_place")  # not within six weeks
    login_as("coordinator", language="en")
    page = client.get("/").get_data(as_text=True)
    assert "Keti Koti comes back on" in page and "Taalcafé comes back" not in page
    assert client.post(f"/agenda/{last_year.id}/repeat").status_code == 303
    with app.app_context():
        assert repeats.coming_back() == []
    assert "Keti Koti comes back on" not in client.get("/").get_data(as_text=True)


def test_residents_are_not_asked_to_plan(client, login_as, make_event):
    """The question is for coordinators only."""
    make_event(title="Keti Koti", days=-365 + 35, repeats="yearly", status="took_place")
    login_as(language="en")
    assert "comes back on" not in client.get("/").get_data(as_text=True)


def test_the_week_sheet_lists_this_weeks_events(client, make_event):
    """The A4 week agenda lists the public events of the coming seven days, not later ones."""
    make_event(title="Taalcafé", days=2)
    make_event(title="Later feest", days=12)
    page = client.get("/agenda/print").get_data(as_text=True)
    assert "Taalcafé" in page and "Later feest" not in page and "qr.svg" in page


def test_took_place_closes_the_shifts(app, make_event, make_user):
    """After the event, a shift somebody took is done and one nobody took leaves the board."""
    from portal.accounts.models import User
    from portal.boards import services as boards
    from portal.events import services

    event = make_event(days=1)
    organiser, helper = make_user(role="coordinator"), make_user()
    with app.test_request_context():
        user = db.session.get(User, organiser.id)
        taken = services.add_shift(_event(app, event.id), "setup", -60, 60, 2, user).task_id
        empty = services.add_shift(_event(app, event.id), "cleanup", 180, 60, 2, user).task_id
        boards.claim(taken, db.session.get(User, helper.id))
        services.mark_took_place(event.id, None)
        infos = boards.task_infos([taken, empty])
        assert list(infos) == [taken] and infos[taken].status == "done"


def test_shift_times_read_the_wall_clock_at_each_end_across_a_clock_change():
    """A shift's time on the event page is its start and its end each in Amsterdam's wall-clock time, also in the
    night the clocks go back (a 2-hour shift from 01:30 summer time ends at 02:30 winter time)."""
    from datetime import UTC, datetime

    from portal.events import services
    from portal.events.models import Event, Shift

    event = Event(start_at=datetime(2026, 10, 24, 23, 30, tzinfo=UTC), end_at=datetime(2026, 10, 25, 4, tzinfo=UTC))
    shifts = [Shift(id=1, offset_minutes=0, minutes=120), Shift(id=2, offset_minutes=-90, minutes=60)]
    assert services.shift_times(event, shifts) == {1: "01:30–02:30", 2: "00:00–01:00"}


def test_shift_labels_are_in_the_readers_language(app):
    """The names of the kinds of shift come translated, once for the page."""
    from flask_babel import force_locale

    from portal.events import services

    with app.test_request_context(), force_locale("nl"):
        assert services.shift_labels()["cleanup"] == "Opruimen"


def test_shifts_before_and_after_an_event_keep_its_room_booked_for_them(app, make_user, make_room, make_initiative):
    """Setting up from 18:00 and cleaning up until 22:00 for a 19:00-21:00 evening: the room is booked 18:00-22:00,
    so nobody books it while the helpers work; moving the event moves that whole time; a shift at a time the room is
    taken is refused and nothing of it is saved."""
    from portal.accounts.models import User
    from portal.core.time import to_utc
    from portal.events import services
    from portal.events.models import Shift
    from portal.venues import services as venues
    from portal.venues.models import Booking

    room, initiative = make_room(), make_initiative()
    organiser = make_user(role="coordinator")
    with app.test_request_context():
        user = db.session.get(User, organiser.id)
        data = services.EventData(initiative_id=initiative.id, title="Kerstbingo", description="",
                                  start_at=to_utc(future_local(9, 19)), end_at=to_utc(future_local(9, 21)),
                                  room_id=room.id, address="", public=True, capacity=None, status="published",
                                  repeats="none")
        event = services.create_event(data, user)
        services.add_shift(event, "setup", -60, 60, 2, user)
        services.add_shift(event, "cleanup", 120, 60, 2, user)
        booking = db.session.get(Booking, event.booking_id)
        assert (booking.start_at, booking.end_at) == (to_utc(future_local(9, 18)), to_utc(future_local(9, 22)))
        with pytest.raises(venues.RoomTaken):
            venues.book_in_transaction(room.id, user, "Yogales", to_utc(future_local(9, 18)),
                                       to_utc(future_local(9, 19)))
        db.session.rollback()

        later = dataclasses.replace(data, start_at=to_utc(future_local(10, 19)),
                                    end_at=to_utc(future_local(10, 21)))
        services.update_event(event.id, later, user)
        booking = db.session.get(Booking, event.booking_id)
        assert (booking.start_at, booking.end_at) == (to_utc(future_local(10, 18)), to_utc(future_local(10, 22)))

        venues.book_in_transaction(room.id, user, "Yogales", to_utc(future_local(10, 16)),
                                   to_utc(future_local(10, 17)))
        db.session.commit()
        event = db.session.get(type(event), event.id)
        with pytest.raises(venues.RoomTaken):
            services.add_shift(event, "kitchen", -150, 60, 1, user)  # 16:30-17:30: the yoga class is there
        assert db.session.scalar(select(func.count()).select_from(Shift)) == 2
        booking = db.session.get(Booking, event.booking_id)
        assert booking.start_at == to_utc(future_local(10, 18))
