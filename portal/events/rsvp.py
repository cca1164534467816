""""Ik kom": RSVPs with a waiting list, never more people confirmed than the capacity.

An RSVP raises the event's `places_taken` with one conditional UPDATE (`... WHERE places_taken + n <= capacity`)
in the transaction that adds it: on PostgreSQL the UPDATE locks the event's row, so racing RSVPs queue and each
sees the count the one before it left; on SQLite the transaction starts with BEGIN IMMEDIATE. The database checks
`places_taken <= capacity` as the last word. Who does not fit waits, and moves up in order when places free up.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import Integer, Update, and_, bindparam, delete, exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from portal.accounts.models import User, Viewer
from portal.db import rows_changed, utcnow, write_transaction
from portal.events import mails
from portal.events.models import Event, Rsvp
from portal.extensions import db

GUEST_KEPT = timedelta(days=7)


class RsvpRefused(Exception):
    """An RSVP cannot be made: `reason` is "closed" (cancelled, over or not published), "already" or "too-many"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _fits(event_id: int, places: int) -> Update:
    """Return the UPDATE that takes `places` of an event, only while they fit and nobody waits before them."""
    nobody_waiting = ~exists().where(Rsvp.event_id == event_id, Rsvp.status == "waiting")
    return update(Event).where(
        Event.id == event_id, Event.status == "published", nobody_waiting,
        or_(Event.capacity.is_(None), Event.places_taken + places <= Event.capacity),
    ).values(places_taken=Event.places_taken + places)


def rsvp(event_id: int, user: User | None, people: int, children: int = 0, guest_name: str | None = None,
         guest_contact: str | None = None, recorded_by: User | None = None) -> Rsvp:
    """Say "I'm coming" for `people` (and `children`): confirmed while places are left, else on the waiting list.

    Committed. Raise RsvpRefused when the event is not open for RSVPs, or `user` answered already.
    """
    places = people + children
    try:
        with write_transaction(db.session):
            event = db.session.get(Event, event_id)
            if event is None or not event.is_open_for_rsvp(utcnow()):
                raise RsvpRefused("closed")
            if event.capacity is not None and places > event.capacity:
                raise RsvpRefused("too-many")
            if user is not None and db.session.scalar(select(exists().where(Rsvp.event_id == event_id,
                                                                            Rsvp.user_id == user.id))):
                raise RsvpRefused("already")
            if user is None and _guest_on_list(event_id, guest_name or "", guest_contact or ""):
                raise RsvpRefused("guest-already")  # a double tap, or the same guest again: one place, one link
            confirmed = rows_changed(db.session, _fits(event_id, places)) == 1
            row = Rsvp(event_id=event_id, user_id=user.id if user else None, guest_name=guest_name or None,
                       guest_contact=guest_contact or None, people=people, children=children,
                       status="confirmed" if confirmed else "waiting",
                       guest_token=secrets.token_urlsafe(16) if user is None else None,
                       recorded_by_id=recorded_by.id if recorded_by else None)
            db.session.add(row)
            db.session.flush()
    except IntegrityError as error:
        raise RsvpRefused("already") from error
    return row


def _guest_on_list(event_id: int, name: str, contact: str) -> bool:
    """Tell whether a guest with this name and contact (any case) has an RSVP for the event already."""
    return bool(db.session.scalar(select(exists().where(
        Rsvp.event_id == event_id, Rsvp.user_id.is_(None), func.lower(Rsvp.guest_name) == name.strip().lower(),
        func.lower(func.coalesce(Rsvp.guest_contact, "")) == contact.strip().lower()))))


def release(row: Rsvp) -> list[Rsvp]:
    """Take an RSVP away in the caller's transaction; confirmed places free up and the waiting list moves up."""
    event = db.session.scalar(select(Event).where(Event.id == row.event_id).with_for_update())
    db.session.execute(delete(Rsvp).where(Rsvp.id == row.id))
    if row.status == "confirmed" and event is not None:
        db.session.execute(update(Event).where(Event.id == event.id)
                           .values(places_taken=Event.places_taken - row.places))
        db.session.flush()
        db.session.refresh(event)
        return promote(event)
    return []


def promote(event: Event) -> list[Rsvp]:
    """Confirm people on the waiting list, first come first, while they fit; tell each by mail (caller commits)."""
    promoted = []
    for row in db.session.scalars(select(Rsvp).where(Rsvp.event_id == event.id, Rsvp.status == "waiting")
                                  .order_by(Rsvp.id)).all():
        moved = rows_changed(db.session, update(Event).where(
            Event.id == event.id, Event.status == "published",
            or_(Event.capacity.is_(None), Event.places_taken + row.places <= Event.capacity))
            .values(places_taken=Event.places_taken + row.places))
        if moved != 1:
            break
        row.status = "confirmed"
        promoted.append(row)
    if promoted:
        db.session.flush()
        mails.promoted(event, promoted)
    return promoted


def cancel(event_id: int, user: User | None = None, token: str | None = None) -> bool:
    """Say "I'm not coming after all" (by account, or by a guest's link); False when there was nothing to cancel."""
    with write_transaction(db.session):
        if user is not None:
            row = db.session.scalar(select(Rsvp).where(Rsvp.event_id == event_id, Rsvp.user_id == user.id))
        elif token:
            row = db.session.scalar(select(Rsvp).where(Rsvp.event_id == event_id, Rsvp.guest_token == token))
        else:
            row = None
        if row is None:
            return False
        release(row)
    return True


def mine(event_id: int, user: Viewer) -> Rsvp | None:
    """Return `user`'s RSVP for an event, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(_MINE, {"event_id": event_id, "user_id": user.id})


def by_token(event_id: int, token: str) -> Rsvp | None:
    """Return a guest's RSVP by the secret in their link, or None."""
    if not token or len(token) > 40:
        return None
    return db.session.scalar(select(Rsvp).where(Rsvp.event_id == event_id, Rsvp.guest_token == token))


def walkin_row(event_id: int, rsvp_id: int) -> Rsvp | None:
    """Return an RSVP the desk wrote down for a walk-in (its slip), or None; None too once its contact details
    are purged a week after the event."""
    return db.session.scalar(select(Rsvp).where(Rsvp.id == rsvp_id, Rsvp.event_id == event_id,
                                                Rsvp.recorded_by_id.is_not(None), Rsvp.guest_token.is_not(None)))


# Built once: every event page asks it.
_COUNTS = select(Rsvp.status, func.sum(Rsvp.people), func.sum(Rsvp.children)).where(
    Rsvp.event_id == bindparam("event_id", type_=Integer)).group_by(Rsvp.status)
_MINE = select(Rsvp).where(Rsvp.event_id == bindparam("event_id", type_=Integer),
                           Rsvp.user_id == bindparam("user_id", type_=Integer))


def counts(event_id: int) -> dict[str, int]:
    """Return the people and children confirmed and the places waiting (one grouped query)."""
    rows = db.session.execute(_COUNTS, {"event_id": event_id})
    found = {"people": 0, "children": 0, "waiting": 0}
    for status, adults, children in rows:
        if status == "confirmed":
            found["people"], found["children"] = adults or 0, children or 0
        else:
            found["waiting"] = (adults or 0) + (children or 0)
    return found


def guest_list(event_id: int) -> list[tuple[Rsvp, User | None]]:
    """Return everyone who answered, confirmed first then the waiting list, each in order (one query)."""
    rows = db.session.execute(select(Rsvp, User).outerjoin(User, User.id == Rsvp.user_id)
                              .where(Rsvp.event_id == event_id)
                              .order_by(Rsvp.status, Rsvp.id).limit(2000))
    return [(row, person) for row, person in rows]


def purge_guests() -> int:
    """Delete the names and contacts of guests without an account a week after their event; the caller commits."""
    over = select(Event.id).where(Event.end_at < utcnow() - GUEST_KEPT)
    return rows_changed(db.session, update(Rsvp).where(
        Rsvp.user_id.is_(None), Rsvp.event_id.in_(over),
        or_(Rsvp.guest_contact.is_not(None), and_(Rsvp.guest_name.is_not(None), Rsvp.guest_name != "—")),
    ).values(guest_name="—", guest_contact=None, guest_token=None))
