"""Celebrations that return: Keti Koti every 1 July, the taalcafé on the first Tuesday of the month, the language
café every Tuesday. The next time is planned from the last one (same place, text and shifts), and coordinators are
asked in time."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cache

from sqlalchemy import Integer, Select, and_, bindparam, or_, select

from portal.accounts.models import User
from portal.core.time import local, to_utc
from portal.db import utcnow
from portal.events.models import Event
from portal.events.services import EventData, add_shift, create_event, shifts_of
from portal.extensions import db


def next_occurrence(event: Event) -> tuple[datetime, datetime] | None:
    """Return the start and end of the next time a repeating event comes back, at the same wall-clock time.

    Weekly: the same weekday a week later (the language café every Tuesday). Yearly: the same date next year
    (Keti Koti on 1 July). Monthly: the same weekday in the same week of next
    month (the taalcafé on the first Tuesday); None when next month has no such day (a fifth Tuesday).
    """
    if event.repeats == "none":
        return None
    start, end = local(event.start_at), local(event.end_at)
    if event.repeats == "weekly":
        day = start.date() + timedelta(days=7)
    elif event.repeats == "yearly":
        try:
            day = start.date().replace(year=start.year + 1)
        except ValueError:
            return None  # 29 February: the organiser picks the day
    else:
        week = (start.day - 1) // 7
        year, month = (start.year + 1, 1) if start.month == 12 else (start.year, start.month + 1)
        first = date(year, month, 1)
        day = first + timedelta(days=(start.weekday() - first.weekday()) % 7 + 7 * week)
        if day.month != month:
            return None
    begin = to_utc(datetime.combine(day, start.time()))
    return begin, begin + (end - start)


def repeat_event(event_id: int, user: User) -> tuple[Event, bool]:
    """Plan the next time a repeating event comes back, as a draft with the same place, description and shifts;
    return (the event, whether it was made now). Planned already (a second tab, a second press): that one, once."""
    source = db.session.get(Event, event_id)
    assert source is not None  # noqa: S101
    when = next_occurrence(source)
    assert when is not None  # noqa: S101
    planned = db.session.scalar(select(Event).where(
        Event.initiative_id == source.initiative_id, Event.title == source.title, Event.start_at == when[0],
        Event.status != "cancelled").limit(1))
    if planned is not None:
        return planned, False
    data = EventData(source.initiative_id, source.title, source.description, when[0], when[1], source.room_id,
                     source.address, source.public, source.capacity, "draft", source.repeats)
    event = create_event(data, user)
    copy_shifts(source.id, event, user)
    return event, True


def copy_shifts(source_id: int, event: Event, user: User) -> None:
    """Give `event` the shifts of the event `source_id` (the same kinds, times around the event and places)."""
    for kind, offset, minutes, places in [(s.kind, s.offset_minutes, s.minutes, s.places)
                                          for s in shifts_of(source_id)]:
        add_shift(event, kind, offset, minutes, places, user)


RETURN_AHEAD = timedelta(days=42)


@cache
def _coming_back_statement() -> Select[tuple[Event]]:
    """Built once (building it cost eight times what running it does): the moments are bound parameters."""
    later = Event.__table__.alias("later")
    planned = select(later.c.id).where(later.c.initiative_id == Event.initiative_id, later.c.title == Event.title,
                                       later.c.start_at > Event.start_at).exists()
    moment = Event.start_at.type
    periods = [and_(Event.repeats == repeats, Event.start_at >= bindparam(f"{repeats}_from", type_=moment),
                    Event.start_at < bindparam(f"{repeats}_to", type_=moment))
               for repeats in ("yearly", "monthly", "weekly")]
    return select(Event).where(Event.status.in_(("published", "took_place")), or_(*periods), ~planned).order_by(
        Event.start_at).limit(bindparam("limit", type_=Integer))


def coming_back(limit: int = 5) -> list[tuple[Event, datetime]]:
    """Return repeating events whose next time is within six weeks and not planned yet, with that next start:
    "Keti Koti is in 6 weeks: start planning?" (for coordinators; one query, then arithmetic)."""
    now = utcnow()
    rows = db.session.scalars(_coming_back_statement(), {
        "yearly_from": now - timedelta(days=366), "yearly_to": now - timedelta(days=365) + RETURN_AHEAD,
        "monthly_from": now - timedelta(days=31), "monthly_to": now - timedelta(days=28) + RETURN_AHEAD,
        "weekly_from": now - timedelta(days=7), "weekly_to": now - timedelta(days=7) + RETURN_AHEAD,
        "limit": limit * 3})
    found = []
    for event in rows:
        when = next_occurrence(event)
        if when is not None and now < when[0] <= now + RETURN_AHEAD:
            found.append((event, when[0]))
    return found[:limit]
