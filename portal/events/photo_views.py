"""Photos on an event's page: residents add them once the event has begun; served only to who may see it."""

from __future__ import annotations

from flask import abort, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal import photos
from portal.db import utcnow
from portal.events import bp, gallery, services
from portal.events.forms import EventPhotoForm
from portal.events.models import EventPhoto
from portal.events.views import load_event
from portal.messages import flash_at
from portal.permissions import get_or_404_for


def _private(response):
    """Never let a shared cache keep a photo: the event may be for members only."""
    response.cache_control.public = False
    response.cache_control.private = True
    return response


@bp.get("/agenda/<int:event_id>/photo.jpg")
def event_photo(event_id: int):
    """Serve an event's own photo (small), only to those who may see the event."""
    event = load_event(event_id)
    if not event.photo:
        abort(404)  # not a loader: the event has no photo
    return _private(photos.send_photo(f"{event.photo}-s"))


@bp.get("/agenda/<int:event_id>/photos/<int:photo_id>.jpg")
def gallery_photo(event_id: int, photo_id: int):
    """Serve a photo a resident added (large with ?size=large, else small), only to who may see the event."""
    event = load_event(event_id)
    photo = get_or_404_for(EventPhoto, photo_id, load=lambda ident: gallery.get(event.id, ident))
    return _private(photos.send_photo(photo.name if request.args.get("size") == "large" else f"{photo.name}-s"))


@bp.post("/agenda/<int:event_id>/photos")
@login_required
def add_photo(event_id: int):
    """Add a photo of the event (once it has begun); the message shows beside the photos."""
    event = load_event(event_id)
    if not gallery.can_add(event, current_user, utcnow()):
        abort(403)
    form = EventPhotoForm()
    message, category = _("Thank you! Your photo is on the page."), "ok"
    if not form.validate_on_submit():
        message, category = (form.photo.errors or [_("Choose a photo first.")])[0], "error"
    else:
        try:
            gallery.add(event.id, current_user, photos.store_upload(form.photo.data, current_user.id))
        except photos.PhotoError as error:
            message, category = str(error), "error"
    flash_at("photos", message, category)
    return redirect(url_for("events.show_event", event_id=event.id, _anchor="photos"), 303)


@bp.post("/agenda/<int:event_id>/photos/<int:photo_id>/remove")
@login_required
def remove_photo(event_id: int, photo_id: int):
    """Take a photo away (the person who added it, the organisers, coordinators)."""
    event = load_event(event_id)
    photo = get_or_404_for(EventPhoto, photo_id, load=lambda ident: gallery.get(event.id, ident))
    if not gallery.can_remove(photo, current_user, services.can_manage(event, current_user)):
        abort(403)
    gallery.remove(photo)
    flash_at("photos", _("The photo is removed."))
    return redirect(url_for("events.show_event", event_id=event.id, _anchor="photos"), 303)
