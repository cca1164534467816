"""What carries an event beyond its page: iCalendar feeds (all public events, one initiative's), one event's
.ics ("Zet in je agenda"), the Atom feed and the A4 poster with a QR code. Feeds are read by anyone with their
address, so they hold only what a visitor who is not logged in may see, and no personal data."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from flask import Response, current_app, render_template
from icalendar.parser import escape_char, foldline

from portal.core.time import today
from portal.core.urls import id_url, public_hosts
from portal.events import bp, rsvp, services
from portal.events.views import load_event
from portal.initiatives import services as initiatives
from portal.initiatives.models import Initiative
from portal.pagecache import cacheable
from portal.permissions import get_or_404_for

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
VEVENT = "\r\n".join(["BEGIN:VEVENT", "UID:event-%s@%s", "DTSTAMP:%s", "DTSTART:%s", "DTEND:%s", "%s", "%s", "%s", "%s",
                      "STATUS:%s", "END:VEVENT"])  # an event's lines, filled in by position
FOLD_AT = 75  # a line of up to 74 ASCII characters is never folded (icalendar folds at limit - 1)


def _text(value: str) -> str:
    """Return `value` as an iCalendar TEXT value: line ends escaped, control characters gone (RFC 5545)."""
    return escape_char(CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n")))


def _fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545); most lines are shorter and ASCII, and stay as they are."""
    return line if len(line) < FOLD_AT and line.isascii() else foldline(line)


def _stamp(moment: datetime | str) -> str:
    """Write a UTC moment as "20270701T120000Z": a datetime, or SQLite's stored UTC text "2027-07-01 12:00:00..."
    (a feed reads its moments as text, see `services.feed_rows`)."""
    if isinstance(moment, str):
        return f"{moment[0:4]}{moment[5:7]}{moment[8:10]}T{moment[11:13]}{moment[14:16]}{moment[17:19]}Z"
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y%m%dT%H%M%SZ")


def calendar(events: Sequence, name: str) -> str:
    """Return an iCalendar document of `events` (titles, times, places and links; nobody's name): Event objects
    or rows of `services.feed_rows`."""
    places = services.places_for(events)
    host = next(iter(public_hosts(current_app.config)), "buurtbouw")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Buurtbouw//events//NL", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", foldline(f"X-WR-CALNAME:{_text(name)}"), "X-WR-TIMEZONE:Europe/Amsterdam"]
    # One event's address built through the URL map, the others by its pattern (the id ends it): building 500 of
    # them one by one was a fifth of the feed's time. A place is written once however many events share it.
    link = id_url("events.show_event", "event_id", public=True)
    locations: dict[str, str] = {}
    for event in events:
        where = places.where(event)
        location = locations.get(where)
        if location is None:
            location = locations[where] = _fold(f"LOCATION:{_text(where)}")
        lines.append(VEVENT % (event.id, host, _stamp(event.created_at), _stamp(event.start_at), _stamp(event.end_at),
                               _fold(f"SUMMARY:{_text(event.title)}"), location,
                               _fold(f"DESCRIPTION:{_text(event.description[:1000])}"),
                               _fold(f"URL:{link(event.id)}"),
                               "CANCELLED" if event.status == "cancelled" else "CONFIRMED"))
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


@bp.get("/agenda/calendar.ics")
@cacheable
def calendar_feed():
    """Offer every public event (a month back, a year ahead) as an iCalendar feed."""
    name = f"{current_app.config['NEIGHBOURHOOD_NAME']}: agenda"
    return Response(calendar(services.feed_rows(), name), mimetype="text/calendar")


@bp.get("/agenda/initiatives/<int:initiative_id>/calendar.ics")
@cacheable
def initiative_calendar(initiative_id: int):
    """Offer one initiative's public events as an iCalendar feed (404 for a members-only initiative)."""
    initiative = get_or_404_for(Initiative, initiative_id, load=lambda ident: initiatives.get_visible(ident, None))
    return Response(calendar(services.feed_rows(initiative.id), initiative.name), mimetype="text/calendar")


@bp.get("/agenda/<int:event_id>/event.ics")
def event_ics(event_id: int):
    """Download one event for your own calendar ("Zet in je agenda")."""
    event = load_event(event_id)
    response = Response(calendar([event], event.title), mimetype="text/calendar")
    response.headers["Content-Disposition"] = f"attachment; filename=event-{event.id}.ics"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/agenda/feed.atom")
@cacheable
def atom_feed():
    """Offer the public events as an Atom feed (escaped: the template is autoescaped like every template)."""
    events = services.feed_events(limit=50)
    xml = render_template("events/feed.atom", events=events, places=services.places_for(events))
    return Response(xml, mimetype="application/atom+xml")


@bp.get("/agenda/<int:event_id>/poster")
def poster(event_id: int):
    """Print an A4 poster of an event for the notice board, with a QR code to its page."""
    event = load_event(event_id)
    return render_template("events/poster.html", event=event, places=services.places_for([event]),
                           counts=rsvp.counts(event.id))


@bp.get("/agenda/print")
@cacheable
def print_week():
    """Print the coming week's events as an A4 sheet for the notice board, with a QR code to the agenda."""
    first = today()
    events = services.week_events(None, first)
    return render_template("events/print_week.html", events=events, places=services.places_for(events),
                           first=first, last=first + timedelta(days=6))
