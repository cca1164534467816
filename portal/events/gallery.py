"""Photos of an event, added by residents once it has begun: stored by portal.photos' rules (real type checked,
location removed, scaled), shown only on the event's page to those who may see the event."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, bindparam, select

from portal import photos
from portal.accounts.models import User, Viewer
from portal.events.models import Event, EventPhoto
from portal.extensions import db
from portal.permissions import has_role

PAGE = 24


def can_add(event: Event, user: Viewer, now: datetime) -> bool:
    """Tell whether `user` may add a photo: anyone logged in, once the event has begun and was not cancelled."""
    return (bool(getattr(user, "is_authenticated", False)) and event.start_at <= now
            and event.status in ("published", "took_place"))


def can_remove(photo: EventPhoto, user: Viewer, organiser: bool) -> bool:
    """The person who added a photo, the event's organisers and coordinators may take it away."""
    if not getattr(user, "is_authenticated", False):
        return False
    return organiser or photo.user_id == user.id or has_role(user, "coordinator")


def add(event_id: int, user: User, stored: photos.StoredPhoto) -> EventPhoto:
    """Keep a stored photo as one of the event's (committed)."""
    photo = EventPhoto(event_id=event_id, user_id=user.id, name=stored.name, width=stored.width,
                       height=stored.height)
    db.session.add(photo)
    db.session.commit()
    return photo


_PHOTOS = select(EventPhoto).where(EventPhoto.event_id == bindparam("event_id", type_=Integer)).order_by(
    EventPhoto.id).limit(bindparam("limit", type_=Integer))  # built once: every event page asks it


def photos_of(event_id: int, limit: int = PAGE) -> list[EventPhoto]:
    """Return the event's photos, oldest first (one query along its index)."""
    return list(db.session.scalars(_PHOTOS, {"event_id": event_id, "limit": limit}))


def get(event_id: int, photo_id: int) -> EventPhoto | None:
    """Return one photo of this event, or None (a photo of another event is not found through this one)."""
    return db.session.scalar(select(EventPhoto).where(EventPhoto.id == photo_id, EventPhoto.event_id == event_id))


def remove(photo: EventPhoto) -> None:
    """Take a photo away: its row (committed), then its files."""
    name = photo.name
    db.session.delete(photo)
    db.session.commit()
    photos.delete_photo(name)


def forget_person(user: User) -> None:
    """When an account is deleted, the photos it added go too (rows in the caller's transaction, then files)."""
    for photo in db.session.scalars(select(EventPhoto).where(EventPhoto.user_id == user.id)).all():
        photos.delete_photo(photo.name)
        db.session.delete(photo)
