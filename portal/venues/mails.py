"""Mail about bookings: requested, approved, declined, cancelled.

Every mail names the room, the venue and its address, and the date and time in Europe/Amsterdam, in the
language of the person it goes to, and carries the booking as a calendar file: tentative while it waits,
confirmed once approved, and a cancellation (the same UID) when it is declined or cancelled, so a calendar that
took the first one removes it. Mails are queued in the transaction that changes the booking.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from babel.dates import format_datetime, format_time
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from icalendar import Calendar, Event

from portal.accounts.models import User
from portal.core.urls import public_url_for
from portal.db import utcnow
from portal.extensions import db
from portal.mail import Attachment, queue_mail
from portal.mail.outbox import one_line
from portal.venues.models import Booking, BookingMessage, Room, Venue


def when(booking: Booking, language: str) -> str:
    """Say the date and time of a booking in `language`: "dinsdag 8 december 2026, 13:00–16:00"."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    start = format_datetime(booking.start_at, "EEEE d MMMM y, HH:mm", tzinfo=zone, locale=language)
    return f"{start}–{format_time(booking.end_at, 'HH:mm', tzinfo=zone, locale=language)}"


def _place(booking: Booking) -> tuple[Room, Venue]:
    room = db.session.get(Room, booking.room_id)
    return room, db.session.get(Venue, room.venue_id)


def details(bookings: list[Booking], language: str) -> str:
    """Return the lines that say what, where and when, in the recipient's language (already forced)."""
    room, venue = _place(bookings[0])
    where = f"{venue.name}, {venue.address}" if venue.address else venue.name
    lines = [_("What: %(title)s", title=bookings[0].title), _("Room: %(room)s", room=room.name),
             _("Where: %(place)s", place=where)]
    lines += [_("When: %(when)s", when=when(booking, language)) for booking in bookings]
    return "\n".join(lines)


# The calendar's word for each state of a booking, and whether the file adds or removes it.
_STATES = {"requested": ("TENTATIVE", "PUBLISH", 0), "approved": ("CONFIRMED", "PUBLISH", 1),
           "cancelled": ("CANCELLED", "CANCEL", 2)}


def ics(bookings: list[Booking], state: str = "approved") -> Attachment:
    """Return the bookings (one, or the dates of a series) as an iCalendar file in `state` ("requested",
    "approved", "cancelled"); one UID per booking, so each later file updates or removes what the first added."""
    room, venue = _place(bookings[0])
    status, method, sequence = _STATES[state]
    calendar = Calendar()
    calendar.add("prodid", "-//Buurtbouw//venues//NL")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    host = current_app.config["PUBLIC_URL"].split("//", 1)[-1].split("/", 1)[0] or "buurtbouw"
    for booking in bookings:
        event = Event()
        event.add("uid", f"booking-{booking.id}@{host}")
        event.add("dtstamp", utcnow())
        event.add("sequence", sequence)
        event.add("status", status)
        event.add("dtstart", booking.start_at)
        event.add("dtend", booking.end_at)
        event.add("summary", one_line(booking.title))
        event.add("location", ", ".join(part for part in (room.name, venue.name, venue.address) if part))
        calendar.add_component(event)
    return Attachment("booking.ics", calendar.to_ical().decode(), subtype="calendar", params=(("method", method),))


def _requester(booking: Booking) -> User | None:
    return db.session.get(User, booking.requester_id) if booking.requester_id else None


def _queue(key: str, user: User, subject, intro, bookings: list[Booking], attachments=()) -> None:
    with force_locale(user.language):
        body = "\n\n".join((_("Hello %(name)s,", name=user.name), intro(), details(bookings, user.language),
                            _("Your bookings: %(link)s", link=public_url_for("venues.my_bookings"))))
        queue_mail(key, user.email, subject(), body, attachments)


def requested(bookings: list[Booking]) -> None:
    """Tell the requester their request arrived and waits for an answer."""
    user = _requester(bookings[0])
    if user is not None:
        _queue(f"booking-requested:{bookings[0].id}", user,
               lambda: _("We got your request: %(title)s", title=bookings[0].title),
               lambda: _("The buurthuis will answer your request soon. You get an e-mail then."), bookings,
               [ics(bookings, "requested")])


def approved(booking: Booking) -> None:
    """Tell the requester their booking is approved, with the booking as a calendar file."""
    user = _requester(booking)
    if user is not None:
        _queue(f"booking-approved:{booking.id}", user,
               lambda: _("Your booking is approved: %(title)s", title=booking.title),
               lambda: _("Good news: your booking is approved. The calendar file puts it in your agenda."),
               [booking], [ics([booking])])


def declined(booking: Booking) -> None:
    """Tell the requester why their request cannot go ahead."""
    user = _requester(booking)
    if user is not None:
        _queue(f"booking-declined:{booking.id}", user,
               lambda: _("Your booking request: %(title)s", title=booking.title),
               lambda: _("Sorry, your request cannot go ahead: %(reason)s", reason=booking.decline_reason), [booking],
               [ics([booking], "cancelled")])


def cancelled(bookings: list[Booking], by) -> None:
    """Tell the requester that someone else cancelled their booking."""
    user = _requester(bookings[0])
    if user is not None and user.id != getattr(by, "id", None):
        _queue(f"booking-cancelled:{bookings[0].id}", user,
               lambda: _("Your booking is cancelled: %(title)s", title=bookings[0].title),
               lambda: _("The buurthuis cancelled your booking. Ask the buurthuis if you want to know why."),
               bookings, [ics(bookings, "cancelled")])


def _thread_link(booking: Booking) -> str:
    return public_url_for("venues.show_booking", booking_id=booking.id, _anchor=f"thread-{booking.id}")


def message_to_requester(booking: Booking, message: BookingMessage) -> None:
    """Mail the requester what the buurthuis wrote about their request, with a link to answer."""
    user = _requester(booking)
    if user is None:
        return
    with force_locale(user.language):
        body = "\n\n".join((_("Hello %(name)s,", name=user.name),
                            _("The buurthuis has a question about your request:"), quoted(message.text),
                            details([booking], user.language),
                            _("Read and answer it here: %(link)s", link=_thread_link(booking))))
        queue_mail(f"booking-message:{message.id}", user.email,
                   _("A question about your request: %(title)s", title=booking.title), body)


def answer_to_staff(booking: Booking, message: BookingMessage, staff: User) -> None:
    """Mail the staff member who asked last what the requester answered."""
    requester = _requester(booking)
    with force_locale(staff.language):
        body = "\n\n".join((_("Hello %(name)s,", name=staff.name),
                            _("%(name)s answered about the request:", name=requester.name if requester
                              else _("a neighbour")), quoted(message.text), details([booking], staff.language),
                            _("Read it and approve or decline the request: %(link)s", link=_thread_link(booking))))
        queue_mail(f"booking-message:{message.id}", staff.email,
                   _("An answer about a request: %(title)s", title=booking.title), body)


def quoted(text: str) -> str:
    """Return a message as a quote in a plain-text mail: each line starts with "> "."""
    return "\n".join(f"> {line}" for line in text.splitlines())
