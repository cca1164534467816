"""Event rules: who sees an event, the agenda, and creating, moving and cancelling an event together with its
room booking (venues) and its shifts (tasks on the organising initiative's board), each in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any, NamedTuple

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    ColumnElement,
    Integer,
    Row,
    Select,
    String,
    and_,
    bindparam,
    case,
    func,
    not_,
    null,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import aliased

from portal.accounts.models import User, Viewer
from portal.boards import services as boards
from portal.core.signals import event_took_place, initiative_visibility_changed, members_only_changed
from portal.core.time import local, to_utc
from portal.db import utcnow, write_transaction
from portal.events import mails, rsvp
from portal.events.models import Event, Rsvp, Shift
from portal.extensions import db
from portal.i18n import format_date
from portal.initiatives import services as initiatives
from portal.initiatives.models import Initiative, Membership
from portal.permissions import has_role
from portal.venues import services as venues

MAX_LENGTH = timedelta(days=14)
AGENDA_PAGE = 12
RoomTaken = venues.RoomTaken
ClaimRefused = boards.ClaimRefused
SHIFT_LABELS = {"setup": _l("Setting up"), "kitchen": _l("Kitchen"), "music": _l("Music"),
                "cleanup": _l("Cleaning up"), "dish": _l("Bring a dish")}


# --- who sees what ----------------------------------------------------------------------------------------------

def event_visible(user: Viewer) -> ColumnElement[bool]:
    """Return a condition on Event: `user` may see it. The initiative's one rule applies, and an event for members
    only is seen by the organising initiative's members (and coordinators) only."""
    return initiatives.linked_visible(user, Event.initiative_id, members_only=not_(Event.public))


def anyone_may_see(event: Event, initiative_public: bool | None = None) -> bool:
    """Tell whether everyone, logged in or not, may see this event: published or past (no draft), for everyone,
    by an initiative that is open to everyone (one query at most; none when `initiative_public` is known)."""
    if event.status == "draft" or not event.public:
        return False
    return initiatives.is_public(event.initiative_id) if initiative_public is None else initiative_public


def _visible_statement(viewer: Viewer) -> Select[tuple[Event]]:
    shown = or_(Event.status != "draft", initiatives.linked_member(viewer, Event.initiative_id))
    return select(Event).where(Event.id == bindparam("event_id"), event_visible(viewer), shown)


def get_visible(event_id: int, user: Viewer) -> Event | None:
    """Return the event when `user` may see it (a draft only to those who run it), else None (one query).

    The statement is built once per role (`run_visible`): building the rule cost more than running it."""
    return initiatives.run_visible("events.get_visible", user, (), _visible_statement,
                                   {"event_id": event_id}).scalar()


def _page_statement(viewer: Viewer) -> Select[tuple[Event, str, str, str | None, bool]]:
    organiser = aliased(Initiative)  # apart from the one the visibility rule's EXISTS reads
    # The viewer's role in the organising initiative, for `can_manage` (none for a visitor).
    role = select(Membership.role).where(Membership.initiative_id == Event.initiative_id,
                                         Membership.user_id == viewer.id).scalar_subquery() \
        if getattr(viewer, "is_authenticated", False) else null()
    return _visible_statement(viewer).add_columns(organiser.name, organiser.visibility, role,
                                                  initiatives.taking_new_work(organiser)).join(
        organiser, organiser.id == Event.initiative_id)


@dataclass
class PageEvent:
    """An event for its own page, with its organiser's name, whether that initiative is open to everyone, the
    viewer's role in it (None: not a member, or a visitor), and whether it takes new work (it has not stopped)."""

    event: Event
    initiative_name: str
    initiative_public: bool
    viewer_role: str | None
    takes_new_work: bool


def get_for_page(event_id: int, user: Viewer) -> PageEvent | None:
    """Return what `get_visible` returns, with the organising initiative's name and openness and the viewer's role
    in it (one query)."""
    row = initiatives.run_visible("events.get_for_page", user, (), _page_statement, {"event_id": event_id}).first()
    if row is None:
        return None
    return PageEvent(row[0], row[1], row[2] == "public", row[3], bool(row[4]))


ASK = object()  # a role not read yet: `can_manage` asks


def can_manage(event: Event, user: Viewer, role: object = ASK) -> bool:
    """Tell whether `user` runs this event: a carrier or the contact of the organising initiative, or a
    coordinator. A plain member sees the event and its counts, but may not change it or see who is coming.
    `role`: the user's role in the organising initiative when the caller read it already (None: no member)."""
    carrier = getattr(user, "is_authenticated", False) and \
        (initiatives.role_of(event.initiative_id, user) if role is ASK else role) in initiatives.CARRYING
    return event.can_manage(user, carrier)


def publishable_ids(user: Viewer) -> set[int] | None:
    """Return the initiatives `user` may publish events of; None means all (a coordinator)."""
    return None if has_role(user, "coordinator") else initiatives.carried_ids(user)


def can_edit(event: Event, user: Viewer, role: object = ASK) -> bool:
    """Tell whether `user` may change the event: those who run it, and the member who planned a draft, as long as
    it is a draft and they are still a member (publishing it stays with those who run it). `role`: as for
    `can_manage`; the role is read once either way (a member is one with a role)."""
    if role is ASK:
        role = initiatives.role_of(event.initiative_id, user)
    if can_manage(event, user, role):
        return True
    return event.status == "draft" and getattr(user, "is_authenticated", False) \
        and event.created_by_id == user.id and role is not None


def coming_query(user: Viewer, initiative_id: int | None = None) -> Select[tuple[Event]]:
    """Return the SELECT of published events `user` may see that are not over, in (start, id) order."""
    query = select(Event).where(Event.status == "published", Event.end_at > utcnow(), event_visible(user))
    if initiative_id:
        query = query.where(Event.initiative_id == initiative_id)
    return query.order_by(Event.start_at, Event.id)


def coming_for(user: User, limit: int = 10) -> list[tuple[Event, str]]:
    """Return the events `user` said they come to (or wait for a place at) that are not over yet, soonest first,
    each with the RSVP's status, "confirmed" or "waiting" (one query)."""
    query = coming_query(user).add_columns(Rsvp.status).join(Rsvp, Rsvp.event_id == Event.id).where(
        Rsvp.user_id == user.id).limit(limit)
    return [(event, status) for event, status in db.session.execute(query)]


def parse_cursor(value: str | None) -> tuple[datetime, int] | None:
    """Read an agenda cursor "<unix seconds>_<id>", or None when it is not one (hostile input reads as None)."""
    seconds, _sep, ident = (value or "").partition("_")
    if not (seconds.isascii() and seconds.isdigit() and ident.isascii() and ident.isdigit()) or len(seconds) > 11 \
            or len(ident) > 10:
        return None
    try:
        return datetime.fromtimestamp(int(seconds), tz=local(utcnow()).tzinfo).astimezone(), int(ident)
    except (OverflowError, OSError, ValueError):
        return None


def _agenda_statement(viewer: Viewer, one_initiative: bool, after: bool) -> Select[tuple[Event, str]]:
    """The agenda's statement (`coming_query` with its organiser's name), built once per role and shape: the
    moment, the initiative, the cursor and the size are bound parameters."""
    organiser = aliased(Initiative)  # apart from the one the visibility rule's EXISTS reads
    query = select(Event, organiser.name).join(organiser, organiser.id == Event.initiative_id).where(
        Event.status == "published", Event.end_at > bindparam("now", type_=Event.end_at.type), event_visible(viewer))
    if one_initiative:
        query = query.where(Event.initiative_id == bindparam("initiative_id", type_=Integer))
    if after:
        start = bindparam("after_start", type_=Event.start_at.type)
        query = query.where(or_(Event.start_at > start, and_(Event.start_at == start,
                                                             Event.id > bindparam("after_id", type_=Integer))))
    return query.order_by(Event.start_at, Event.id).limit(bindparam("limit", type_=Integer))


def _agenda_rows(user: Viewer, initiative_id: int | None, after: tuple[datetime, int] | None, size: int
                 ) -> tuple[list[tuple[Event, str]], str | None]:
    values: dict = {"now": utcnow(), "initiative_id": initiative_id or None, "limit": size + 1}
    if after:
        values["after_start"], values["after_id"] = after
    rows = initiatives.run_visible(
        "events.agenda", user, (bool(initiative_id), bool(after)),
        lambda viewer: _agenda_statement(viewer, bool(initiative_id), bool(after)), values).all()
    cursor = None
    if len(rows) > size:
        last = rows[size - 1][0]
        cursor = f"{int(last.start_at.timestamp())}_{last.id}"
    return [(row[0], row[1]) for row in rows[:size]], cursor


def agenda_listing(user: Viewer, initiative_id: int | None = None, after: tuple[datetime, int] | None = None,
                   size: int = AGENDA_PAGE) -> tuple[list[Event], str | None, Places]:
    """Return what `agenda_page` returns and the names of the events' initiatives and rooms (one query, and one
    for the rooms when an event is in one)."""
    rows, cursor = _agenda_rows(user, initiative_id, after, size)
    events = [event for event, _name in rows]
    places = Places({event.initiative_id: name for event, name in rows},
                    venues.room_infos({event.room_id for event in events if event.room_id}))
    return events, cursor, places


def agenda_page(user: Viewer, initiative_id: int | None = None, after: tuple[datetime, int] | None = None,
                size: int = AGENDA_PAGE) -> tuple[list[Event], str | None]:
    """Return a page of coming events, soonest first (keyset paged along (start, id)), and the next cursor (one
    query; its statement is built once per role and shape, `run_visible`)."""
    rows, cursor = _agenda_rows(user, initiative_id, after, size)
    return [event for event, _name in rows], cursor


_OWNER = aliased(Initiative, name="owner")  # apart from the one the visibility rule's EXISTS reads; made once


def _next_events_statement(viewer: Viewer) -> Select:
    # Per initiative its first coming event down ix_events_initiative_start, stopping at the first one (a window
    # function over every coming event of the initiatives cost twice as much).
    first = (select(Event.id).where(Event.initiative_id == _OWNER.id, Event.status == "published",
                                    Event.end_at > bindparam("now"), event_visible(viewer))
             .order_by(Event.start_at, Event.id).limit(1).correlate(_OWNER).scalar_subquery())
    ids = select(first).where(_OWNER.id.in_(bindparam("ids", expanding=True)))
    return select(Event.id, Event.initiative_id, Event.title, Event.start_at).where(Event.id.in_(ids))


def next_events(initiative_ids: list[int], user: Viewer) -> dict[int, Any]:
    """Return the next coming event `user` may see of each of these initiatives (one query), as rows of its id,
    initiative_id, title and start_at.

    The statement is built once per role (`run_visible`): building it, with the visibility rule, cost more than
    running it."""
    if not initiative_ids:
        return {}
    rows = initiatives.run_visible("events.next_events", user, (), _next_events_statement,
                                   {"now": utcnow(), "ids": list(initiative_ids)})
    return {found.initiative_id: found for found in rows}


@dataclass
class Places:
    """Names for a list of events: their initiatives and rooms (two queries, whatever the number of events)."""

    initiatives: dict[int, str]
    rooms: dict[int, venues.RoomInfo]

    def where(self, event: Event) -> str:
        room = self.rooms.get(event.room_id) if event.room_id else None
        return room.label if room else event.address


def places_for(events: list[Event]) -> Places:
    """Return the initiative names and rooms of `events`."""
    return Places(initiatives.names_by_id({event.initiative_id for event in events}),
                  venues.room_infos({event.room_id for event in events if event.room_id}))


def feed_events(initiative_id: int | None = None, limit: int = 500) -> list[Event]:
    """Return the public events anyone may see, from a month back to a year ahead, for the feeds."""
    return list(db.session.scalars(_feed_statement(bool(initiative_id), objects=True),
                                   _feed_values(initiative_id, limit)))


@cache
def _feed_statement(one_initiative: bool, objects: bool = False) -> Select:
    """The feeds' statement, built once: the public events anyone may see that end after `since` and start before
    `until` (as Event objects, or as the columns a calendar feed writes). An event lasts at most MAX_LENGTH, so its
    start is bounded below too, and the index on (status, start_at) is read from there on instead of from the first
    event ever held."""
    since = bindparam("since", type_=Event.end_at.type)
    # The moments as the database gives them (SQLite: UTC text), written into the feed as they are: reading
    # 1,500 of them as datetimes cost more than the rest of the query.
    columns = (Event,) if objects else (
        Event.id, Event.initiative_id, Event.title, Event.description,
        type_coerce(Event.start_at, String).label("start_at"), type_coerce(Event.end_at, String).label("end_at"),
        Event.room_id, Event.address, Event.status, type_coerce(Event.created_at, String).label("created_at"))
    query = select(*columns).where(
        Event.status.in_(("published", "took_place")), Event.end_at > since,
        Event.start_at > bindparam("earliest", type_=Event.start_at.type),
        Event.start_at < bindparam("until", type_=Event.start_at.type), event_visible(None))
    if one_initiative:
        query = query.where(Event.initiative_id == bindparam("initiative_id", type_=Integer))
    return query.order_by(Event.start_at, Event.id).limit(bindparam("limit", type_=Integer))


def _feed_values(initiative_id: int | None, limit: int) -> dict:
    """Return the values of `_feed_statement`: a month back to a year ahead from now."""
    now = utcnow()
    since = now - timedelta(days=31)
    values = {"since": since, "earliest": since - MAX_LENGTH, "until": now + timedelta(days=366), "limit": limit}
    if initiative_id:
        values["initiative_id"] = initiative_id
    return values


def feed_rows(initiative_id: int | None = None, limit: int = 500) -> list[Row]:
    """Return what `feed_events` returns as rows of the columns a calendar feed writes (no ORM objects: a feed
    of 500 events spent more on loading them than on writing them). Its moments are UTC: text on SQLite
    ("2027-07-01 12:00:00.000000"), aware datetimes on PostgreSQL."""
    return list(db.session.execute(_feed_statement(bool(initiative_id)), _feed_values(initiative_id, limit)))


def _week_statement(viewer: Viewer) -> Select[tuple[Event]]:
    return select(Event).where(Event.status == "published", Event.start_at >= bindparam("start"),
                               Event.start_at < bindparam("end"), event_visible(viewer)).order_by(
        Event.start_at, Event.id).limit(bindparam("limit"))


def week_events(user: Viewer, first: date, days: int = 7, limit: int = 60) -> list[Event]:
    """Return the published events `user` may see that start in the `days` from `first` (local dates); the
    statement is built once per role (`run_visible`)."""
    start = to_utc(datetime.combine(first, datetime.min.time()))
    end = to_utc(datetime.combine(first + timedelta(days=days), datetime.min.time()))
    return list(initiatives.run_visible("events.week", user, (), _week_statement,
                                        {"start": start, "end": end, "limit": limit}).scalars())


def count_coming(user: Viewer) -> int:
    """Count the coming events `user` may see."""
    return db.session.scalar(select(func.count()).select_from(Event).where(
        Event.status == "published", Event.end_at > utcnow(), event_visible(user))) or 0


# --- making, moving, cancelling ---------------------------------------------------------------------------------

@dataclass
class EventData:
    """What the form says about an event; times are aware (UTC)."""

    initiative_id: int
    title: str
    description: str
    start_at: datetime
    end_at: datetime
    room_id: int | None
    address: str
    public: bool
    capacity: int | None
    status: str = "published"
    repeats: str = "none"
    photo: tuple[str, int, int] | None = None  # a newly stored photo: name, width, height
    remove_photo: bool = False


def _title_public(event_public: bool, initiative_id: int) -> bool:
    """Tell whether the room booking of an event may show its title to everyone: only when the event is open to
    everyone and its initiative is public (the room's week, the buurthuis agenda and feeds show public titles)."""
    return event_public and initiatives.is_public(initiative_id)


@initiative_visibility_changed.connect
def _initiative_visibility_changed(_sender: object, initiative_id: int, visibility: str, **_extra: object) -> None:
    """An initiative became members-only (or public again): its events' room bookings hide (or show) their titles,
    in the caller's transaction."""
    rows = db.session.execute(select(Event.booking_id, Event.public).where(
        Event.initiative_id == initiative_id, Event.booking_id.is_not(None))).all()
    for public in (True, False):
        venues.set_public_in_transaction([row.booking_id for row in rows if row.public == public],
                                         public and visibility == "public")


def create_event(data: EventData, user: User, ask_carriers: bool = False) -> Event:
    """Make an event and, for a room, its booking, in one transaction: when the room is taken (RoomTaken, with
    the free hours of that day) nothing is saved. With `ask_carriers` (a member planned a draft), the carriers
    and the contact person of the initiative get a mail to check it and publish it."""
    with write_transaction(db.session):
        booking_id = None
        if data.room_id:
            booking_id = venues.book_in_transaction(data.room_id, user, data.title, data.start_at, data.end_at,
                                                    _title_public(data.public, data.initiative_id))
        event = Event(initiative_id=data.initiative_id, title=data.title.strip(), description=data.description,
                      start_at=data.start_at, end_at=data.end_at, room_id=data.room_id, booking_id=booking_id,
                      address="" if data.room_id else data.address.strip(), public=data.public,
                      capacity=data.capacity, status=data.status, repeats=data.repeats, created_by_id=user.id)
        if data.photo:
            event.photo, event.photo_width, event.photo_height = data.photo
        db.session.add(event)
        db.session.flush()
        if ask_carriers:
            carriers = [person for person, role in initiatives.members(data.initiative_id)
                        if role in initiatives.CARRYING and person.id != user.id]
            mails.draft_to_check(event, user, carriers)
    return event


TALK_WEEKS_AHEAD = 4


def talk_from_idea(title: str, description: str, initiative_id: int | None, actor_id: int) -> tuple[int, int]:
    """Make a draft talk from an idea of the ideas box, organised by the initiative chosen, four weeks ahead at
    19:30 for two hours, place still open (the organiser fills in the rest before publishing). Returns (event id,
    initiative id); the caller's transaction saves it. A members-only initiative's talk is for its members."""
    if initiative_id is None:
        raise ValueError("a talk needs an organising initiative")
    day = local(utcnow()).date() + timedelta(weeks=TALK_WEEKS_AHEAD)
    start = to_utc(datetime.combine(day, datetime.min.time().replace(hour=19, minute=30)))
    # The address is stored text that everyone reads: written in the neighbourhood's language.
    with force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE", "nl")):
        place = _("Place still to be decided")
    event = Event(initiative_id=initiative_id, title=title.strip()[:120], description=description,
                  start_at=start, end_at=start + timedelta(hours=2), address=place,
                  public=initiatives.get_visible(initiative_id, None) is not None, status="draft",
                  created_by_id=actor_id)
    db.session.add(event)
    db.session.flush()
    return event.id, initiative_id


def describe_talk(event_id: int, user: Viewer) -> tuple[str, str] | None:
    """Return an event's title and path when `user` may see it (a draft: only those who run it), else None."""
    event = get_visible(event_id, user)
    if event is None:
        return None
    return event.title, url_for("events.show_event", event_id=event.id)


def shifts_of(event_id: int) -> list[Shift]:
    """Return the shifts of an event, in the order they happen."""
    return list(db.session.scalars(select(Shift).where(Shift.event_id == event_id)
                                   .order_by(Shift.offset_minutes, Shift.id)))


_SHIFT_ROWS = select(Shift.id, Shift.task_id, Shift.kind, Shift.offset_minutes, Shift.minutes, Shift.places).where(
    Shift.event_id == bindparam("event_id", type_=Integer)).order_by(Shift.offset_minutes, Shift.id)


class ShiftLine(NamedTuple):
    """What an event's page shows of a shift: its kind, its time ("14:00–15:00") and its places."""

    id: int
    task_id: int | None
    kind: str
    times: str
    places: int


def shift_lines(event: Event) -> list[ShiftLine]:
    """Return the shifts of an event as its page shows them, in the order they happen (one query, built once).

    Each shift's time is written here ("14:00–15:00", the same in Dutch and English), not with template calls."""
    return [ShiftLine(shift_id, task_id, kind, _times(event.start_at, offset, minutes), places)
            for shift_id, task_id, kind, offset, minutes, places
            in db.session.execute(_SHIFT_ROWS, {"event_id": event.id})]


def _times(event_start: datetime, offset: int, minutes: int) -> str:
    """Write a shift's local time, "14:00–15:00" (the same in Dutch and English)."""
    begin = local(event_start + timedelta(minutes=offset))
    end = local(event_start + timedelta(minutes=offset + minutes))
    return f"{begin:%H:%M}–{end:%H:%M}"


def shift_start(event: Event, shift: Shift) -> datetime:
    """Return when a shift starts: its offset from the start of the event."""
    return event.start_at + timedelta(minutes=shift.offset_minutes)


def shift_end(event: Event, shift: Shift) -> datetime:
    """Return when a shift ends."""
    return shift_start(event, shift) + timedelta(minutes=shift.minutes)


def shift_times(event: Event, shifts: list[Shift]) -> dict[int, str]:
    """Return each shift's time, "14:00–15:00" (the same in Dutch and English), by shift id: a page of 50 shifts
    writes them here, not with four template calls a shift."""
    return {shift.id: _times(event.start_at, shift.offset_minutes, shift.minutes) for shift in shifts}


def shift_labels() -> dict[str, str]:
    """Return the names of the kinds of shift in the reader's language (translated once a page, not once a shift)."""
    return {kind: str(label) for kind, label in SHIFT_LABELS.items()}


def _seen_name(viewer: Viewer) -> ColumnElement:
    """The event's name where `viewer` may see the event, else NULL: a members-only event's shift names nothing of
    it to outsiders."""
    return case((event_visible(viewer), Event.title), else_=null())


def _shift_titles_statement(viewer: Viewer) -> Select:
    return select(Shift.task_id, Shift.kind, _seen_name(viewer)).join(Event, Event.id == Shift.event_id).where(
        Shift.task_id.in_(bindparam("ids", expanding=True)))


def _shift_descriptions_statement(viewer: Viewer) -> Select:
    return select(Shift.task_id, Event.start_at, Shift.offset_minutes, Shift.minutes, _seen_name(viewer)).join(
        Event, Event.id == Shift.event_id).where(Shift.task_id.in_(bindparam("ids", expanding=True)))


def shift_task_titles(task_ids: list[int], viewer: Viewer) -> dict[int, str]:
    """Return the title of each shift's task among `task_ids` as `viewer` reads it ("Buurtbarbecue: Setting up"):
    the event's name now and the shift's kind, in the reader's language; only the kind ("Setting up") when the
    viewer may not see the event. One query, its statement built once per role (`run_visible`)."""
    labels = shift_labels()
    joined = _("%(event)s: %(shift)s")  # translated once a list: the order and the mark between are the language's
    rows = initiatives.run_visible("events.shift_titles", viewer, (), _shift_titles_statement,
                                   {"ids": list(task_ids)})
    return {task_id: joined % {"event": title, "shift": labels.get(kind, kind)} if title is not None
            else labels.get(kind, kind) for task_id, kind, title in rows}


def _shift_timed_statement(viewer: Viewer) -> Select:
    return select(Shift.task_id, Shift.kind, _seen_name(viewer), Event.start_at, Shift.offset_minutes,
                  Shift.minutes).join(Event, Event.id == Shift.event_id).where(
        Shift.task_id.in_(bindparam("ids", expanding=True)))


def shift_time_text(start: datetime, minutes: int) -> str:
    """Write when a shift is, "za 5 dec 14:00–17:00": the day in the reader's language, the times in
    Europe/Amsterdam."""
    return f"{format_date(start, 'EEE d MMM')} {local(start):%H:%M}–{local(start + timedelta(minutes=minutes)):%H:%M}"


def shift_task_titles_and_times(task_ids: list[int], viewer: Viewer) -> dict[int, tuple[str, str]]:
    """Return each shift's task's title (as `shift_task_titles`) and time ("za 5 dec 14:00–17:00"), for lists that
    show a shift's time instead of a due date. The same one query as the titles, built once per role."""
    rows = initiatives.run_visible("events.shift_timed", viewer, (), _shift_timed_statement,
                                   {"ids": list(task_ids)}).all()
    if not rows:
        return {}  # most lists hold no shift (a thank-you's task, a board of plain jobs): no words to translate
    labels = shift_labels()
    joined = _("%(event)s: %(shift)s")
    return {task_id: (joined % {"event": title, "shift": labels.get(kind, kind)} if title is not None
                      else labels.get(kind, kind), shift_time_text(start_at + timedelta(minutes=offset), minutes))
            for task_id, kind, title, start_at, offset, minutes in rows}


def overlapping_shift_tasks(task_id: int, user: User) -> list[int]:
    """Return the tasks of the shifts `user` is on (unfinished) whose time overlaps the shift whose task is
    `task_id`, soonest first; [] when that task is no shift. One query: this shift and the person's, compared here
    (adding minutes to a moment is written differently by every database)."""
    rows = db.session.execute(select(Shift.task_id, Event.start_at, Shift.offset_minutes, Shift.minutes).join(
        Event, Event.id == Shift.event_id).where(or_(Shift.task_id == task_id,
                                                     Shift.task_id.in_(boards.open_task_ids_of(user.id))))).all()
    spans = {found: (start_at + timedelta(minutes=offset), start_at + timedelta(minutes=offset + minutes))
             for found, start_at, offset, minutes in rows}
    this = spans.pop(task_id, None)
    if this is None:
        return []
    return sorted((found for found, (begin, end) in spans.items() if begin < this[1] and this[0] < end),
                  key=lambda found: spans[found][0])


def _shift_description(event_title: str | None, start: datetime, minutes: int) -> str:
    """Say for which event and when a shift is ("For Buurtborrel, 12-06-2026 14:00–15:00."), in the language of the
    moment; only when ("12-06-2026 14:00–15:00.") without the event's name."""
    times = {"start": local(start).strftime("%d-%m-%Y %H:%M"),
             "end": local(start + timedelta(minutes=minutes)).strftime("%H:%M")}
    if event_title is None:
        return "{start}–{end}.".format(**times)
    return _("For %(event)s, %(start)s–%(end)s.", event=event_title, **times)


def shift_task_descriptions(task_ids: list[int], viewer: Viewer) -> dict[int, str]:
    """Return the description of each shift's task among `task_ids` as `viewer` reads it (`_shift_description`),
    for a task's own page, slip or poster. One query, its statement built once per role."""
    rows = initiatives.run_visible("events.shift_descriptions", viewer, (), _shift_descriptions_statement,
                                   {"ids": list(task_ids)})
    return {task_id: _shift_description(title, start_at + timedelta(minutes=offset), minutes)
            for task_id, start_at, offset, minutes, title in rows}


def shift_by_task(event: Event, task_id: int) -> Shift | None:
    """Return the shift of `event` whose task (on the organising initiative's board) is `task_id`, or None."""
    return db.session.scalar(select(Shift).where(Shift.event_id == event.id, Shift.task_id == task_id).limit(1))


def walkin_on_shift(event: Event, shift: Shift, name: str, phone: str | None, recorded_by: User) -> int:
    """Write a resident without an account (a name, a phone or not) down for `shift` of `event`, at the desk of
    the buurthuis, as the boards do for any task; return the claim's id (for their slip). Raise ClaimRefused:
    "full" when the shift has no place left, "done" when it is over or the event is not in the agenda, "stopped"
    when the organising initiative has stopped."""
    if event.status != "published" or shift.task_id is None:
        raise ClaimRefused("done")
    return boards.claim(shift.task_id, None, walkin_name=name, recorded_by=recorded_by, walkin_phone=phone or None)


def place_text(event: Event) -> str:
    """Return where an event is, in words (a room with its building, or the address)."""
    if event.room_id:
        room = venues.room_infos({event.room_id}).get(event.room_id)
        return room.label if room else ""
    return event.address


def update_event(event_id: int, data: EventData, user: User) -> tuple[Event, bool, str | None]:
    """Change an event; moving it moves its booking and its shifts in the same transaction and tells the people
    on its shifts. Returns (event, moved, the name of a photo it no longer uses). Raise RoomTaken when the room is
    not free then: nothing changes."""
    with write_transaction(db.session):
        event = db.session.get(Event, event_id)
        assert event is not None  # noqa: S101 - the view loaded it in this request
        moved = (event.start_at, event.end_at) != (data.start_at, data.end_at)
        renamed = data.title.strip() != event.title
        needed = room_span(data.start_at, data.end_at, shifts_of(event.id))  # the shifts move with the event
        if data.room_id != event.room_id:
            if event.booking_id:
                venues.cancel_in_transaction(event.booking_id, user)
            event.booking_id = None
            if data.room_id:
                event.booking_id = venues.book_in_transaction(data.room_id, user, data.title, *needed,
                                                              _title_public(data.public, event.initiative_id))
        elif event.booking_id and (moved or data.title != event.title):
            venues.move_in_transaction(event.booking_id, *needed, data.title)
        if data.public != event.public:  # who may come changed: the room's title, the shifts and the thanks follow
            _keep_for_members(event, not data.public)
        event.title, event.description = data.title.strip(), data.description
        event.start_at, event.end_at, event.room_id = data.start_at, data.end_at, data.room_id
        event.address = "" if data.room_id else data.address.strip()
        event.public, event.capacity, event.repeats = data.public, data.capacity, data.repeats
        old_photo = event.photo if (data.photo or data.remove_photo) else None
        if data.photo:
            event.photo, event.photo_width, event.photo_height = data.photo
        elif data.remove_photo:
            event.photo = event.photo_width = event.photo_height = None
        shifts = shifts_of(event.id)
        if event.status == "draft" and data.status == "published":
            event.status = "published"
            for shift in shifts:  # now the event is seen, its shifts may ask for hands
                if shift.task_id is None:
                    _shift_task(event, shift, user.id)
        task_ids = [shift.task_id for shift in shifts if shift.task_id]
        boards.move_tasks({shift.task_id: local(shift_start(event, shift)).date() for shift in shifts
                           if shift.task_id}, place_text(event))
        if moved or renamed:  # the shifts' tasks carry the event's name and time in their words
            boards.retitle_tasks({shift.task_id: _shift_texts(event, shift) for shift in shifts if shift.task_id})
        if moved and task_ids:
            mails.moved(event, people(boards.people_on(task_ids)))
        db.session.flush()
        rsvp.promote(event)
    return event, moved, old_photo


def cancel_event(event_id: int, user: User) -> Event:
    """Cancel an event: its booking and its shifts go, and everyone who said "I'm coming" or took a shift gets a
    mail, all in one transaction (a mail that cannot be built is stored as failed, never half a cancellation)."""
    with write_transaction(db.session):
        event = db.session.get(Event, event_id)
        assert event is not None  # noqa: S101 - the view loaded it in this request
        event.status = "cancelled"
        if event.booking_id:
            venues.cancel_in_transaction(event.booking_id, user)
        shifts = shifts_of(event.id)
        task_ids = [shift.task_id for shift in shifts if shift.task_id]
        helpers = boards.people_on(task_ids)
        boards.remove_tasks(task_ids)
        rsvps = list(db.session.scalars(select(Rsvp).where(Rsvp.event_id == event.id)))
        user_ids = list(dict.fromkeys([r.user_id for r in rsvps if r.user_id] + helpers))
        guests = [r.guest_contact for r in rsvps if r.user_id is None and r.guest_contact and "@" in r.guest_contact]
        mails.cancelled(event, people(user_ids), guests)
    return event


def _shift_texts(event: Event, shift: Shift) -> tuple[str, str]:
    """Return the title ("Buurtborrel: Opbouwen") and description of a shift's task, from the event as it is now."""
    # Pages, sheets, screens and mails never show these stored words: they ask shift_task_titles and
    # shift_task_descriptions (through the registry; boards/titles.py), which name the event as it is now, in the
    # reader's language, and only to those who may see it (the thank-you for a shift done asks the same, through
    # registry.thanks_subject). The copy stays, in the neighbourhood's language and renewed on every rename or move,
    # for where the board reads its own columns: the coordinators' task form, and a task whose shift is gone. No list
    # sorts or searches by it. They are the words a Dutch reader is shown.
    with force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE", "nl")):
        title = _("%(event)s: %(shift)s", event=event.title, shift=str(SHIFT_LABELS[shift.kind]))
        description = _shift_description(event.title, shift_start(event, shift), shift.minutes)
    return title, description


def _shift_task(event: Event, shift: Shift, user_id: int | None) -> None:
    """Put a shift on the organising initiative's board as a task, at its time and place, seen by whoever may see
    the event (a members-only event's: by the initiative's members); the caller commits."""
    title, description = _shift_texts(event, shift)
    shift.task_id = boards.add_task(event.initiative_id, title, shift.minutes, shift.places,
                                    local(shift_start(event, shift)).date(), place_text(event), description, user_id,
                                    members_only=not event.public)


def _keep_for_members(event: Event, members_only: bool) -> None:
    """An event became members-only, or open to everyone who may see its initiative: its room booking's title, its
    shifts' tasks and the thank-yous made of it follow, in the caller's transaction (the one that changes it)."""
    if event.booking_id:
        venues.set_public_in_transaction([event.booking_id], _title_public(not members_only, event.initiative_id))
    boards.keep_for_members([shift.task_id for shift in shifts_of(event.id) if shift.task_id], members_only)
    members_only_changed.send(None, kind="event", ids=[event.id], members_only=members_only)


def room_span(start_at: datetime, end_at: datetime, shifts: Sequence[Shift]) -> tuple[datetime, datetime]:
    """Return from when to when an event needs its room: the event itself and its shifts before and after it
    (setting up at five, cleaning up after ten), so nobody else books the room while the helpers are at work."""
    begin = min([start_at, *(start_at + timedelta(minutes=shift.offset_minutes) for shift in shifts)])
    finish = max([end_at, *(start_at + timedelta(minutes=shift.offset_minutes + shift.minutes) for shift in shifts)])
    return begin, finish


def add_shift(event: Event, kind: str, offset_minutes: int, minutes: int, places: int, user: User) -> Shift:
    """Add a shift at its time relative to the event (committed). A published event's shift is a task on the
    organising initiative's board at once; a draft's waits for the event to be published. A shift before or after
    the event stretches the event's room booking to cover it; raise RoomTaken when the room is not free then: nothing
    is saved."""
    with write_transaction(db.session):
        shift = Shift(event_id=event.id, kind=kind, offset_minutes=offset_minutes, minutes=minutes, places=places)
        if event.booking_id:
            shifts = shifts_of(event.id)
            needed = room_span(event.start_at, event.end_at, [*shifts, shift])
            if needed != room_span(event.start_at, event.end_at, shifts):
                venues.move_in_transaction(event.booking_id, *needed)
        if event.status == "published":
            _shift_task(event, shift, user.id)
        db.session.add(shift)
        db.session.flush()
    return shift


def mark_took_place(event_id: int, people_came: int | None) -> list[str]:
    """Say an event took place (and how many came); the applause thanks the people on its shifts, saying how many
    came. The thanks are seen by whoever may see the event (a members-only event's by the initiative's members, also
    when it opens up later: `_keep_for_members`). Returns the links to that thanks. One transaction."""
    with write_transaction(db.session):
        event = db.session.get(Event, event_id)
        assert event is not None  # noqa: S101
        event.status, event.people_came = "took_place", people_came
        task_ids = [shift.task_id for shift in shifts_of(event.id) if shift.task_id]
        boards.close_tasks(task_ids)  # the shifts are over: the event's thanks below covers the people on them
        answers = event_took_place.send(None, event_id=event.id, initiative_id=event.initiative_id,
                                        helper_ids=boards.people_on(task_ids),
                                        walkin_count=boards.walkins_on(task_ids), people_came=people_came,
                                        members_only=not event.public)
    return [link for _listener, link in answers if isinstance(link, str)]


def people(user_ids: list[int]) -> list[User]:
    """Return the accounts with these ids (one query)."""
    if not user_ids:
        return []
    return list(db.session.scalars(select(User).where(User.id.in_(user_ids)).order_by(User.id)))


def export_person(user: User) -> list[dict]:
    """Return the events a person said they would come to, for "download my data"."""
    rows = db.session.execute(select(Event.title, Event.start_at, Rsvp.people, Rsvp.children, Rsvp.status).join(
        Rsvp, Rsvp.event_id == Event.id).where(Rsvp.user_id == user.id).order_by(Event.start_at))
    return [{"event": title, "start": start.isoformat(), "people": adults, "children": children, "status": status}
            for title, start, adults, children, status in rows]


def forget_person(user: User) -> None:
    """When an account is deleted its RSVPs go (with the account); the places free up for the waiting list."""
    for row in db.session.scalars(select(Rsvp).where(Rsvp.user_id == user.id)):
        rsvp.release(row)


def day_of(moment: datetime) -> date:
    return local(moment).date()



# --- what the network of initiatives asks of events ----------------------------------------------------------------

def _titles_statement(viewer: Viewer) -> Select:
    return select(Event.id, Event.title).where(Event.id.in_(bindparam("ids", expanding=True)), event_visible(viewer))


def event_titles(event_ids: set[int], user: Viewer) -> dict[int, str]:
    """Return {event id: title} of these events that `user` may see (one query, its statement built once per role:
    lists of thank-yous ask it)."""
    if not event_ids:
        return {}
    rows = initiatives.run_visible("events.titles", user, (), _titles_statement, {"ids": list(event_ids)})
    return {row.id: row.title for row in rows}


def shareable_events(initiative_id: int, limit: int = 30) -> list[tuple[int, str]]:
    """Return (id, title) of an initiative's published events still to come: what it may invite others to."""
    rows = db.session.execute(select(Event.id, Event.title).where(
        Event.initiative_id == initiative_id, Event.status == "published", Event.end_at > utcnow())
        .order_by(Event.start_at, Event.id).limit(limit))
    return [(row.id, row.title) for row in rows]


# Built once; per initiative one step down ix_events_initiative_created and ix_events_initiative_start: grouping
# every event grew with the data.
_LAST_EVENT_ACTIVITY = select(
    Initiative.id,
    select(func.max(Event.created_at)).where(Event.initiative_id == Initiative.id).scalar_subquery(),
    select(func.max(Event.start_at)).where(Event.initiative_id == Initiative.id,
                                           Event.start_at <= bindparam("now")).scalar_subquery(),
).where(Initiative.id.in_(bindparam("ids", expanding=True)))


def last_event_activity(initiative_ids: list[int]) -> dict[int, datetime]:
    """Return the newest moment each initiative planned an event or held one (one query)."""
    if not initiative_ids:
        return {}
    rows = db.session.execute(_LAST_EVENT_ACTIVITY, {"ids": list(initiative_ids), "now": utcnow()})
    return {initiative_id: max(moment for moment in (made, last_held) if moment is not None)
            for initiative_id, made, last_held in rows if made is not None or last_held is not None}


def booking_ids_between(first: date, days: int = 7) -> list[int]:
    """Return the room bookings of every event that starts in the `days` from `first`, whoever may see the event:
    the agenda shows those events itself, or keeps them for their members (one query)."""
    start = to_utc(datetime.combine(first, datetime.min.time()))
    end = to_utc(datetime.combine(first + timedelta(days=days), datetime.min.time()))
    return list(db.session.scalars(_BOOKINGS_BETWEEN, {"since": start - MAX_LENGTH, "end": end}))


_BOOKINGS_BETWEEN = select(Event.booking_id).where(Event.booking_id.is_not(None), Event.start_at >= bindparam("since"),
                                                   Event.start_at < bindparam("end"))


def counts_between(initiative_ids: list[int], first: date, last: date) -> dict[int, int]:
    """Return how many events (published or held, not drafts or cancelled) each initiative has from `first` to
    `last` (local days, both included), in one grouped query: for the budget's "a plan with an event" rule. Only
    events as open as their initiative count: a members-only event of a public initiative is not counted where
    anyone reads the number (it counts for an initiative that is for members only as a whole)."""
    if not initiative_ids:
        return {}
    start = to_utc(datetime.combine(first, datetime.min.time()))
    end = to_utc(datetime.combine(last + timedelta(days=1), datetime.min.time()))
    rows = db.session.execute(select(Event.initiative_id, func.count()).where(
        Event.initiative_id.in_(initiative_ids), Event.status.in_(("published", "took_place")),
        Event.start_at >= start, Event.start_at < end,
        or_(Event.public.is_(True), not_(initiatives.linked_visible(None, Event.initiative_id))))
        .group_by(Event.initiative_id))
    return {row[0]: row[1] for row in rows}
