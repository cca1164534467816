"""Members-only events (and every event of a members-only initiative) are invisible to outsiders everywhere:
the agenda, the event page, its .ics, poster and lists, the feeds, the home page and the counts."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db

SECRET = "Geheim overleg"


@pytest.fixture
def hidden(make_event, make_initiative, private_initiative):
    """Return two hidden events: members-only in a public initiative, and one of a members-only initiative."""
    public_initiative = make_initiative("Open buurtclub")
    return (make_event(public_initiative, title=SECRET, public=False, capacity=5, days=3),
            make_event(private_initiative, title=SECRET, capacity=5, days=3))


def _surfaces(event) -> list[str]:
    return [f"/agenda/{event.id}", f"/agenda/{event.id}/event.ics", f"/agenda/{event.id}/poster",
            f"/agenda/{event.id}/people", f"/agenda/{event.id}/sign-in"]


@pytest.mark.parametrize("role", [None, "resident"])
def test_outsiders_see_nothing_of_members_only_events(client, login_as, hidden, role):
    """Visitors and residents who are not members get 404 for the event and find it in no list or feed."""
    if role:
        login_as(role)
    for event in hidden:
        for path in _surfaces(event):
            assert client.get(path).status_code in (404, 302, 303), path
        assert client.post(f"/agenda/{event.id}/rsvp", data={"people": "1", "name": "X", "contact": "0612"}
                           ).status_code == 404
    initiative_feed = f"/agenda/initiatives/{hidden[1].initiative_id}/calendar.ics"
    assert client.get(initiative_feed).status_code == 404
    for path in ("/agenda", "/events", f"/agenda?initiative={hidden[0].initiative_id}",
                 f"/agenda?initiative={hidden[1].initiative_id}", "/agenda/calendar.ics",
                 f"/agenda/initiatives/{hidden[0].initiative_id}/calendar.ics", "/agenda/feed.atom", "/agenda/print",
                 "/"):
        assert SECRET not in client.get(path).get_data(as_text=True), path


def test_the_week_sheet_shows_members_only_events_to_nobody(client, login_as, hidden, make_event):
    """The printed week agenda hangs on a notice board: it holds public events only, whoever prints it."""
    make_event(title="Open taalcafé", days=2)
    login_as("coordinator")
    page = client.get("/agenda/print").get_data(as_text=True)
    assert "Open taalcafé" in page and SECRET not in page


def test_members_and_coordinators_see_members_only_events(client, login_as, hidden, make_member, private_initiative):
    """A member of the organising initiative sees its members-only event in the agenda and on its page."""
    member = login_as()
    make_member(member, private_initiative)
    assert client.get(f"/agenda/{hidden[1].id}").status_code == 200
    assert SECRET in client.get("/agenda").get_data(as_text=True)
    assert client.get(f"/agenda/{hidden[0].id}").status_code == 404  # not a member of that one
    client.post("/logout")
    login_as("coordinator")
    assert client.get(f"/agenda/{hidden[0].id}").status_code == 200


def test_feeds_hold_members_only_events_back_even_from_members(client, login_as, hidden, make_member,
                                                              private_initiative):
    """A feed is read by anyone with its address: members-only events never go in, whoever asks."""
    member = login_as("coordinator")
    make_member(member, private_initiative)
    for path in ("/agenda/calendar.ics", "/agenda/feed.atom"):
        assert SECRET not in client.get(path).get_data(as_text=True)


def test_drafts_are_for_the_organisers_only(client, login_as, make_event, make_initiative, make_member):
    """A draft is a 404 for everyone but the initiative's members."""
    initiative = make_initiative()
    draft = make_event(initiative, title="Concept", status="draft")
    assert client.get(f"/agenda/{draft.id}").status_code == 404
    member = login_as()
    make_member(member, initiative)
    assert client.get(f"/agenda/{draft.id}").status_code == 200


def test_organiser_pages_are_for_organisers(client, login_as, make_event):
    """The guest list, sign-in sheet, edit, cancel and shift pages are 403 for a resident who is not a member."""
    event = make_event()
    login_as(language="en")
    for path in ("people", "sign-in", "edit", "cancel", "shifts/new", "took-place"):
        assert client.get(f"/agenda/{event.id}/{path}").status_code == 403, path
    assert "For the organisers" not in client.get(f"/agenda/{event.id}").get_data(as_text=True)


ROOM_SURFACES = ("/buurthuis/week", "/embed/agenda")


def _room_pages(client, room_id: int, day) -> str:
    """Return what a visitor reads on the buurthuis week, the embedded agenda, the room's day and its calendar."""
    from portal import pagecache

    pagecache.clear()
    return " ".join(client.get(path).get_data(as_text=True) for path in (
        *ROOM_SURFACES, f"/rooms/{room_id}?day={day.isoformat()}", f"/rooms/{room_id}/calendar.ics"))


def test_a_room_shows_no_title_of_an_event_whose_initiative_became_members_only(client, app, auth, login_as,
                                                                                 make_initiative, make_room,
                                                                                 make_member):
    """A coordinator switches an initiative to members-only: its event's room booking says "taken" everywhere
    (the room's week, the buurthuis agenda, the embed, the room's calendar); public again, the title is back."""
    from tests.conftest import future_local
    from tests.events.test_views import _form
    from tests.initiatives.test_views import FIELDS

    coordinator = login_as("coordinator")
    initiative, room = make_initiative("Taalcafé Gein"), make_room()
    make_member(coordinator, initiative)
    created = client.post("/agenda/new", data=_form(initiative, room, day=2, title="Praatavond Gein"))
    assert created.status_code == 303
    day = future_local(2, 14).date()
    auth.logout()
    assert "Praatavond Gein" in _room_pages(client, room.id, day)
    login_as("coordinator")
    edit = dict(FIELDS, name="Taalcafé Gein", visibility="members")
    assert client.post(f"/initiatieven/{initiative.id}/bewerken", data=edit).status_code == 303
    auth.logout()
    assert "Praatavond Gein" not in _room_pages(client, room.id, day)
    login_as("coordinator")
    client.post(f"/initiatieven/{initiative.id}/bewerken", data=dict(edit, visibility="public"))
    auth.logout()
    assert "Praatavond Gein" in _room_pages(client, room.id, day)


def test_a_room_shows_no_title_of_a_members_only_event(client, login_as, auth, make_initiative, make_room,
                                                        make_member, private_initiative):
    """An event made members-only, or planned for a members-only initiative, leaves its room saying "taken"."""
    from tests.conftest import future_local
    from tests.events.test_views import _form

    coordinator = login_as("coordinator")
    open_group, room = make_initiative("Open buurtclub"), make_room()
    make_member(coordinator, open_group)
    event_path = client.post("/agenda/new", data=_form(open_group, room, day=2, title="Open avond")
                             ).headers["Location"]
    client.post(f"{event_path}/edit", data=_form(open_group, room, day=2, title="Open avond", public="members"))
    client.post("/agenda/new", data=_form(private_initiative, room, day=2, hour=18, until=20, title=SECRET))
    auth.logout()
    pages = _room_pages(client, room.id, future_local(2, 14).date())
    assert "Open avond" not in pages and SECRET not in pages


def test_a_members_only_event_of_a_public_initiative_asks_its_members_for_hands(
        client, app, auth, login_as, make_user, make_initiative, make_member, make_event):
    """Shifts are tasks on the initiative's board, and the event's "for members only" holds for them: a members-only
    event of a public initiative asks its members for hands, outsiders see nothing of the shift (board, "where can I
    help", its page); making an event with shifts members-only hides them at once, opening it shows them again."""
    from portal.core.time import local

    user = login_as("coordinator")
    initiative = make_initiative("Buurtkrant")
    make_member(user, initiative)
    secret = make_event(initiative, title="Redactievergadering", public=False, address="Redactiekamer 3")
    shift = {"kind": "kitchen", "offset": "-30", "minutes": "60", "places": "2"}
    assert client.post(f"/agenda/{secret.id}/shifts/new", data=shift).status_code == 303
    open_event = make_event(initiative, title="Open dag", address="Bijlmerpark 9")
    assert client.post(f"/agenda/{open_event.id}/shifts/new", data=shift).status_code == 303
    with app.app_context():
        from portal.events.models import Shift

        secret_task, open_task = (db.session.scalar(select(Shift.task_id).where(Shift.event_id == event.id))
                                  for event in (secret, open_event))
    member = make_user()
    make_member(member, initiative)
    board = f"/boards/{initiative.id}"

    def seen(person) -> dict[str, bool]:
        auth.logout()
        if person is not None:
            auth.login(person)
        pages = client.get(board).get_data(as_text=True) + client.get("/boards/help").get_data(as_text=True)
        return {"secret": "Redactiekamer 3" in pages or client.get(f"/tasks/{secret_task}").status_code == 200,
                "open": "Bijlmerpark 9" in pages and client.get(f"/tasks/{open_task}").status_code == 200}

    assert seen(member) == {"secret": True, "open": True}
    assert seen(None) == seen(make_user()) == {"secret": False, "open": True}
    auth.logout()
    auth.login(user)
    form = {"title": "Open dag", "initiative": str(initiative.id), "description": "",
            "start": local(open_event.start_at).strftime("%Y-%m-%dT%H:%M"),
            "end": local(open_event.end_at).strftime("%Y-%m-%dT%H:%M"), "where": "address", "room": "0",
            "address": "Bijlmerpark 9", "public": "members", "capacity": "", "repeats": "none"}
    assert client.post(f"/agenda/{open_event.id}/edit", data=form).status_code == 303
    assert seen(None)["open"] is False and seen(member)["open"] is True
    auth.logout()
    auth.login(user)
    assert client.post(f"/agenda/{open_event.id}/edit", data=form | {"public": "public"}).status_code == 303
    assert seen(None)["open"] is True


def test_members_only_events_have_no_share_links_even_for_members(client, login_as, hidden, make_member,
                                                                   private_initiative, make_event):
    """A share link of a members-only event would show outsiders nothing: a coordinator (who sees both kinds)
    gets no WhatsApp, Telegram or e-mail links and no text with the title, a public event has them."""
    from urllib.parse import unquote

    login_as("coordinator")
    for event in hidden:
        page = client.get(f"/agenda/{event.id}").get_data(as_text=True)
        assert "wa.me" not in page and "t.me/share" not in page and "mailto:" not in page
        assert "share-text" not in page and "geen deellinks" in page
    open_event = make_event(title="Open taalcafé", days=2)
    page = client.get(f"/agenda/{open_event.id}").get_data(as_text=True)
    assert "https://t.me/share/url?url=" in page and "Open taalcafé" in unquote(page.split("wa.me/?text=")[1])


def test_librarians_see_a_members_only_events_booking_to_manage_the_room(client, auth, login_as, make_user,
                                                                       make_room, private_initiative):
    """The buurthuis staff manage the rooms: a librarian reads the title of a members-only initiative's event on
    the room's day and the booking's page (initiatives/services.py says why); a resident who is no member reads
    only "taken"."""
    from portal.events.models import Event
    from tests.conftest import future_local
    from tests.events.test_views import _form

    login_as("coordinator")
    room = make_room()
    assert client.post("/agenda/new", data=_form(private_initiative, room, day=2, title=SECRET)).status_code == 303
    with client.application.app_context():
        booking_id = db.session.scalar(select(Event.booking_id))
    day = f"/rooms/{room.id}?day={future_local(2, 14).date().isoformat()}"
    auth.logout()
    auth.login(make_user(role="librarian"))
    assert SECRET in client.get(day).get_data(as_text=True)
    assert SECRET in client.get(f"/bookings/{booking_id}").get_data(as_text=True)
    auth.logout()
    login_as()
    page = client.get(day).get_data(as_text=True)
    assert SECRET not in page and "bezet" in page
