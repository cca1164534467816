"""Coordinators manage venues: details, rooms, opening hours and closed days."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from portal.extensions import db
from portal.forms import EmptyForm
from portal.permissions import get_or_404_for, role_required
from portal.venues import bp, services
from portal.venues.forms import ClosedDayForm, HoursForm, RoomForm, VenueForm
from portal.venues.models import ClosedDay, Room, Venue


def _manage_page(venue: Venue, status: int = 200, **forms):
    hours, closed, rooms = services.venue_setup(venue.id)
    hours_form = forms.get("hours_form") or HoursForm(data={"days": [
        {"opens": hours[d].opens.strftime("%H:%M"), "closes": hours[d].closes.strftime("%H:%M")}
        if d in hours else {} for d in range(7)]})
    return render_template(
        "venues/manage.html", venue=venue, rooms=rooms, closed=closed, empty_form=EmptyForm(),
        venue_form=forms.get("venue_form") or VenueForm(obj=venue), hours_form=hours_form,
        closed_form=forms.get("closed_form") or ClosedDayForm(), room_form=forms.get("room_form") or RoomForm(),
    ), status


@bp.route("/venues/new", methods=["GET", "POST"])
@role_required("coordinator")
def create_venue():
    """Add a venue."""
    form = VenueForm()
    if form.validate_on_submit():
        if services.venue_name_taken(form.name.data):
            form.name.errors = [_("There is a venue with this name already.")]
        else:
            venue = Venue()
            form.populate_obj(venue)
            db.session.add(venue)
            db.session.commit()
            flash(_("Venue added. Now add its rooms and opening hours."), "ok")
            return redirect(url_for("venues.manage_venue", venue_id=venue.id), 303)
    return render_template("venues/new_venue.html", form=form), 422 if form.errors else 200


@bp.route("/venues/<int:venue_id>/manage", methods=["GET", "POST"])
@role_required("coordinator")
def manage_venue(venue_id: int):
    """Change a venue's details; the same page manages rooms, hours and closed days."""
    venue = get_or_404_for(Venue, venue_id, "can_manage")
    form = VenueForm(obj=venue)
    if form.is_submitted():
        if form.validate():
            if not services.venue_name_taken(form.name.data, other_than=venue.id):
                form.populate_obj(venue)
                db.session.commit()
                flash(_("Saved."), "ok")
                return redirect(url_for("venues.manage_venue", venue_id=venue.id), 303)
            form.name.errors = [_("There is a venue with this name already.")]
        return _manage_page(venue, 422, venue_form=form)
    return _manage_page(venue)


@bp.post("/venues/<int:venue_id>/hours")
@role_required("coordinator")
def set_hours(venue_id: int):
    """Set the opening hours per weekday; an empty day is closed."""
    venue = get_or_404_for(Venue, venue_id, "can_manage")
    form = HoursForm()
    if not form.validate():
        return _manage_page(venue, 422, hours_form=form)
    services.set_opening_hours(venue.id, form.parsed)
    db.session.commit()
    flash(_("Opening hours saved."), "ok")
    return redirect(url_for("venues.manage_venue", venue_id=venue.id), 303)


@bp.post("/venues/<int:venue_id>/closed")
@role_required("coordinator")
def add_closed_day(venue_id: int):
    """Close the venue on a date (a holiday, a renovation)."""
    venue = get_or_404_for(Venue, venue_id, "can_manage")
    form = ClosedDayForm()
    if not form.validate():
        return _manage_page(venue, 422, closed_form=form)
    services.close_on(venue.id, form.parsed_day, form.reason.data or "")
    db.session.commit()
    flash(_("Closed day saved."), "ok")
    return redirect(url_for("venues.manage_venue", venue_id=venue.id), 303)


@bp.post("/closed-days/<int:closed_id>/delete")
@role_required("coordinator")
def delete_closed_day(closed_id: int):
    """Open the venue again on a date that was closed."""
    closed = get_or_404_for(ClosedDay, closed_id)
    db.session.delete(closed)
    db.session.commit()
    flash(_("The venue is open again on that day."), "ok")
    return redirect(url_for("venues.manage_venue", venue_id=closed.venue_id), 303)


@bp.post("/venues/<int:venue_id>/rooms")
@role_required("coordinator")
def create_room(venue_id: int):
    """Add a room to a venue."""
    venue = get_or_404_for(Venue, venue_id, "can_manage")
    form = RoomForm()
    if not form.validate():
        return _manage_page(venue, 422, room_form=form)
    if services.room_name_taken(venue.id, form.name.data):
        form.name.errors = [_("This venue has a room with this name already.")]
        return _manage_page(venue, 422, room_form=form)
    room = Room(venue_id=venue.id)
    form.populate_obj(room)
    db.session.add(room)
    db.session.commit()
    flash(_("Room added."), "ok")
    return redirect(url_for("venues.manage_venue", venue_id=venue.id), 303)


@bp.route("/rooms/<int:room_id>/edit", methods=["GET", "POST"])
@role_required("coordinator")
def edit_room(room_id: int):
    """Change a room's name, size, accessibility and amenities."""
    room = get_or_404_for(Room, room_id)
    form = RoomForm(obj=room)
    if form.validate_on_submit():
        if services.room_name_taken(room.venue_id, form.name.data, other_than=room.id):
            form.name.errors = [_("This venue has a room with this name already.")]
        else:
            form.populate_obj(room)
            db.session.commit()
            flash(_("Saved."), "ok")
            return redirect(url_for("venues.manage_venue", venue_id=room.venue_id), 303)
    return render_template("venues/edit_room.html", form=form, room=room), 422 if form.errors else 200
