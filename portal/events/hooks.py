"""What events add to other pages: the agenda in the navigation, the next three events on the home page, the
daily clean-up of guests' contact details, and a person's RSVPs in "download my data"."""

from datetime import timedelta

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.accounts import services as account_services
from portal.core.registry import (
    Fact,
    MineItem,
    PosterSource,
    SharedKind,
    SheetItem,
    SheetSection,
    Step,
    event_counter,
    first_step,
    idea_target,
    initiative_activity,
    initiative_facts,
    initiative_section,
    mine_source,
    nav_item,
    page_section,
    poster_source,
    purge_step,
    shared_kind,
    sheet_section,
    task_descriptions,
    task_overlaps,
    task_titles_and_times,
)
from portal.core.time import local, today
from portal.core.urls import id_url, public_url_for
from portal.db import utcnow
from portal.events import celebrations, gallery, repeats, rsvp, services
from portal.i18n import format_date, format_datetime
from portal.permissions import has_role
from portal.venues import services as venues

EMBED_SIZE = 20

nav_item("events.agenda", _l("Agenda"), order=18)
account_services.ACCOUNT_DELETERS.append(services.forget_person)
account_services.ACCOUNT_DELETERS.append(gallery.forget_person)
account_services.DATA_EXPORTERS["events"] = services.export_person
idea_target("talk", _l("a talk or meeting"), services.talk_from_idea, services.describe_talk, order=30)


@purge_step
def purge_guest_contacts() -> str:
    """Delete the names and contacts of guests without an account a week after their event."""
    return f"guest names and contacts deleted from {rsvp.purge_guests()} RSVP(s) of events over for a week"


@mine_source("events.agenda", _l("The whole agenda"))
def my_events(user) -> list[MineItem]:
    """Give "my tasks, bookings and events" the events I said I come to (or wait for a place at), at their start."""
    rows = services.coming_for(user)
    places = services.places_for([event for event, _status in rows])
    return [MineItem(event.start_at, "events/_mine_item.html", {"event": event, "status": status, "places": places})
            for event, status in rows]


@page_section("home", order=15)
def coming_events():
    """Show the next three events on the home page."""
    events, _cursor, places = services.agenda_listing(current_user, size=3)
    return "events/_home.html", {"events": events, "places": places}


@page_section("home", order=3)
def celebrations_coming_back():
    """Tell coordinators which repeating events come back within six weeks (last time as template), and which of
    the neighbourhood's celebrations are within eight weeks with nothing planned yet."""
    if not has_role(current_user, "coordinator"):
        return None
    found = repeats.coming_back()
    upcoming = celebrations.suggestions(today(), leave_out=tuple(event.title for event, _start in found))
    return ("events/_coming_back.html", {"found": found, "celebrations": upcoming}) if found or upcoming else None


@page_section("open-data", order=5)
def agenda_feeds():
    """Offer the agenda as a calendar and a news feed on the "use our information" page."""
    return "events/_open_data.html", {}


@page_section("embed", order=10)
def public_events_this_week():
    """Show the coming week's public events in the agenda other websites embed (public ones only, whoever looks)."""
    events, _cursor, places = services.agenda_listing(None, size=EMBED_SIZE)  # names read with the events
    week_end = utcnow() + timedelta(days=7)
    events = [event for event in events if event.start_at < week_end]
    return "events/_embed.html", {"events": events, "places": places}


@initiative_facts(order=15)
def next_event(initiative_ids: list[int], viewer) -> dict[int, Fact]:
    """Tell per initiative its next event (title, day and time), with a link to it."""
    events = services.next_events(initiative_ids, viewer)
    if not events:
        return {}
    # The words and the link once (gettext and url_for per card cost more than the rest of a fact); format_date
    # writes each day once, and "14:00" is the same in both languages (Babel's format_time was per fact).
    words = _("Next: %(title)s, %(day)s %(time)s")
    link = id_url("events.show_event", "event_id")
    return {initiative_id: Fact("event", words % {"title": event.title, "day": format_date(event.start_at, "EEE d MMM"),
                                                  "time": f"{local(event.start_at):%H:%M}"},
                                link(event.id), when=event.start_at)
            for initiative_id, event in events.items()}



@initiative_section(order=15)
def events_on_initiative_page(initiative, viewer):
    """Show the initiative's next three events, or nothing when none are planned."""
    events, _cursor, places = services.agenda_listing(viewer, initiative.id, size=3)
    if not events:
        return None
    return "events/_initiative.html", {"initiative": initiative, "events": events, "places": places}


# --- what events tell the network of initiatives ------------------------------------------------------------------

@first_step(order=20)
def events_to_come_to(viewer, max_minutes: int | None, limit: int) -> list[Step]:
    """Offer a newcomer the next events they may simply come to."""
    events, _cursor = services.agenda_page(viewer, size=limit)
    return [Step("event", event.title, url_for("events.show_event", event_id=event.id), event.initiative_id,
                 event.start_at) for event in events]


initiative_activity(services.last_event_activity)


def _describe_events(ids: set[int], viewer) -> dict[int, tuple[str, str]]:
    return {event_id: (title, url_for("events.show_event", event_id=event_id))
            for event_id, title in services.event_titles(ids, viewer).items()}


shared_kind(SharedKind("event", _l("An event"), _describe_events, services.shareable_events, order=30))


# --- paper: the week's agenda on the weekly sheet, and a poster for a public event --------------------------------

@sheet_section(order=10)
def agenda_on_paper(week_start):
    """Put the week's public events and the public room bookings (not an event's own) on the weekly sheet."""
    events = services.week_events(None, week_start, limit=10)
    # Only the rooms: the sheet names no initiatives (one query, none when no event is in a room).
    places = services.Places({}, venues.room_infos({event.room_id for event in events if event.room_id}))
    bookings = venues.public_bookings(week_start, leave_out=services.booking_ids_between(week_start), limit=10)
    rows: list[tuple] = [(event.start_at, 0, event) for event in events]
    rows += [(booking.start_at, 1, booking) for booking in bookings]
    if not rows:
        return None
    rows.sort(key=lambda row: (row[0], row[1]))  # stable as before: events before bookings at the same time

    def item(start_at, kind: int, found) -> SheetItem:  # only for the rows that fit on the sheet
        when = format_datetime(start_at, "EEE d MMM HH:mm")
        if kind == 0:
            return SheetItem(found.title, f"{when} · {places.where(found)}",
                             public_url_for("events.show_event", event_id=found.id))
        return SheetItem(found.title, f"{when} · {found.venue_name}, {found.room_name}",
                         public_url_for("venues.show_room", room_id=found.room_id))

    stamp = ",".join(str(event.id) for event in events) + "/" + ",".join(str(booking.id) for booking in bookings)
    return SheetSection("agenda", _("On this week"), tuple(item(*row) for row in rows[:8]), stamp=stamp)


@poster_source("event")
def event_poster(event_id: int) -> PosterSource | None:
    """Say what a poster of a public, published event shows; None for anything a visitor may not see."""
    event = services.get_visible(event_id, None)
    if event is None or event.status != "published":
        return None
    places = services.places_for([event])
    return PosterSource(event.title, format_datetime(event.start_at, "EEEE d MMMM, HH:mm"), places.where(event),
                        event.description, public_url_for("events.show_event", event_id=event.id))


# The budget's "a plan with at least N tasks, or an event" asks here, through the registry, how many events an
# initiative plans in the budget's period.
event_counter(services.counts_between)


# A shift's task is named, and says what it is for, as the event and the shift are now (boards/titles.py).
task_titles_and_times(services.shift_task_titles_and_times)
task_descriptions(services.shift_task_descriptions)
# Taking a shift at the same time as one you have asks first (boards' claim, through this hook).
task_overlaps(services.overlapping_shift_tasks)
