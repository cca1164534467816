"""A booking's own page, and the short thread of questions and answers on a request."""

from flask import request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.accounts.services import get_user
from portal.extensions import db
from portal.htmx import action_response, render, wants_fragment
from portal.permissions import get_or_404_for
from portal.venues import bp, threads
from portal.venues.forms import MessageForm
from portal.venues.models import Booking
from portal.venues.views import describe, load_room_for
from portal.web import local_path


def load_booking_for_thread(booking_id: int) -> Booking:
    """Load a booking for its requester or the staff; 404 for anyone else, so nobody learns it exists."""
    return get_or_404_for(Booking, booking_id, visible=Booking.can_see_thread)


def _page(booking: Booking, form: MessageForm, status: int = 200):
    return render("venues/booking.html", None, status, booking=booking, room=load_room_for(booking.room_id),
                  messages=threads.thread(booking), form=form, describe=describe,
                  next_url=url_for("venues.show_booking", booking_id=booking.id))


@bp.get("/bookings/<int:booking_id>")
@login_required
def show_booking(booking_id: int):
    """Show one booking or request: when, where, its status, and the questions and answers about it."""
    return _page(load_booking_for_thread(booking_id), MessageForm(formdata=None))


@bp.post("/bookings/<int:booking_id>/messages")
@login_required
def post_booking_message(booking_id: int):
    """Write in a request's thread (the staff ask, the requester answers); the other side gets a mail."""
    booking = load_booking_for_thread(booking_id)
    anchor = f"thread-{booking.id}"
    next_url = local_path(request.form.get("next"), url_for("venues.show_booking", booking_id=booking.id))
    form = MessageForm()
    # the requests list shows each request under an h2, so its thread heading is one level lower
    level = 3 if next_url.startswith(url_for("venues.list_requests")) else 2
    context = {"booking": booking, "next_url": next_url, "heading_level": level}
    if not booking.can_write_message(current_user):
        return action_response("venues/_thread.html", f"{next_url}#{anchor}", _(
            "This request has its answer already, so no more messages can be added."), "error", anchor=anchor,
            messages=threads.thread(booking), form=None, **context)
    if not form.validate_on_submit():
        if wants_fragment():  # htmx swaps only a 200: the thread again, with the message at the field
            return render("venues/booking.html", "venues/_thread.html", messages=threads.thread(booking),
                          form=form, **context)
        return _page(booking, form, 422)
    threads.post_message(booking, current_user, form.text.data)
    db.session.commit()
    if current_user.id == booking.requester_id:
        sent = _("Sent. The buurthuis reads it with your request.")
    else:
        sent = _("Sent. %(name)s gets an e-mail.", name=get_user(booking.requester_id).name)
    return action_response("venues/_thread.html", f"{next_url}#{anchor}", sent, anchor=anchor,
                           messages=threads.thread(booking), form=MessageForm(formdata=None), **context)
