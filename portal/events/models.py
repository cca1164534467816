"""Events, their RSVPs and their shifts.

Never more people confirmed than the capacity: `places_taken` on the event row is a counter that an RSVP raises
with one conditional UPDATE in the transaction that adds it, and the database checks
`places_taken <= capacity` as well (row-locked on PostgreSQL, serialised with BEGIN IMMEDIATE on SQLite).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import UTCDateTime, one_of, utcnow
from portal.extensions import db
from portal.permissions import has_role

STATUSES = ("draft", "published", "cancelled", "took_place")
RSVP_STATUSES = ("confirmed", "waiting")
SHIFT_KINDS = ("setup", "kitchen", "music", "cleanup", "dish")
REPEATS = ("none", "weekly", "monthly", "yearly")


class Event(db.Model):
    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint("end_at > start_at", name="ends_after_start"),
        CheckConstraint(one_of("status", STATUSES), name="status_known"),
        CheckConstraint(one_of("repeats", REPEATS), name="repeats_known"),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        CheckConstraint("places_taken >= 0 AND (capacity IS NULL OR places_taken <= capacity)",
                        name="never_over_capacity"),
        CheckConstraint("room_id IS NOT NULL OR address <> ''", name="has_a_place"),
        Index("ix_events_status_start_id", "status", "start_at", "id"),
        Index("ix_events_initiative_start", "initiative_id", "start_at"),
        # When an initiative last planned an event: one step down this index per initiative (migration 0047).
        Index("ix_events_initiative_created", "initiative_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    start_at: Mapped[datetime] = mapped_column(UTCDateTime)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The place: a room of the buurthuis (booked through the venue rules) or an address outside.
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id", ondelete="SET NULL"))
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("bookings.id", ondelete="SET NULL"))
    address: Mapped[str] = mapped_column(String(200), default="")
    # For everyone, or for the members of the organising initiative only.
    public: Mapped[bool] = mapped_column(Boolean, default=True)
    capacity: Mapped[int | None] = mapped_column(Integer)
    places_taken: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(12), default="published")
    repeats: Mapped[str] = mapped_column(String(8), default="none")
    # A photo (portal.photos: cleaned, scaled, stored under a random name), served only through the event's page.
    photo: Mapped[str | None] = mapped_column(String(40))
    photo_width: Mapped[int | None] = mapped_column(Integer)
    photo_height: Mapped[int | None] = mapped_column(Integer)
    # How many people came, said by the organiser after the event.
    people_came: Mapped[int | None] = mapped_column(Integer)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Event {self.id} {self.status}>"

    @property
    def dom_id(self) -> str:
        return f"event-{self.id}"

    @property
    def places_left(self) -> int | None:
        return None if self.capacity is None else self.capacity - self.places_taken

    def is_open_for_rsvp(self, now: datetime) -> bool:
        return self.status == "published" and self.end_at > now

    def can_manage(self, user, carrier: bool) -> bool:
        """The organising initiative's carriers (and its contact) and coordinators run an event."""
        return getattr(user, "is_authenticated", False) and (carrier or has_role(user, "coordinator"))


class Rsvp(db.Model):
    __tablename__ = "event_rsvps"
    __table_args__ = (
        UniqueConstraint("event_id", "user_id"),
        CheckConstraint(one_of("status", RSVP_STATUSES), name="status_known"),
        CheckConstraint("people >= 1 AND people <= 20", name="people_sane"),
        CheckConstraint("children >= 0 AND children <= 20", name="children_sane"),
        CheckConstraint("user_id IS NOT NULL OR guest_name IS NOT NULL", name="someone"),
        Index("ix_event_rsvps_event_status_id", "event_id", "status", "id"),
        Index("ix_event_rsvps_user", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # Someone without an account: their name and phone or e-mail, deleted a week after the event.
    guest_name: Mapped[str | None] = mapped_column(String(80))
    guest_contact: Mapped[str | None] = mapped_column(String(120))
    # A secret in the guest's "I am not coming after all" link (no account to log in with).
    guest_token: Mapped[str | None] = mapped_column(String(32), unique=True)
    people: Mapped[int] = mapped_column(Integer, default=1)
    children: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(10), default="confirmed")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Rsvp {self.id} event={self.event_id} {self.status}>"

    @property
    def places(self) -> int:
        return self.people + self.children

    def can_see_slip(self, user) -> bool:
        """A walk-in's slip (their name, and the link that cancels) is for the desk worker who wrote it down only:
        the next person at the kiosk, or another resident, gets a 404."""
        return getattr(user, "is_authenticated", False) and self.recorded_by_id is not None \
            and user.id == self.recorded_by_id and has_role(user, "librarian", "coordinator")


class Shift(db.Model):
    """A shift of an event is a task on the organising initiative's board, at a time relative to the event.

    The task is made when the event is published: a draft's shifts (`task_id` None) are on no board yet, so nobody
    is asked to help at an event they cannot see."""

    __tablename__ = "event_shifts"
    __table_args__ = (
        CheckConstraint(one_of("kind", SHIFT_KINDS), name="kind_known"),
        CheckConstraint("minutes > 0 AND minutes <= 1440", name="minutes_sane"),
        CheckConstraint("offset_minutes >= -2880 AND offset_minutes <= 2880", name="offset_sane"),
        CheckConstraint("places >= 1 AND places <= 50", name="places_sane"),
        Index("ix_event_shifts_event", "event_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="SET NULL"), unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    # Minutes after the start of the event (negative: before it), and how long it takes.
    offset_minutes: Mapped[int] = mapped_column(Integer, default=0)
    minutes: Mapped[int] = mapped_column(Integer, default=60)
    # How many people it needs (the task gets this many places when the event is published).
    places: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    def __repr__(self) -> str:
        return f"<Shift {self.id} {self.kind} event={self.event_id}>"


class EventPhoto(db.Model):
    """A photo a resident added after the event (portal.photos rules), shown on the event's page only."""

    __tablename__ = "event_photos"
    __table_args__ = (Index("ix_event_photos_event_id_id", "event_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<EventPhoto {self.id} event={self.event_id}>"

    @property
    def dom_id(self) -> str:
        return f"event-photo-{self.id}"
