"""Booking rules: local times, opening hours, collisions, series, approval, the week grid and feeds."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import Date, Integer, Select, and_, bindparam, delete, func, or_, select, update
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, joinedload

from portal.accounts.models import User
from portal.core.time import LOCAL, local, to_utc
from portal.db import rows_changed, utcnow, write_transaction
from portal.extensions import db
from portal.venues import mails
from portal.venues.models import ACTIVE, Booking, ClosedDay, OpeningHours, Room, Venue

# The longest booking, and a database rule (migration 0040): no booking lasts longer, whoever writes it. So a
# booking that overlaps [start, end) started after start - MAX_LENGTH, and every search for overlaps reads only
# that stretch of a room's history, never its whole past. REACH adds a minute because SQLite checks the length
# to the half second and compares its text timestamps to the millisecond.
MAX_LENGTH = timedelta(hours=24)
ONE_HOUR = timedelta(hours=1)
REACH = MAX_LENGTH + timedelta(minutes=1)
MAX_SERIES = timedelta(days=366)
MAX_SERIES_WEEKS = MAX_SERIES.days // 7 + 1


class Collision(Exception):
    """The time is taken; `intervals` says which asked-for times collide."""

    def __init__(self, intervals: list[tuple[datetime, datetime]]):
        super().__init__("collision")
        self.intervals = intervals


class TooManyRequests(Exception):
    """A resident asks for more dates than may wait for an answer at once; `waiting` already wait."""

    def __init__(self, waiting: int, limit: int):
        super().__init__("too many requests")
        self.waiting, self.limit = waiting, limit


@dataclass
class RequestLimits:
    """How long a series may be, and how many requests may wait for an answer (None: no limit)."""

    series_weeks: int
    pending: int | None


def request_limits(room: Room, user: User) -> RequestLimits:
    """Return the limits for `user` in `room`: residents ask (limited, so one person cannot fill a room's
    calendar with requests); librarians and coordinators book at once, a series of up to a year.

    The numbers are settings (RESIDENT_SERIES_WEEKS, PENDING_REQUESTS_PER_RESIDENT in config.py).
    """
    if room.books_directly(user):
        return RequestLimits(MAX_SERIES_WEEKS, None)
    config = current_app.config
    return RequestLimits(config["RESIDENT_SERIES_WEEKS"], config["PENDING_REQUESTS_PER_RESIDENT"])


def pending_count(user: User) -> int:
    """Return how many of `user`'s requests wait for an answer (future ones only)."""
    return db.session.scalar(select(func.count()).select_from(Booking).where(
        Booking.requester_id == user.id, Booking.status == "pending", Booking.end_at > utcnow())) or 0


@dataclass
class Slot:
    start: datetime
    end: datetime
    booking: Booking | None = None
    label: str = ""  # local "14:00", or "14:00–16:00" for a booking; the same in Dutch and English
    query: str = ""  # "start=...&end=..." for the booking form, in local time
    hours: int = 1  # the hour rows a booking spans in the grid

    @property
    def free(self) -> bool:
        return self.booking is None


@dataclass
class Day:
    day: date
    slots: list[Slot] = field(default_factory=list)  # from now on
    past: list[Slot] = field(default_factory=list)  # over already: folded away
    closed_reason: str | None = None
    open: bool = True


@dataclass
class AgendaDay:
    day: date
    bookings: list[Booking] = field(default_factory=list)
    closed: list[tuple[str, str]] = field(default_factory=list)  # (venue name, reason)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def occurrences(start: datetime, end: datetime, until: date | None) -> list[tuple[datetime, datetime]]:
    """Return the weekly repeats of a local start/end up to and including `until` (local dates)."""
    result = []
    local_start, local_end = local(start).replace(tzinfo=None), local(end).replace(tzinfo=None)
    while True:
        result.append((to_utc(local_start), to_utc(local_end)))
        local_start += timedelta(days=7)
        local_end += timedelta(days=7)
        if until is None or local_start.date() > until:
            return result


def colliding(room_id: int, intervals: list[tuple[datetime, datetime]], statuses: tuple[str, ...] = ("approved",),
              exclude_id: int | None = None) -> list[tuple[datetime, datetime, Booking]]:
    """Return (start, end, booking) for each asked interval that overlaps a booking in `statuses` (one query).

    Each interval reads only the bookings that start in [start - REACH, end): the index on (room_id, start_at)
    serves it, so the cost does not grow with the room's past.
    """
    if not intervals:
        return []
    overlap = or_(*(and_(Booking.start_at >= start - REACH, Booking.start_at < end, Booking.end_at > start)
                    for start, end in intervals))
    first, last = min(start for start, _end in intervals), max(end for _start, end in intervals)
    query = select(Booking).where(Booking.room_id == room_id, Booking.status.in_(statuses),
                                  Booking.start_at >= first - REACH, Booking.start_at < last, overlap)
    if exclude_id:
        query = query.where(Booking.id != exclude_id)
    existing = db.session.scalars(query).all()
    return [(start, end, booking) for start, end in intervals for booking in existing
            if booking.start_at < end and booking.end_at > start]


def hours_problems(room: Room, intervals: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime, str]]:
    """Return the intervals outside opening hours or on a closed day, with the reason ("closed", "hours")."""
    hours = {row.weekday: row for row in db.session.scalars(
        select(OpeningHours).where(OpeningHours.venue_id == room.venue_id))}
    days = {local(start).date() for start, _ in intervals}
    closed = set(db.session.scalars(select(ClosedDay.day).where(ClosedDay.venue_id == room.venue_id,
                                                                 ClosedDay.day.in_(days))))
    problems = []
    for start, end in intervals:
        local_start = local(start)
        opening = hours.get(local_start.weekday())
        if local_start.date() in closed:
            problems.append((start, end, "closed"))
        elif opening is None:
            problems.append((start, end, "hours"))
        else:
            opens = datetime.combine(local_start.date(), opening.opens, tzinfo=LOCAL)
            closes = datetime.combine(local_start.date(), opening.closes, tzinfo=LOCAL)
            if start < opens or end > closes:
                problems.append((start, end, "hours"))
    return problems


def opening_on(room: Room, day: date) -> OpeningHours | None:
    """Return the room's opening hours on a weekday of `day` (the venue's hours are loaded with the room)."""
    return next((row for row in room.venue.hours if row.weekday == day.weekday()), None)


def lengths(room: Room, start: datetime | None) -> list[tuple[int | None, datetime]]:
    """Return the lengths a booking from local `start` can have: (hours, local end) for 1, 2 and 3 hours, and
    (None, closing time) for "until closing", as far as the room is open and free (one query)."""
    opening = opening_on(room, start.date()) if start else None
    if start is None or opening is None or not opening.opens <= start.time() < opening.closes:
        return []
    limit = datetime.combine(start.date(), opening.closes)
    following = db.session.scalar(select(func.min(Booking.start_at)).where(
        Booking.room_id == room.id, Booking.status.in_(ACTIVE), Booking.start_at >= to_utc(start),
        Booking.start_at < to_utc(limit)))
    free_until = min(limit, local(following).replace(tzinfo=None)) if following else limit
    offers: list[tuple[int | None, datetime]] = [
        (hours, start + timedelta(hours=hours)) for hours in (1, 2, 3) if start + timedelta(hours=hours) <= free_until]
    if free_until == limit and all(end != limit for _hours, end in offers):
        offers.append((None, limit))
    return offers


@dataclass
class BookingPlan:
    """What a booking asks for, what stands in its way, and what of it can be booked."""

    intervals: list[tuple[datetime, datetime]]
    conflicts: list[tuple[datetime, datetime, str]]  # (start, end, "taken", "closed" or "hours"), in time order
    free: list[tuple[datetime, datetime]]


def plan_booking(room: Room, start: datetime, end: datetime, until: date | None, override: bool) -> BookingPlan:
    """Plan a booking or weekly series: each date that is taken, on a closed day or outside opening hours
    (unless `override`), and the dates that are free (two queries)."""
    intervals = occurrences(start, end, until)
    problems = [] if override else hours_problems(room, intervals)
    taken = colliding(room.id, intervals)
    conflicts = sorted({(s, e, "closed" if r == "closed" else "hours") for s, e, r in problems}
                       | {(s, e, "taken") for s, e, _b in taken})
    bad = {(s, e) for s, e, _r in conflicts}
    return BookingPlan(intervals, conflicts, [interval for interval in intervals if interval not in bad])


def _is_overlap_error(error: IntegrityError) -> bool:
    code = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
    return code == "23P01" or "overlap" in str(error.orig).lower()


def create_bookings(room: Room, user: User, title: str, intervals: list[tuple[datetime, datetime]], note: str = "",
                    walkin_name: str | None = None, walkin_contact: str | None = None, override: bool = False,
                    description: str = "", attendees: int | None = None, public: bool = True) -> list[Booking]:
    """Book all `intervals` as one series, or none: raise Collision listing what is taken.

    The check and the inserts run in one serialised transaction (BEGIN IMMEDIATE on SQLite); the database
    constraint is the last word when two requests race on PostgreSQL. A resident's requests are counted in
    the same transaction: raise TooManyRequests when they would wait for an answer above the limit.
    """
    status = "approved" if room.books_directly(user) else "pending"
    series = secrets.token_hex(8) if len(intervals) > 1 else None
    limit = request_limits(room, user).pending
    try:
        with write_transaction(db.session):
            if limit is not None:
                waiting = pending_count(user)
                if waiting + len(intervals) > limit:
                    raise TooManyRequests(waiting, limit)
            taken = colliding(room.id, intervals)
            if taken:
                raise Collision(sorted({(start, end) for start, end, _ in taken}))
            bookings = [Booking(room_id=room.id, title=title.strip(), start_at=start, end_at=end, status=status,
                                requester_id=user.id, walkin_name=walkin_name or None,
                                walkin_contact=walkin_contact or None, note=note or "", series_id=series,
                                override_by_id=user.id if override else None, description=description or "",
                                attendees=attendees or None, public=public)
                        for start, end in intervals]
            db.session.add_all(bookings)
            db.session.flush()
            if status == "pending":
                mails.requested(bookings)
    except IntegrityError as error:
        if _is_overlap_error(error):
            raise Collision(list(intervals)) from error
        raise
    if override:
        current_app.logger.warning("opening hours overridden by user=%s for bookings %s", user.id,
                                   [booking.id for booking in bookings])
    return bookings


def approve(booking: Booking, user: User) -> None:
    """Approve a request, unless an approved booking took its time meanwhile (raise Collision)."""
    try:
        with write_transaction(db.session):
            fresh = db.session.get(Booking, booking.id)
            assert fresh is not None  # noqa: S101 - the caller loaded it in this request
            if colliding(fresh.room_id, [(fresh.start_at, fresh.end_at)], exclude_id=fresh.id):
                raise Collision([(fresh.start_at, fresh.end_at)])
            fresh.status, fresh.decided_by_id = "approved", user.id
            db.session.flush()
            mails.approved(booking)
    except IntegrityError as error:
        if _is_overlap_error(error):
            raise Collision([(booking.start_at, booking.end_at)]) from error
        raise


def decline(booking: Booking, user: User, reason: str) -> None:
    """Decline a request with a reason, and tell the requester; the caller commits."""
    booking.status, booking.decided_by_id, booking.decline_reason = "declined", user.id, reason
    mails.declined(booking)


def overlaps(bookings: Sequence[Booking]) -> dict[int, list[Booking]]:
    """Return, per booking, the other waiting or approved bookings of its room at the same time (one query)."""
    other = aliased(Booking)
    rows = db.session.execute(select(Booking.id, other).join(other, and_(
        other.room_id == Booking.room_id, other.id != Booking.id, other.status.in_(ACTIVE),
        other.start_at < Booking.end_at, other.end_at > Booking.start_at)).where(
        Booking.id.in_([booking.id for booking in bookings])).order_by(other.start_at))
    found: dict[int, list[Booking]] = {}
    for booking_id, clash in rows:
        found.setdefault(booking_id, []).append(clash)
    return found


def this_and_later(booking: Booking) -> list[Booking]:
    """Return this booking and the later dates of its series that are still on, soonest first."""
    if not booking.series_id:
        return [booking]
    return list(db.session.scalars(select(Booking).where(
        Booking.series_id == booking.series_id, Booking.start_at >= booking.start_at,
        Booking.status.in_(ACTIVE)).order_by(Booking.start_at)))


def cancel(bookings: list[Booking], by: User | None = None) -> None:
    """Cancel bookings; their time is free at once; the requester hears when someone else did it. The caller commits."""
    for booking in bookings:
        booking.status = "cancelled"
    if bookings:
        mails.cancelled(bookings, by)


def _hour_minute(moment: datetime) -> str:
    """Return "14:00" (strftime is several times slower, and a week writes hundreds of these)."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def _minute(moment: datetime) -> str:
    """Return a wall-clock time as a form field writes it: "2026-12-01T14:00" (an f-string: a week writes a
    hundred of these)."""
    return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T{moment.hour:02d}:{moment.minute:02d}"


def _hour_slots(day: date, opening: OpeningHours, bookings: Sequence[Booking]) -> list[Slot]:
    """Return the hours of an open day; the hours of one booking become one slot that spans them."""
    slots: list[Slot] = []
    hour, closes = datetime.combine(day, opening.opens), datetime.combine(day, opening.closes)
    opens, opens_at, closes_at = hour, to_utc(hour), to_utc(closes)
    # Amsterdam changes its clock at most once a day: when opening and closing have the same offset, every hour
    # between has it too, and its moment is the opening's plus the hours since (no time zone lookup an hour).
    steady = closes_at - opens_at == closes - hour
    # Each hour looks only at this day's bookings (still in start order), not at the whole week's.
    bookings = [b for b in bookings if b.start_at < closes_at and b.end_at > opens_at]
    slot_start = opens_at
    while hour < closes:
        wall_end = min(hour + ONE_HOUR, closes)
        slot_end = opens_at + (wall_end - opens) if steady else to_utc(wall_end)
        taken = next((b for b in bookings if b.start_at < slot_end and b.end_at > slot_start), None) \
            if bookings else None
        if taken is not None and slots and slots[-1].booking is taken:
            slots[-1].end, slots[-1].hours = slot_end, slots[-1].hours + 1
        elif taken is not None:
            label = f"{_hour_minute(local(taken.start_at))}–{_hour_minute(local(taken.end_at))}"
            slots.append(Slot(slot_start, slot_end, taken, label))
        else:
            slots.append(Slot(slot_start, slot_end, None, _hour_minute(hour),
                              f"start={_minute(hour)}&end={_minute(wall_end if steady else local(slot_end))}"))
        hour, slot_start = hour + ONE_HOUR, slot_end
    return slots


# Built once: a room's week asks them on every view.
_WEEK_BOOKINGS = select(Booking).where(
    Booking.room_id == bindparam("room_id", type_=Integer), Booking.status.in_(ACTIVE),
    Booking.start_at >= bindparam("since", type_=Booking.start_at.type),
    Booking.start_at < bindparam("last", type_=Booking.start_at.type),
    Booking.end_at > bindparam("first", type_=Booking.end_at.type)).order_by(Booking.start_at)
_WEEK_CLOSED = select(ClosedDay.day, ClosedDay.reason).where(
    ClosedDay.venue_id == bindparam("venue_id", type_=Integer), ClosedDay.day >= bindparam("start", type_=Date),
    ClosedDay.day < bindparam("end", type_=Date))


def week(room: Room, start: date, now: datetime | None = None) -> list[Day]:
    """Return the seven days from `start` with their hours in opening hours, free or taken (two queries).

    Hours that are over by `now` are kept apart, so a page can fold them away.
    """
    now = now or utcnow()
    first = to_utc(datetime.combine(start, time(0)))
    last = to_utc(datetime.combine(start + timedelta(days=7), time(0)))
    bookings = db.session.scalars(_WEEK_BOOKINGS, {"room_id": room.id, "since": first - MAX_LENGTH, "last": last,
                                                   "first": first}).all()
    hours = {row.weekday: row for row in room.venue.hours}
    closed = {row.day: row.reason for row in db.session.execute(_WEEK_CLOSED, {
        "venue_id": room.venue_id, "start": start, "end": start + timedelta(days=7)})}
    days = []
    for offset in range(7):
        day = Day(start + timedelta(days=offset))
        opening = hours.get(day.day.weekday())
        if day.day in closed or opening is None:
            day.open, day.closed_reason = False, closed.get(day.day)
        else:
            for slot in _hour_slots(day.day, opening, bookings):
                (day.past if slot.end <= now else day.slots).append(slot)
        days.append(day)
    return days


def agenda(first: date, days: int = 7) -> list[AgendaDay]:
    """Return what is on in all rooms from `first` for `days` days, from now on (two queries)."""
    start = max(to_utc(datetime.combine(first, time(0))), utcnow())
    end = to_utc(datetime.combine(first + timedelta(days=days), time(0)))
    result = {first + timedelta(days=offset): AgendaDay(first + timedelta(days=offset)) for offset in range(days)}
    for booking in db.session.scalars(select(Booking).options(joinedload(Booking.room).joinedload(Room.venue)).where(
            Booking.status == "approved", Booking.start_at >= start - MAX_LENGTH, Booking.start_at < end,
            Booking.end_at > start).order_by(Booking.start_at, Booking.room_id)):
        result[max(local(booking.start_at).date(), first)].bookings.append(booking)
    for day, venue, reason in db.session.execute(select(ClosedDay.day, Venue.name, ClosedDay.reason).join(
            Venue, Venue.id == ClosedDay.venue_id).where(ClosedDay.day >= first, ClosedDay.day < first + timedelta(
            days=days)).order_by(Venue.name)):
        result[day].closed.append((venue, reason))
    return list(result.values())


_LOAD_ROOM = select(Room).where(Room.id == bindparam("room_id", type_=Integer)).options(
    joinedload(Room.venue).joinedload(Venue.hours))  # built once: every room page asks it


def load_room(room_id: int) -> Room | None:
    """Return a room with its venue and opening hours (one query)."""
    return db.session.scalars(_LOAD_ROOM, {"room_id": room_id}).unique().one_or_none()


def load_venue_with_rooms(venue_id: int) -> Venue | None:
    """Return a venue with its rooms (one query)."""
    return db.session.scalars(select(Venue).where(Venue.id == venue_id).options(joinedload(Venue.rooms)))\
        .unique().one_or_none()


def venue_setup(venue_id: int) -> tuple[dict[int, OpeningHours], list[ClosedDay], list[Room]]:
    """Return what the manage page of a venue shows: its opening hours per weekday, closed days and rooms."""
    hours = {row.weekday: row for row in db.session.scalars(select(OpeningHours).where(
        OpeningHours.venue_id == venue_id))}
    closed = list(db.session.scalars(select(ClosedDay).where(ClosedDay.venue_id == venue_id).order_by(ClosedDay.day)))
    rooms = list(db.session.scalars(select(Room).where(Room.venue_id == venue_id).order_by(Room.name)))
    return hours, closed, rooms


def venue_name_taken(name: str, other_than: int | None = None) -> bool:
    """Tell whether a venue (other than the one with id `other_than`, being renamed) has this name already."""
    return db.session.scalar(select(Venue.id).where(Venue.name == name.strip(), Venue.id != (other_than or 0))
                             .limit(1)) is not None


def room_name_taken(venue_id: int, name: str, other_than: int | None = None) -> bool:
    """Tell whether the venue has a room (other than the one with id `other_than`) with this name already."""
    return db.session.scalar(select(Room.id).where(Room.venue_id == venue_id, Room.name == name.strip(),
                                                   Room.id != (other_than or 0)).limit(1)) is not None


def set_opening_hours(venue_id: int, hours: dict[int, tuple[time, time]]) -> None:
    """Replace the venue's opening hours with `hours` (weekday: opens, closes); a missing day is closed. The
    caller commits."""
    db.session.execute(delete(OpeningHours).where(OpeningHours.venue_id == venue_id))
    db.session.add_all(OpeningHours(venue_id=venue_id, weekday=day, opens=opens, closes=closes)
                       for day, (opens, closes) in hours.items())


def close_on(venue_id: int, day: date, reason: str) -> None:
    """Close the venue on `day`, unless it is closed then already. The caller commits."""
    if not db.session.scalar(select(ClosedDay.id).where(ClosedDay.venue_id == venue_id, ClosedDay.day == day)):
        db.session.add(ClosedDay(venue_id=venue_id, day=day, reason=reason))


def my_bookings(user: User, days_back: int = 30, limit: int = 200) -> list[Booking]:
    """Return `user`'s bookings and requests that ended at most `days_back` days ago, soonest first."""
    return list(db.session.scalars(select(Booking).options(joinedload(Booking.room)).where(
        Booking.requester_id == user.id, Booking.end_at > utcnow() - timedelta(days=days_back))
        .order_by(Booking.start_at).limit(limit)))


def pending_requests(limit: int = 100) -> list[Booking]:
    """Return the requests that wait for an answer and are not over yet, soonest first."""
    return list(db.session.scalars(select(Booking).options(
        joinedload(Booking.room), joinedload(Booking.requester)).where(
        Booking.status == "pending", Booking.end_at > utcnow()).order_by(Booking.start_at).limit(limit)))


def venues_with_rooms() -> list[Venue]:
    return list(db.session.scalars(select(Venue).options(
        joinedload(Venue.rooms), joinedload(Venue.hours)).order_by(Venue.name)).unique())


# Built once: the buurthuis's day, the kiosk and the home page ask them on every view.
_ALL_ROOMS = select(Room.id, Room.name, Venue.name.label("venue_name")).join(Venue, Venue.id == Room.venue_id).order_by(
    Room.venue_id, Room.name)
_BOOKED_BETWEEN = select(Booking).where(
    Booking.room_id.in_(bindparam("room_ids", expanding=True)), Booking.status == "approved",
    Booking.start_at >= bindparam("since", type_=Booking.start_at.type),
    Booking.start_at < bindparam("end", type_=Booking.start_at.type),
    Booking.end_at > bindparam("start", type_=Booking.end_at.type)).order_by(Booking.start_at)
_STILL_TODAY = select(Booking).options(joinedload(Booking.room)).where(
    Booking.status == "approved", Booking.start_at >= bindparam("since", type_=Booking.start_at.type),
    Booking.start_at < bindparam("end", type_=Booking.start_at.type),
    Booking.end_at > bindparam("now", type_=Booking.end_at.type)).order_by(Booking.start_at).limit(
    bindparam("limit", type_=Integer))


def rooms_today() -> list[tuple[Row, list[Booking]]]:
    """Return every room (its id, name and venue_name) with today's approved bookings (local day), for the
    buurthuis and the kiosk (two queries; the bookings come without their room: each is listed under it)."""
    day = local(utcnow()).date()
    start, end = to_utc(datetime.combine(day, time(0))), to_utc(datetime.combine(day + timedelta(days=1), time(0)))
    rooms = db.session.execute(_ALL_ROOMS).all()
    booked: dict[int, list[Booking]] = {room.id: [] for room in rooms}
    if booked:
        for booking in db.session.scalars(_BOOKED_BETWEEN, {"room_ids": list(booked), "since": start - MAX_LENGTH,
                                                            "end": end, "start": start}):
            booked[booking.room_id].append(booking)
    return [(room, booked[room.id]) for room in rooms]


def still_today(limit: int = 8) -> list[Booking]:
    """Return today's approved bookings that are on now or still to come, soonest first, with their room."""
    now = utcnow()
    end = to_utc(datetime.combine(local(now).date() + timedelta(days=1), time(0)))
    return list(db.session.scalars(_STILL_TODAY, {"since": now - MAX_LENGTH, "end": end, "now": now,
                                                  "limit": limit}))


def purge_walkin_contacts() -> int:
    """Delete walk-in names and contacts once their booking is over, declined or cancelled; the caller commits."""
    return rows_changed(db.session, update(Booking).where(
        Booking.walkin_contact.is_not(None) | Booking.walkin_name.is_not(None),
        or_(Booking.end_at < utcnow(), Booking.status.in_(("declined", "cancelled"))),
    ).values(walkin_name=None, walkin_contact=None))


def forget_person(user: User) -> None:
    """When an account is deleted: its future bookings are cancelled, and no booking keeps its notes."""
    db.session.execute(update(Booking).where(Booking.requester_id == user.id, Booking.status.in_(ACTIVE),
                                             Booking.start_at > utcnow()).values(status="cancelled"))
    db.session.execute(update(Booking).where(Booking.requester_id == user.id)
                       .values(note="", decline_reason=""))


def export_person(user: User) -> list[dict]:
    rows = db.session.scalars(select(Booking).where(Booking.requester_id == user.id).order_by(Booking.start_at))
    return [{"title": b.title, "room_id": b.room_id, "start": b.start_at.isoformat(), "end": b.end_at.isoformat(),
             "status": b.status, "note": b.note, "decline_reason": b.decline_reason} for b in rows]




def coming_bookings(user: User, limit: int = 10) -> list[Booking]:
    """Return `user`'s bookings and requests that are not over yet, soonest first, with their room (one query)."""
    return list(db.session.scalars(select(Booking).options(joinedload(Booking.room)).where(
        Booking.requester_id == user.id, Booking.status.in_(ACTIVE), Booking.end_at > utcnow())
        .order_by(Booking.start_at).limit(limit)))


_WAITING = select(func.count()).select_from(Booking).where(
    Booking.status == "pending", Booking.end_at > bindparam("now", type_=Booking.end_at.type))  # built once


def count_waiting_requests() -> int:
    """Count the booking requests still waiting for an answer (those not over yet)."""
    return db.session.scalar(_WAITING, {"now": utcnow()}) or 0


# --- bookings that other features make (an event in a room) -----------------------------------------------------

class RoomTaken(Exception):
    """A room cannot be booked then: `reason` is "taken", "closed", "hours" or "gone" (no such room); `free` holds
    the free stretches (local start, local end) of the room that day, so a form can say which hours are free."""

    def __init__(self, reason: str, free: list[tuple[datetime, datetime]]):
        super().__init__(reason)
        self.reason, self.free = reason, free


@dataclass(frozen=True)
class RoomInfo:
    """What another feature shows of a room: its name, its building and how many people fit."""

    id: int
    name: str
    venue: str
    capacity: int

    @property
    def label(self) -> str:
        return f"{self.name} ({self.venue})"


def room_choices() -> list[tuple[int, str]]:
    """Return (id, "room (building)") of every room, for a form's choices (one query)."""
    rows = db.session.execute(select(Room.id, Room.name, Venue.name.label("venue")).join(
        Venue, Venue.id == Room.venue_id).order_by(Venue.name, Room.name).limit(200))
    return [(row.id, f"{row.name} ({row.venue})") for row in rows]


def room_infos(room_ids: set[int]) -> dict[int, RoomInfo]:
    """Return what other features show of these rooms (one query, none when there are no ids)."""
    if not room_ids:
        return {}
    rows = db.session.execute(select(Room.id, Room.name, Room.capacity, Venue.name.label("venue")).join(
        Venue, Venue.id == Room.venue_id).where(Room.id.in_(room_ids)))
    return {row.id: RoomInfo(row.id, row.name, row.venue, row.capacity) for row in rows}


def free_hours(room: Room, day: date, exclude_id: int | None = None) -> list[tuple[datetime, datetime]]:
    """Return the free stretches (local start, local end) of `room` on `day`: its opening hours minus its
    waiting and approved bookings (and minus nothing on a closed day: then there are none). Two queries."""
    opening = opening_on(room, day)
    if opening is None or db.session.scalar(select(ClosedDay.id).where(ClosedDay.venue_id == room.venue_id,
                                                                       ClosedDay.day == day)):
        return []
    opens = datetime.combine(day, opening.opens, tzinfo=LOCAL)
    closes = datetime.combine(day, opening.closes, tzinfo=LOCAL)
    query = select(Booking.start_at, Booking.end_at).where(
        Booking.room_id == room.id, Booking.status.in_(ACTIVE), Booking.start_at >= opens - REACH,
        Booking.start_at < closes, Booking.end_at > opens)
    if exclude_id:
        query = query.where(Booking.id != exclude_id)
    stretches, cursor = [], opens
    for start, end in db.session.execute(query.order_by(Booking.start_at)):
        if local(start) > cursor:
            stretches.append((cursor, local(start)))
        cursor = max(cursor, local(end))
    if cursor < closes:
        stretches.append((cursor, closes))
    return stretches


def _refusal(room: Room, start: datetime, end: datetime, exclude_id: int | None) -> RoomTaken | None:
    """Return why `room` cannot be booked from `start` to `end` (opening hours, closed, taken), or None."""
    problems = hours_problems(room, [(start, end)])
    taken = colliding(room.id, [(start, end)], ACTIVE, exclude_id=exclude_id)
    reason = "taken" if taken else (problems[0][2] if problems else None)
    return RoomTaken(reason, free_hours(room, local(start).date(), exclude_id)) if reason else None


def book_in_transaction(room_id: int, user: User, title: str, start: datetime, end: datetime,
                        public: bool = True) -> int:
    """Book `room_id` for another feature inside the caller's transaction (no commit) and return the booking's id.

    The venue rules apply: opening hours, closed days, no overlap with waiting or approved bookings (the
    database constraint has the last word, in a savepoint), and a resident's booking is a request the buurthuis
    answers. Raise RoomTaken, with the free hours of that day, when it cannot be booked; nothing is added then.
    """
    room = load_room(room_id)
    if room is None:
        raise RoomTaken("gone", [])
    refusal = _refusal(room, start, end, None)
    if refusal:
        raise refusal
    status = "approved" if room.books_directly(user) else "pending"
    booking = Booking(room_id=room.id, title=title.strip()[:120], start_at=start, end_at=end, status=status,
                      requester_id=user.id, public=public)
    try:
        with db.session.begin_nested():
            db.session.add(booking)
            db.session.flush()
    except IntegrityError as error:
        if _is_overlap_error(error):
            raise RoomTaken("taken", free_hours(room, local(start).date())) from error
        raise
    if status == "pending":
        mails.requested([booking])
    return booking.id


def move_in_transaction(booking_id: int, start: datetime, end: datetime, title: str | None = None) -> None:
    """Move a booking another feature made to a new time inside the caller's transaction (no commit); raise
    RoomTaken (with that day's free hours) when the room is not free or not open then, and change nothing."""
    booking = db.session.get(Booking, booking_id)
    room = load_room(booking.room_id) if booking is not None else None
    if booking is None or room is None or booking.status not in ACTIVE:
        raise RoomTaken("gone", [])
    refusal = _refusal(room, start, end, booking.id)
    if refusal:
        raise refusal
    try:
        with db.session.begin_nested():
            booking.start_at, booking.end_at = start, end
            if title:
                booking.title = title.strip()[:120]
            db.session.flush()
    except IntegrityError as error:
        if _is_overlap_error(error):
            raise RoomTaken("taken", free_hours(room, local(start).date(), booking_id)) from error
        raise


def set_public_in_transaction(booking_ids: Sequence[int], public: bool) -> None:
    """Show or hide the titles of bookings another feature made (public: everyone sees the title; else "taken"),
    inside the caller's transaction (no commit)."""
    if booking_ids:
        db.session.execute(update(Booking).where(Booking.id.in_(list(booking_ids))).values(public=public))


def cancel_in_transaction(booking_id: int, by: User | None) -> None:
    """Cancel a booking another feature made (the time is free at once); the caller commits."""
    booking = db.session.get(Booking, booking_id)
    if booking is not None and booking.status in ACTIVE:
        cancel([booking], by)


def booking_status(booking_id: int) -> str | None:
    """Return a booking's status ("pending", "approved", "declined", "cancelled"), or None when it is gone."""
    return db.session.scalar(select(Booking.status).where(Booking.id == booking_id))


def public_bookings(first: date, days: int = 7, leave_out: Sequence[int] = (), limit: int = 12) -> list[Row]:
    """Return the approved public bookings that start in the `days` from `first` (local dates), leaving out
    `leave_out` (bookings another feature shows itself): for the printed weekly sheet. Rows of what it prints:
    id, title, start_at, room_id, room_name, venue_name."""
    start = to_utc(datetime.combine(first, time(0)))
    end = to_utc(datetime.combine(first + timedelta(days=days), time(0)))
    values: dict = {"start": start, "end": end, "limit": limit}
    if leave_out:
        values["leave_out"] = list(leave_out)
    return list(db.session.execute(_PUBLIC_BOOKINGS[bool(leave_out)], values))


def _public_bookings_statement(leave_out: bool) -> Select:
    query = select(Booking.id, Booking.title, Booking.start_at, Booking.room_id, Room.name.label("room_name"),
                   Venue.name.label("venue_name")).join(Room, Room.id == Booking.room_id).join(
        Venue, Venue.id == Room.venue_id).where(
        Booking.status == "approved", Booking.public.is_(True), Booking.start_at >= bindparam("start"),
        Booking.start_at < bindparam("end"))
    if leave_out:
        query = query.where(Booking.id.not_in(bindparam("leave_out", expanding=True)))
    return query.order_by(Booking.start_at, Booking.id).limit(bindparam("limit"))


# Built once per process: building the statement cost more than running it.
_PUBLIC_BOOKINGS = {True: _public_bookings_statement(True), False: _public_bookings_statement(False)}
