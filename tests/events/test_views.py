"""Event pages: the agenda, an event, planning one in a room (booked in the same step), RSVPs, cancelling."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from tests.conftest import HX, future_local


def _form(initiative, room=None, day: int = 9, hour: int = 14, until: int = 17, **extra) -> dict:
    data = {"title": "Keti Koti", "initiative": str(initiative.id), "description": "Samen herdenken en vieren.",
            "start": future_local(day, hour).strftime("%Y-%m-%dT%H:%M"),
            "end": future_local(day, until).strftime("%Y-%m-%dT%H:%M"),
            "where": "room" if room else "address", "room": str(room.id) if room else "0",
            "address": "" if room else "Bijlmerpark", "public": "public", "capacity": "", "repeats": "none"}
    data.update(extra)
    return data


def _counts(app):
    from portal.events.models import Event
    from portal.venues.models import Booking

    with app.app_context():
        return (db.session.scalar(select(func.count()).select_from(Event)),
                db.session.scalar(select(func.count()).select_from(Booking).where(Booking.status != "cancelled")))


def test_agenda_lists_coming_events_soonest_first(client, make_event):
    """The agenda shows published coming events, soonest first; drafts and cancelled ones stay out."""
    make_event(title="Later feest", days=20)
    make_event(title="Eerst taalcafé", days=3)
    make_event(title="Concept", days=4, status="draft")
    make_event(title="Afgelast", days=5, status="cancelled")
    page = client.get("/agenda").get_data(as_text=True)
    assert page.index("Eerst taalcafé") < page.index("Later feest")
    assert "Concept" not in page and "Afgelast" not in page
    assert client.get("/events").status_code == 200


def test_agenda_filters_by_initiative(client, make_event, make_initiative):
    """?initiative= shows only that initiative's events."""
    one, other = make_initiative("Taalcafé Zuidoost"), make_initiative("Buurtfeest K-buurt")
    make_event(one, title="Taalcafé dinsdag")
    make_event(other, title="Straatfeest")
    page = client.get(f"/agenda?initiative={one.id}").get_data(as_text=True)
    assert "Taalcafé dinsdag" in page and "Straatfeest" not in page


def test_agenda_pages_with_a_keyset_cursor(client, make_event, make_initiative):
    """The agenda shows 12 events, then "More events" gives the next ones; htmx gets only the items."""
    initiative = make_initiative()
    for day in range(1, 16):
        make_event(initiative, title=f"Event dag {day:02d}", days=day)
    page = client.get("/agenda").get_data(as_text=True)
    assert "Event dag 12" in page and "Event dag 13" not in page
    more = page.split('class="more"><a class="button button-quiet" href="')[1].split('"')[0].replace("&amp;", "&")
    rest = client.get(more, headers=HX)
    text = rest.get_data(as_text=True)
    assert "Event dag 13" in text and "Event dag 15" in text and "<html" not in text
    assert "HX-Request" in rest.headers["Vary"]


def test_event_page_shows_places_taken(client, make_event):
    """An event with a capacity says "3 van 5 plaatsen bezet"."""
    event = make_event(capacity=5, places_taken=3)
    page = client.get(f"/agenda/{event.id}", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    assert "3 van 5 plaatsen bezet" in page


def test_create_event_in_a_room_books_it(client, login_as, make_initiative, make_member, make_room, app):
    """A member plans an event in a room: the event and its booking are made together."""
    user = login_as("coordinator")
    initiative, room = make_initiative(), make_room()
    make_member(user, initiative)
    response = client.post("/agenda/new", data=_form(initiative, room))
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    assert _counts(app) == (1, 1)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Keti Koti" in page


def test_create_event_in_a_taken_room_saves_nothing_and_says_the_free_hours(client, login_as, make_initiative,
                                                                             make_member, make_room, make_booking,
                                                                             app):
    """When the room is taken, nothing is saved and the form says which hours are free that day."""
    user = login_as("coordinator")
    initiative, room = make_initiative(), make_room()
    make_member(user, initiative)
    make_booking(room, future_local(9, 15), future_local(9, 18))
    response = client.post("/agenda/new", data=_form(initiative, room))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "08:00–15:00" in page and "18:00–22:00" in page
    assert 'value="Keti Koti"' in page
    assert _counts(app) == (0, 1)


def test_bad_dates_get_a_message_and_save_nothing(client, login_as, make_initiative, make_member, app):
    """Ending before the start, in the past, longer than 14 days, or nonsense: a message at the field."""
    user = login_as(language="en")
    initiative = make_initiative()
    make_member(user, initiative)
    cases = [({"end": future_local(9, 10).strftime("%Y-%m-%dT%H:%M")}, "after the start"),
             ({"start": future_local(-3, 10).strftime("%Y-%m-%dT%H:%M")}, "has passed"),
             ({"end": future_local(30, 10).strftime("%Y-%m-%dT%H:%M")}, "at most 14 days"),
             ({"start": "9999-99-99T99:99"}, "Fill in a date"),
             ({"start": "0001-01-01T10:00"}, "This date has passed."),
             ({"start": "9999-01-01T10:00"}, "This date is too far ahead."),
             ({"title": "Feest\x00\r\nBcc: x@example.org", "start": "x\x00"}, "Fill in a date")]
    for change, message in cases:
        response = client.post("/agenda/new", data=_form(initiative, **change), headers={"Accept-Language": "en"})
        assert response.status_code == 422 and message in response.get_data(as_text=True), message
    assert _counts(app) == (0, 0)


def test_a_start_in_the_past_and_an_end_before_it_are_both_named(client, login_as, make_initiative, make_member,
                                                                  app):
    """A start date long gone and an end before the start: each mistake at its field in one answer, and the
    date's message says it has passed (not "choose one in the coming years"), Dutch and English."""
    user = login_as()
    initiative = make_initiative()
    make_member(user, initiative)
    data = _form(initiative, start="2024-12-12T19:00", end="2024-12-12T18:00")
    page = client.post("/agenda/new", data=data).get_data(as_text=True)
    start, end = page.split('id="start-error"')[1][:300], page.split('id="end-error"')[1][:400]
    assert "Deze datum is al voorbij. Kies vandaag of een latere datum." in start
    assert "Het einde moet na het begin liggen." in end and "vijf jaar" not in page
    client.get("/language/en")
    page = client.post("/agenda/new", data=data).get_data(as_text=True)
    assert "This date has passed. Choose today or a later date." in page and "The end must be after the start." in page
    assert _counts(app) == (0, 0)


def test_outsider_cannot_plan_for_an_initiative(client, login_as, make_initiative):
    """Only members (and coordinators) plan events; someone in no initiative gets 403, visitors the log-in."""
    assert client.get("/agenda/new").status_code in (302, 303)
    login_as()
    make_initiative()
    assert client.get("/agenda/new").status_code == 403


def test_rsvp_then_cancel_with_and_without_htmx(client, login_as, make_event, app):
    """"Ik kom" puts me on the list, "Ik kom niet meer" frees the place; htmx gets the box back."""
    event = make_event(capacity=5)
    login_as(language="en")
    response = client.post(f"/agenda/{event.id}/rsvp", data={"people": "2", "children": "1"})
    assert response.status_code == 303
    page = client.get(f"/agenda/{event.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "3 of 5 places taken" in page and "You are coming" in page
    box = client.post(f"/agenda/{event.id}/rsvp/cancel", headers=HX)
    text = box.get_data(as_text=True)
    assert 'id="rsvp"' in text and "<html" not in text and "0 of 5" in text


def test_rsvp_without_an_account_gets_a_link_to_cancel(client, make_event, app):
    """A guest leaves a name and contact, lands on their own page, and can cancel there."""
    event = make_event(capacity=5)
    response = client.post(f"/agenda/{event.id}/rsvp", data={"people": "1", "children": "0", "name": "Joyce",
                                                             "contact": "06 12345678"})
    assert response.status_code == 303
    guest_page = response.headers["Location"]
    assert "Joyce" in client.get(guest_page).get_data(as_text=True)
    assert client.post(guest_page).status_code == 303
    assert client.get(guest_page).status_code == 404


def test_a_guest_who_taps_twice_takes_one_place(client, make_event, app):
    """A second "Ik kom" with the same name and contact (a double tap) takes no second place and says why;
    another guest, or the same one after cancelling, still can."""
    event = make_event(capacity=5)
    data = {"people": "2", "children": "0", "name": "Joyce", "contact": "06 12345678"}
    first = client.post(f"/agenda/{event.id}/rsvp", data=data)
    assert first.status_code == 303
    again = client.post(f"/agenda/{event.id}/rsvp", data={**data, "name": "joyce "}, headers=HX)
    assert "staat al op de lijst" in again.get_data(as_text=True) and "2 van 5 plaatsen bezet" in again.get_data(
        as_text=True)
    assert client.post(f"/agenda/{event.id}/rsvp", data={**data, "name": "Fatima"}).status_code == 303
    client.post(first.headers["Location"])
    assert client.post(f"/agenda/{event.id}/rsvp", data=data).status_code == 303
    with app.app_context():
        assert db.session.get(type(event), event.id).places_taken == 4


def test_rsvp_for_a_cancelled_or_past_event_is_refused(client, login_as, make_event):
    """A cancelled or past event says clearly that RSVPs are closed."""
    login_as(language="en")
    for event in (make_event(status="cancelled"), make_event(days=-2)):
        response = client.post(f"/agenda/{event.id}/rsvp", data={"people": "1"}, headers={"Accept-Language": "en"})
        page = client.get(f"/agenda/{event.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
        assert response.status_code == 303
        assert "cannot say you are coming" in page


def test_cancel_event_cancels_booking_and_mails_everyone(client, login_as, make_initiative, make_member,
                                                         make_room, make_user, app):
    """Cancelling an event cancels its booking, takes its shifts off the board, and mails who was coming."""
    from portal.events import rsvp, services
    from portal.events.models import Event

    user = login_as("coordinator")
    initiative, room = make_initiative(), make_room()
    make_member(user, initiative)
    location = client.post("/agenda/new", data=_form(initiative, room)).headers["Location"]
    event_id = int(location.rsplit("/", 1)[1])
    guest, helper = make_user(name="Sanne"), make_user(name="Kwame")
    with app.test_request_context():
        event = db.session.get(Event, event_id)
        rsvp.rsvp(event_id, db.session.merge(guest), 1)
        shift = services.add_shift(event, "kitchen", -60, 120, 2, db.session.merge(user))
        from portal.boards import services as boards
        task_id = shift.task_id
        boards.claim(task_id, db.session.merge(helper))
    assert client.post(f"/agenda/{event_id}/cancel").status_code == 303
    assert _counts(app) == (1, 0)
    with app.app_context():
        assert boards.task_infos([task_id]) == {}
        from portal.mail.models import OutboxMail
        recipients = set(db.session.scalars(select(OutboxMail.recipient).where(OutboxMail.key.like("event-%"))))
    assert recipients == {guest.email, helper.email}
    again = client.post(f"/agenda/{event_id}/cancel")  # a second tab: told it is done, no "not allowed" page
    assert again.status_code == 303 and "is al afgezegd" in client.get(again.headers["Location"]).get_data(
        as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == 2


def test_moving_an_event_moves_booking_and_shifts_and_tells_helpers(client, login_as, make_initiative,
                                                                    make_member, make_room, make_user, app):
    """Moving an event moves its booking and its shifts, and mails the people on a shift."""
    from portal.boards import services as boards
    from portal.events import services
    from portal.events.models import Event
    from portal.mail.models import OutboxMail
    from portal.venues.models import Booking

    user = login_as("coordinator")
    initiative, room = make_initiative(), make_room()
    make_member(user, initiative)
    event_id = int(client.post("/agenda/new", data=_form(initiative, room)).headers["Location"].rsplit("/", 1)[1])
    helper = make_user()
    with app.test_request_context():
        shift = services.add_shift(db.session.get(Event, event_id), "setup", -60, 60, 1, db.session.merge(user))
        task_id = shift.task_id
        boards.claim(task_id, db.session.merge(helper))
    response = client.post(f"/agenda/{event_id}/edit", data=_form(initiative, room, day=10, hour=15, until=18))
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    with app.app_context():
        event = db.session.get(Event, event_id)
        booking = db.session.get(Booking, event.booking_id)
        # The room from the setting-up shift, an hour before the event, to its end.
        assert (booking.start_at, booking.end_at) == (event.start_at - timedelta(hours=1), event.end_at)
        from portal.boards.models import Task
        assert db.session.get(Task, task_id).due_date == future_local(10, 14).date()
        assert db.session.scalar(select(OutboxMail.recipient).where(OutboxMail.key.like("event-%-moved-%"))) \
            == helper.email


def test_lowering_capacity_below_rsvps_is_refused(client, login_as, make_initiative, make_member, make_event):
    """A capacity below the places already taken gets a message at the field."""
    user = login_as(language="en")
    initiative = make_initiative()
    make_member(user, initiative, role="carrier")
    event = make_event(initiative, capacity=10, places_taken=6)
    data = _form(initiative, day=8, capacity="4")
    response = client.post(f"/agenda/{event.id}/edit", data=data, headers={"Accept-Language": "en"})
    assert response.status_code == 422 and "6 places are taken already" in response.get_data(as_text=True)


def test_feeds_and_ics(client, make_event, app):
    """The iCalendar feed, the per-event .ics and the Atom feed carry the event, escaped."""
    event = make_event(title="Feest <b>&</b>; met, komma", description="Regel 1\r\nBEGIN:VEVENT")
    feed = client.get("/agenda/calendar.ics").get_data(as_text=True)
    assert "SUMMARY:Feest <b>&</b>\\; met\\, komma" in feed
    assert feed.count("\r\nBEGIN:VEVENT") == 1 and "Regel 1\\nBEGIN:VEVENT" in feed
    assert f"\r\nURL:{app.config['PUBLIC_URL'].rstrip('/')}/agenda/{event.id}\r\n" in feed
    one = client.get(f"/agenda/{event.id}/event.ics")
    assert one.mimetype == "text/calendar" and "attachment" in one.headers["Content-Disposition"]
    atom = client.get("/agenda/feed.atom").get_data(as_text=True)
    assert "Feest &lt;b&gt;&amp;&lt;/b&gt;" in atom


def test_feed_times_are_utc_stamps_from_the_feed_and_the_ics_alike(client, make_event):
    """The feed reads its moments as the database gives them (text on SQLite): the same UTC stamps as one event's
    .ics, which writes them from the event itself."""
    from datetime import UTC

    event = make_event(title="Stempel")
    feed = client.get("/agenda/calendar.ics").get_data(as_text=True)
    one = client.get(f"/agenda/{event.id}/event.ics").get_data(as_text=True)
    start, end = (moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ") for moment in (event.start_at, event.end_at))
    for text in (feed, one):
        assert f"\r\nDTSTART:{start}\r\nDTEND:{end}\r\n" in text
        assert text.split("\r\nDTSTAMP:")[1].split("\r\n")[0] == \
            event.created_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def test_the_atom_and_calendar_feeds_list_the_same_events(app, client, make_initiative):
    """Both feeds read one window, a month back to a year ahead: an event that ended within the month (also a
    fortnight long one) and one that took place are in both; one that ended before, one over a year ahead, a
    draft and a members-only event are in neither."""
    from datetime import timedelta

    from portal.db import utcnow
    from portal.events.models import Event

    initiative, now = make_initiative(), utcnow()
    shown = {"Buurtfeest": (-20, 2, "took_place", True), "Zomerweken": (-44, 14 * 24, "published", True),
             "Taalcafé": (5, 2, "published", True)}
    hidden = {"Oud feest": (-40, 2, "published", True), "Volgend jaar": (400, 2, "published", True),
              "Concept": (5, 2, "draft", True), "Alleen leden": (5, 2, "published", False)}
    with app.app_context():
        for title, (days, hours, status, public) in {**shown, **hidden}.items():
            start = now + timedelta(days=days)
            db.session.add(Event(initiative_id=initiative.id, title=title, start_at=start, address="Bijlmerplein",
                                 end_at=start + timedelta(hours=hours), status=status, public=public))
        db.session.commit()
    calendar = client.get("/agenda/calendar.ics").get_data(as_text=True)
    atom = client.get("/agenda/feed.atom").get_data(as_text=True)
    for title in shown:
        assert f"SUMMARY:{title}\r\n" in calendar and f"<title>{title} · " in atom, title
    for title in hidden:
        assert f"SUMMARY:{title}\r\n" not in calendar and f"<title>{title} · " not in atom, title


def test_share_links_are_built_from_the_public_url(client, make_event, app):
    """WhatsApp and mail share links carry the title and the page's public address."""
    event = make_event(title="Sinterklaas")
    page = client.get(f"/agenda/{event.id}").get_data(as_text=True)
    assert "https://wa.me/?text=Sinterklaas" in page and "mailto:?subject=Sinterklaas" in page
    host = app.config["PUBLIC_URL"].split("//")[1].split("/")[0].replace(":", "%3A")
    assert host in page.split("wa.me")[1].split('"')[0]


def test_home_shows_the_next_three(client, make_event):
    """The home page shows the next three events."""
    for day in range(1, 5):
        make_event(title=f"Ding {day}", days=day)
    page = client.get("/").get_data(as_text=True)
    assert "Ding 1" in page and "Ding 3" in page and "Ding 4" not in page


def test_took_place_from_the_page_and_a_second_tap(client, login_as, make_event, app):
    """The organiser says the event took place and how many came; a second tap (another tab) is told it is done,
    no "not allowed" page, and nothing changes."""
    from portal.events.models import Event

    login_as("coordinator")
    event = make_event(days=-1)
    assert client.post(f"/agenda/{event.id}/took-place", data={"people_came": "-3"}).status_code == 422
    assert client.post(f"/agenda/{event.id}/took-place", data={"people_came": "25"}).status_code == 303
    again = client.post(f"/agenda/{event.id}/took-place", data={"people_came": "99"})
    assert again.status_code == 303
    assert "al gezegd dat deze activiteit is geweest" in client.get(again.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Event, event.id).people_came == 25


def test_took_place_before_the_event_says_not_yet(client, login_as, make_event, app):
    """Before the event has begun the organiser is told it has not begun yet, on its page, not "not allowed";
    nothing changes."""
    from portal.events.models import Event

    login_as("coordinator")
    event = make_event(days=3)
    for method in (client.get, client.post):
        response = method(f"/agenda/{event.id}/took-place", data={"people_came": "25"})
        assert response.status_code == 303 and response.headers["Location"].endswith(f"/agenda/{event.id}")
    assert "Deze activiteit is nog niet begonnen." in client.get(f"/agenda/{event.id}").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Event, event.id).status == "published"


def test_who_sees_plan_an_event_on_the_agenda(client, login_as, make_initiative, make_member, auth):
    """The agenda offers "Plan an event" to members of an initiative and to coordinators (also when a search for
    an initiative finds nothing), not to visitors or residents without an initiative."""
    initiative = make_initiative(name="Moestuin")
    button = 'href="/agenda/new"'
    assert button not in client.get("/agenda").get_data(as_text=True)
    resident = login_as()
    assert button not in client.get("/agenda").get_data(as_text=True)
    make_member(resident, initiative)
    assert button in client.get("/agenda").get_data(as_text=True)
    auth.logout()
    login_as(role="coordinator")
    for path in ("/agenda", "/agenda?initiative_q=nothing-is-called-this"):
        assert button in client.get(path).get_data(as_text=True), path


def test_a_list_writes_each_day_in_the_language_of_the_moment(app):
    """The agenda formats each day once a request, and a mail in another language written meanwhile gets its own."""
    from datetime import UTC, datetime

    from portal.events.views import event_day
    from portal.i18n import in_language

    moment = datetime(2027, 7, 1, 12, tzinfo=UTC)
    with app.test_request_context("/", headers={"Accept-Language": "nl"}):
        dutch = event_day(moment)
        with in_language("en"):
            english = event_day(moment)
        assert (dutch, english, event_day(moment)) == ("do 1 jul", "Thu 1 Jul", "do 1 jul")


def test_a_shift_when_the_room_is_taken_is_refused_at_its_time(client, login_as, make_initiative, make_member,
                                                               make_room, app):
    """The room is booked for a yoga class until the event starts: setting up in the hour before cannot happen
    there. The shift form says so at its time, with the free hours, and saves nothing."""
    from portal.accounts.models import User
    from portal.core.time import to_utc
    from portal.events.models import Shift
    from portal.venues import services as venues

    user = login_as("coordinator")
    initiative, room = make_initiative(), make_room()
    make_member(user, initiative)
    event_id = int(client.post("/agenda/new", data=_form(initiative, room)).headers["Location"].rsplit("/", 1)[1])
    with app.test_request_context():
        venues.book_in_transaction(room.id, db.session.get(User, user.id), "Yogales", to_utc(future_local(9, 13)),
                                   to_utc(future_local(9, 14)))
        db.session.commit()
    response = client.post(f"/agenda/{event_id}/shifts/new",
                           data={"kind": "setup", "offset": "-60", "minutes": "60", "places": "2"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="offset-error"' in html
    assert "niet vrij" in html and "Vrij op die dag" in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Shift)) == 0


@pytest.mark.parametrize(("status", "said"), [
    ("draft", "Als de activiteit gepubliceerd is, komt hij op het takenbord."),
    ("published", "Nu kan iemand hem oppakken!"),
])
def test_adding_a_shift_says_when_people_can_take_it(client, login_as, make_event, status, said):
    """A shift of a draft is on no board yet: the message says it goes there once the event is published."""
    login_as("coordinator")
    event = make_event(status=status)
    page = client.post(f"/agenda/{event.id}/shifts/new", data={"kind": "setup", "offset": "-60", "minutes": "60",
                                                               "places": "2"}, follow_redirects=True)
    assert said in page.get_data(as_text=True)


def test_a_draft_goes_in_the_agenda_with_one_button(app, client, login_as, make_event, make_room):
    """The organiser's draft page has "put it in the agenda": one press publishes it (a second is told it is
    there already); a draft whose time has passed gets the form with the reason at the time, nothing changes."""
    from portal.events.models import Event

    login_as("coordinator")
    draft = make_event(title="Buurtborrel", status="draft")
    page = client.get(f"/agenda/{draft.id}").get_data(as_text=True)
    assert f'action="/agenda/{draft.id}/publish"' in page and "Zet in de agenda" in page
    done = client.post(f"/agenda/{draft.id}/publish", follow_redirects=True)
    assert "De activiteit staat nu in de agenda." in done.get_data(as_text=True)
    again = client.post(f"/agenda/{draft.id}/publish", follow_redirects=True)
    assert "Deze activiteit staat al in de agenda." in again.get_data(as_text=True)
    late = make_event(title="Te laat", status="draft", days=-1)
    refused = client.post(f"/agenda/{late.id}/publish")
    assert refused.status_code == 422 and 'id="start-error"' in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Event, draft.id).status == "published"
        assert db.session.get(Event, late.id).status == "draft"
    assert "Zet in de agenda" not in client.get(f"/agenda/{draft.id}").get_data(as_text=True)
