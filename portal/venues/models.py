"""Venues, rooms, opening hours, closed days and bookings.

No double booking is a database rule, not only a Python check: on PostgreSQL an exclusion constraint over
tstzrange(start_at, end_at) per room for approved bookings; on SQLite triggers that refuse an overlapping
approved booking (both in migration 0003). SQLite writes are serialised, so the triggers are race-free.
No booking lasts longer than 24 hours (services.MAX_LENGTH): a CHECK on PostgreSQL, triggers on SQLite (0040), so
every search for overlaps reads only the day before a booking, never the room's whole past.
"""

from __future__ import annotations

from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.time import local
from portal.db import UTCDateTime, one_of, utcnow
from portal.extensions import db
from portal.permissions import has_role

TAKEN = _l("taken")
STATUSES = ("pending", "approved", "declined", "cancelled")
ACTIVE = ("pending", "approved")


class Venue(db.Model):
    __tablename__ = "venues"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    address: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    accessibility: Mapped[str] = mapped_column(Text, default="")

    rooms = relationship("Room", back_populates="venue", order_by="Room.name", lazy="raise")
    hours = relationship("OpeningHours", order_by="OpeningHours.weekday", lazy="raise")

    def __repr__(self) -> str:
        return f"<Venue {self.id} {self.name!r}>"

    @property
    def dom_id(self) -> str:
        return f"venue-{self.id}"

    def can_manage(self, user) -> bool:
        return has_role(user, "coordinator")


class Room(db.Model):
    __tablename__ = "rooms"
    __table_args__ = (UniqueConstraint("venue_id", "name"), CheckConstraint("capacity > 0", name="capacity_positive"))

    id: Mapped[int] = mapped_column(primary_key=True)
    venue_id: Mapped[int] = mapped_column(ForeignKey("venues.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    capacity: Mapped[int] = mapped_column(Integer, default=10)
    wheelchair: Mapped[bool] = mapped_column(Boolean, default=True)
    hearing_loop: Mapped[bool] = mapped_column(Boolean, default=False)
    amenities: Mapped[str] = mapped_column(String(300), default="")
    # The room's change stamp: the database bumps both in the same transaction as every change of what its feed
    # shows (a booking added, changed or deleted, the room or its venue renamed: triggers, migration 0044), so
    # the iCalendar feed answers conditional requests and keeps its body without reading bookings. Never set here.
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=utcnow)

    venue = relationship("Venue", back_populates="rooms", lazy="raise")

    def __repr__(self) -> str:
        return f"<Room {self.id} {self.name!r}>"

    @property
    def dom_id(self) -> str:
        return f"room-{self.id}"

    def can_book(self, user) -> bool:
        return getattr(user, "is_authenticated", False)

    def books_directly(self, user) -> bool:
        """Librarians and coordinators book at once; residents send a request."""
        return has_role(user, "librarian", "coordinator")


class OpeningHours(db.Model):
    __tablename__ = "opening_hours"
    __table_args__ = (UniqueConstraint("venue_id", "weekday"),
                      CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_valid"),
                      CheckConstraint("closes > opens", name="closes_after_opens"))

    id: Mapped[int] = mapped_column(primary_key=True)
    venue_id: Mapped[int] = mapped_column(ForeignKey("venues.id", ondelete="CASCADE"))
    weekday: Mapped[int] = mapped_column(Integer)  # Monday 0 ... Sunday 6
    opens: Mapped[time] = mapped_column(Time)
    closes: Mapped[time] = mapped_column(Time)


class ClosedDay(db.Model):
    __tablename__ = "closed_days"
    __table_args__ = (UniqueConstraint("venue_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    venue_id: Mapped[int] = mapped_column(ForeignKey("venues.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(120), default="")


class Booking(db.Model):
    __tablename__ = "bookings"
    __table_args__ = (
        CheckConstraint("end_at > start_at", name="ends_after_start"),
        CheckConstraint(one_of("status", STATUSES), name="status_known"),
        CheckConstraint("attendees > 0", name="attendees_positive"),
        Index("ix_bookings_room_start", "room_id", "start_at"),
        Index("ix_bookings_status_start", "status", "start_at"),
        # "My bookings still to come": a librarian who books for walk-ins has thousands behind her.
        Index("ix_bookings_requester_end", "requester_id", "end_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("rooms.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(120))
    start_at: Mapped[datetime] = mapped_column(UTCDateTime)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    requester_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # A walk-in resident without an account: kept only while the booking needs it (purge-walk-ins).
    walkin_name: Mapped[str | None] = mapped_column(String(80))
    walkin_contact: Mapped[str | None] = mapped_column(String(120))
    note: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(String(300), default="", server_default="")
    attendees: Mapped[int | None] = mapped_column(Integer)
    # A private booking shows as "taken" to everyone but its requester and the buurthuis staff.
    public: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    series_id: Mapped[str | None] = mapped_column(String(32), index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decline_reason: Mapped[str] = mapped_column(String(300), default="")
    # Booked outside opening hours or on a closed day by a coordinator who overrode the rule.
    override_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    room = relationship("Room", lazy="raise")
    requester = relationship("User", foreign_keys=[requester_id], lazy="raise")

    def __repr__(self) -> str:
        return f"<Booking {self.id} room={self.room_id} {self.status}>"

    @property
    def dom_id(self) -> str:
        return f"booking-{self.id}"

    def can_cancel(self, user) -> bool:
        if self.status not in ACTIVE or not getattr(user, "is_authenticated", False):
            return False
        return user.id == self.requester_id or has_role(user, "librarian", "coordinator")

    def can_decide(self, user) -> bool:
        return self.status == "pending" and has_role(user, "librarian", "coordinator")

    def can_see_slip(self, user) -> bool:
        return getattr(user, "is_authenticated", False) and (
            user.id == self.requester_id or has_role(user, "librarian", "coordinator"))

    def can_see_thread(self, user) -> bool:
        """The messages about a request are for its requester and the staff who handle requests, nobody else."""
        return getattr(user, "is_authenticated", False) and (
            user.id == self.requester_id or has_role(user, "librarian", "coordinator"))

    def has_thread(self) -> bool:
        """A walk-in booking has no thread: nobody with an account would read the answers (its note says enough)."""
        return self.walkin_name is None and self.requester_id is not None

    def can_write_message(self, user) -> bool:
        """While a request waits for an answer, its requester and the staff may write in its thread."""
        return self.status == "pending" and self.has_thread() and self.can_see_thread(user)

    def can_see_contact(self, user) -> bool:
        return has_role(user, "librarian", "coordinator")

    def can_see_details(self, user) -> bool:
        """The one privacy rule: a private booking's title and description are for its requester and the staff."""
        return self.public or (getattr(user, "is_authenticated", False) and (
            user.id == self.requester_id or has_role(user, "librarian", "coordinator")))

    @property
    def hours_label(self) -> str:
        """Return "14:00–16:00" in Amsterdam time: what Babel's short time writes in Dutch and English alike
        (24-hour), at a fraction of its cost on a page that lists every booking of the day."""
        start, end = local(self.start_at), local(self.end_at)
        return f"{start.hour:02d}:{start.minute:02d}–{end.hour:02d}:{end.minute:02d}"

    def title_for(self, user) -> str:
        """Return the title `user` may see: a private booking is only "taken" to others (`None`: the public)."""
        return self.title if self.can_see_details(user) else str(TAKEN)


MESSAGE_LENGTH = 500


class BookingMessage(db.Model):
    """One message in the short thread on a booking request: a question from the buurthuis, or an answer."""

    __tablename__ = "booking_messages"
    __table_args__ = (
        CheckConstraint(f"length(text) BETWEEN 1 AND {MESSAGE_LENGTH}", name="text_length"),
        Index("ix_booking_messages_booking_id", "booking_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id", ondelete="CASCADE"))
    # The writer's name is looked up when the thread is shown (None: the account is gone).
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    from_staff: Mapped[bool] = mapped_column(Boolean, default=False)
    text: Mapped[str] = mapped_column(String(MESSAGE_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author = relationship("User", lazy="raise")

    def __repr__(self) -> str:
        return f"<BookingMessage {self.id} booking={self.booking_id}>"

    @property
    def dom_id(self) -> str:
        return f"booking-message-{self.id}"
