"""Venue pages: rooms and their week, booking, my bookings, requests, today, feeds, and management."""

from datetime import timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from portal.core import time as clock
from portal.core.registry import page_sections
from portal.extensions import db
from portal.htmx import render
from portal.i18n import format_date, format_datetime, format_time
from portal.pagecache import cacheable
from portal.params import arg_date, date_window
from portal.permissions import get_or_404_for, has_role, role_required
from portal.venues import bp, calendar, services, threads
from portal.venues.forms import BookingForm, DeclineForm, MessageForm, parse_local_datetime
from portal.venues.models import Booking, Room, Venue
from portal.web import local_path


def load_room_for(room_id: int, permission: str | None = None) -> Room:
    """Load a room with its venue and hours: 404 when missing, 403 when `permission` says no."""
    return get_or_404_for(Room, room_id, permission, load=services.load_room)


def describe(intervals) -> str:
    """Say when the given intervals are, in the reader's language: "di 3 dec. 14:00–16:00, ..."."""
    return ", ".join(f"{format_datetime(start, 'EEE d MMM HH:mm')}–{format_time(end)}" for start, end in intervals)


@bp.get("/venues")
@cacheable
def list_venues():
    """Show the venues and their rooms."""
    return render_template("venues/venues.html", venues=services.venues_with_rooms())


@bp.get("/rooms/<int:room_id>")
@cacheable
def show_room(room_id: int):
    """Show a room's week: free and taken hours, moving week by week; a phone shows one day at a time."""
    room = load_room_for(room_id)
    today = clock.today()
    window = date_window(today)
    day = arg_date("day", *window)
    start = services.week_start(day or arg_date("week", *window) or today)
    selected = day or (today if start <= today < start + timedelta(days=7) else start)
    return render("venues/room.html", "venues/_week.html", room=room, start=start, days=services.week(room, start),
                  prev_week=start - timedelta(days=7), next_week=start + timedelta(days=7), selected=selected,
                  today=today)


@bp.get("/buurthuis/week")
@cacheable
def week_agenda():
    """Show what is on in all rooms in the coming seven days: public titles, "taken" for private bookings."""
    today = clock.today()
    return render_template("venues/agenda.html", days=services.agenda(today), today=today,
                           sections=page_sections("agenda"))


@bp.route("/rooms/<int:room_id>/book", methods=["GET", "POST"])
@login_required
def create_booking(room_id: int):
    """Book a room (librarians and coordinators), or ask for it (residents); weekly series too."""
    room = load_room_for(room_id, "can_book")
    form = BookingForm(data={"start": request.args.get("start", ""), "end": request.args.get("end", "")}
                       if request.method == "GET" else None)
    form.capacity = room.capacity
    form.set_limits(services.request_limits(room, current_user))
    conflicts = []
    picked_end = request.form.get("pick_end", "")[:16] if request.method == "POST" else ""
    if picked_end:  # a length button: the same form again with that end, everything typed kept, nothing booked
        form.end.data = picked_end
    elif form.validate_on_submit():
        override = form.override_hours.data and has_role(current_user, "coordinator")
        plan = services.plan_booking(room, form.start_at, form.end_at, form.until, override)
        conflicts, free = plan.conflicts, plan.free
        if conflicts and len(plan.intervals) == 1:
            explain_single(form, room, conflicts[0][2])
            conflicts = []
        elif free and (not conflicts or form.book_rest.data):
            try:
                bookings = services.create_bookings(
                    room, current_user, form.title.data, free, form.note.data,
                    *(form.walkin_name.data, form.walkin_contact.data) if room.books_directly(current_user)
                    else (None, None), override=override, description=form.description.data,
                    attendees=form.attendees.data, public=form.visibility.data == "public")
            except services.Collision as collision:
                form.start.errors = [_("Just taken by someone else: %(when)s. Pick another time.",
                                       when=describe(collision.intervals))]
            except services.TooManyRequests as refused:
                field = form.repeat_weekly_until if form.until else form.start
                field.errors = [_("You have %(waiting)s date(s) waiting for an answer; at most %(limit)s can wait "
                                  "at the same time. Ask for fewer dates, or wait for the answer.",
                                  waiting=refused.waiting, limit=refused.limit)]
            else:
                db.session.commit()
                if bookings[0].status == "approved":
                    flash(ngettext("Booked: %(num)s date in %(room)s.", "Booked: %(num)s dates in %(room)s.",
                                   len(bookings), room=room.name), "ok")
                else:
                    flash(_("Your request is sent. You get an e-mail when the buurthuis has answered."), "ok")
                if bookings[0].walkin_name:  # the walk-in resident takes the slip home
                    return redirect(url_for("venues.booking_slip", booking_id=bookings[0].id), 303)
                return redirect(url_for("venues.my_bookings"), 303)
        elif not free:
            form.start.errors = [_("No date is free. Choose another time.")]
    lengths = services.lengths(room, parse_local_datetime(form.start.data or "")) \
        if request.method == "GET" or picked_end else []
    return render_template("venues/book.html", form=form, room=room, conflicts=conflicts, describe=describe,
                           lengths=lengths), 422 if form.errors or conflicts else 200


def explain_single(form: BookingForm, room: Room, reason: str) -> None:
    """Say at the field why one date cannot be booked: taken, closed that day, or when the building opens or closes."""
    day = format_date(form.start_at, "EEEE d MMMM")
    opening = services.opening_on(room, clock.local(form.start_at).date())
    if reason == "taken":
        form.start.errors = [_("This time is taken: %(when)s. Choose another time.",
                               when=describe([(form.start_at, form.end_at)]))]
    elif reason == "closed" or opening is None:
        form.start.errors = [_("The buurthuis is closed on %(day)s. Choose another day.", day=day)]
    elif clock.local(form.start_at).time() < opening.opens:
        form.start.errors = [_("The buurthuis opens at %(time)s on %(day)s. Choose a later start.",
                               time=opening.opens.strftime("%H:%M"), day=day)]
    else:
        form.end.errors = [_("The buurthuis closes at %(time)s on %(day)s. Choose an earlier end.",
                             time=opening.closes.strftime("%H:%M"), day=day)]


@bp.get("/bookings/mine")
@login_required
def my_bookings():
    """Show my bookings and requests with their status."""
    bookings = services.my_bookings(current_user)
    return render_template("venues/mine.html", bookings=bookings,
                           message_counts=threads.message_counts([booking.id for booking in bookings]))


@bp.route("/bookings/<int:booking_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel_booking(booking_id: int):
    """Ask first, then cancel one booking (a single date of a series too); the time is free at once. Who may not
    cancel it gets a 404, as for a booking that does not exist: a 403 would tell a private booking is there."""
    booking = get_or_404_for(Booking, booking_id, visible=lambda found, user: found.can_cancel(user))
    if request.method == "GET":
        return render_template("venues/confirm_cancel.html", booking=booking, dates=[booking], series=False,
                               room=load_room_for(booking.room_id), describe=describe)
    services.cancel([booking], current_user)
    db.session.commit()
    flash(_("Cancelled. The time is free again."), "ok")
    return redirect(local_path(request.form.get("next"), url_for("venues.my_bookings")), 303)


@bp.route("/bookings/<int:booking_id>/cancel-series", methods=["GET", "POST"])
@login_required
def cancel_series(booking_id: int):
    """Ask first, then cancel this booking and the later dates of its series (404 for who may not: as above)."""
    booking = get_or_404_for(Booking, booking_id, visible=lambda found, user: found.can_cancel(user))
    later = [b for b in services.this_and_later(booking) if b.can_cancel(current_user)]
    if request.method == "GET":
        return render_template("venues/confirm_cancel.html", booking=booking, dates=later, series=True,
                               room=load_room_for(booking.room_id), describe=describe)
    services.cancel(later, current_user)
    db.session.commit()
    flash(ngettext("Cancelled: %(num)s date.", "Cancelled: %(num)s dates.", len(later)), "ok")
    return redirect(url_for("venues.my_bookings"), 303)


@bp.get("/bookings/requests")
@role_required("librarian", "coordinator")
def list_requests():
    """Show the requests that wait for an answer, soonest first."""
    pending = services.pending_requests()
    return render_template("venues/requests.html", pending=pending, decline_form=DeclineForm(),
                           describe=describe, overlaps=services.overlaps(pending),
                           threads=threads.threads([booking.id for booking in pending]),
                           message_form=MessageForm(formdata=None))


@bp.post("/bookings/<int:booking_id>/approve")
@role_required("librarian", "coordinator")
def approve_booking(booking_id: int):
    """Approve a request, unless the time was taken meanwhile."""
    booking = get_or_404_for(Booking, booking_id, "can_decide")
    when = describe([(booking.start_at, booking.end_at)])
    try:
        services.approve(booking, current_user)
    except services.Collision:
        flash(_("This time is taken already: %(when)s. Decline the request with a reason.", when=when), "error")
        return redirect(url_for("venues.list_requests"), 303)
    flash(_("Approved: %(title)s.", title=booking.title), "ok")
    return redirect(url_for("venues.list_requests"), 303)


@bp.post("/bookings/<int:booking_id>/decline")
@role_required("librarian", "coordinator")
def decline_booking(booking_id: int):
    """Decline a request with a reason the requester reads."""
    booking = get_or_404_for(Booking, booking_id, "can_decide")
    form = DeclineForm()
    if not form.validate_on_submit():
        flash(_("Write why you decline, so the requester understands."), "error")
        return redirect(url_for("venues.list_requests"), 303)
    services.decline(booking, current_user, form.reason.data)
    db.session.commit()
    flash(_("Declined: %(title)s.", title=booking.title), "ok")
    return redirect(url_for("venues.list_requests"), 303)


@bp.get("/bookings/<int:booking_id>/slip")
@login_required
def booking_slip(booking_id: int):
    """Show a printable slip with the booking's details and a QR code to the room, for a walk-in resident."""
    # Someone else's slip is a 404, like a missing one: the number tells nobody that a booking exists.
    booking = get_or_404_for(Booking, booking_id, visible=lambda found, user: found.can_see_slip(user))
    room = load_room_for(booking.room_id)
    return render_template("venues/slip.html", booking=booking, room=room, describe=describe)


@bp.get("/venues/today")
@cacheable
def today():
    """Show today's bookings per room: what is on in the buurthuis."""
    return render_template("venues/today.html", rooms=services.rooms_today(), day=clock.today())


@bp.get("/rooms/<int:room_id>/calendar.ics")
@cacheable(version=calendar.room_version)
def room_calendar(room_id: int):
    """Offer a room's bookings as an iCalendar feed (titles only; 3 months back, 12 ahead); 304 when unchanged."""
    room = load_room_for(room_id)
    return calendar.answer([room], f"{room.venue.name}: {room.name}")


@bp.get("/venues/<int:venue_id>/calendar.ics")
@cacheable(version=calendar.venue_version)
def venue_calendar(venue_id: int):
    """Offer the bookings of all rooms of a venue as one iCalendar feed; 304 when unchanged."""
    venue = get_or_404_for(Venue, venue_id, load=services.load_venue_with_rooms)
    return calendar.answer(venue.rooms, venue.name)


