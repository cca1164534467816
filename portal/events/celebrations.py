"""The neighbourhood's celebrations: the fixed and the expected dates of Koningsdag, Keti Koti, Sinterklaas,
Kerst, Suikerfeest, Offerfeest and Diwali, as data (no table), and what coordinators are asked in time:
"Koningsdag is over 6 weken: begin je met plannen?", with last year's event as a template."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, bindparam, func, or_, select

from portal.accounts.models import User, Viewer
from portal.core.time import local, to_utc
from portal.events.models import Event
from portal.events.repeats import copy_shifts
from portal.events.services import event_visible, get_visible
from portal.extensions import db

PLAN_AHEAD = timedelta(weeks=8)
SAME_CELEBRATION = timedelta(days=10)  # an event this close to the day, with its name in the title, is for it


@dataclass(frozen=True)
class Celebration:
    key: str
    name: object  # a lazy string: "King's Day" / "Koningsdag"
    words: tuple[str, ...]  # lower case: what an event's title says when it is for this celebration
    month_day: tuple[int, int] | None = None  # a fixed date; None: see MOVING


CELEBRATIONS = (
    Celebration("koningsdag", _l("King's Day"), ("koningsdag", "king's day", "kings day"), (4, 27)),
    Celebration("keti-koti", _l("Keti Koti"), ("keti koti",), (7, 1)),
    Celebration("sinterklaas", _l("Sinterklaas"), ("sinterklaas",), (12, 5)),
    Celebration("kerst", _l("Christmas"), ("kerst", "christmas"), (12, 25)),
    Celebration("suikerfeest", _l("Sugar Feast"), ("suikerfeest", "sugar feast", "eid al-fitr")),
    Celebration("offerfeest", _l("Feast of Sacrifice"), ("offerfeest", "eid al-adha")),
    Celebration("diwali", _l("Diwali"), ("diwali",)),
)
BY_KEY = {celebration.key: celebration for celebration in CELEBRATIONS}

# Dates that follow the moon: the expected day (it can shift by a day when the moon is seen). Add a year here.
MOVING = {
    "suikerfeest": {2026: date(2026, 3, 20), 2027: date(2027, 3, 10), 2028: date(2028, 2, 27)},
    "offerfeest": {2026: date(2026, 5, 27), 2027: date(2027, 5, 17), 2028: date(2028, 5, 5)},
    "diwali": {2026: date(2026, 11, 8), 2027: date(2027, 10, 29), 2028: date(2028, 10, 17)},
}


@dataclass(frozen=True)
class Suggestion:
    celebration: Celebration
    day: date
    days_left: int

    @property
    def moves(self) -> bool:
        """True when the date follows the moon and can shift by a day."""
        return self.celebration.month_day is None


def day_in(celebration: Celebration, year: int) -> date | None:
    """Return the celebration's day in `year`: Koningsdag is 26 April when the 27th is a Sunday; None when the
    table does not know the year of a moving feast."""
    if celebration.month_day is None:
        return MOVING.get(celebration.key, {}).get(year)
    day = date(year, *celebration.month_day)
    if celebration.key == "koningsdag" and day.weekday() == 6:
        return day - timedelta(days=1)
    return day


def coming(today: date, ahead: timedelta = PLAN_AHEAD) -> list[tuple[Celebration, date]]:
    """Return the celebrations after today and within `ahead`, soonest first."""
    found = [(celebration, day) for year in (today.year, today.year + 1) for celebration in CELEBRATIONS
             if (day := day_in(celebration, year)) is not None and today < day <= today + ahead]
    return sorted(found, key=lambda pair: pair[1])


def _names(celebration: Celebration) -> ColumnElement[bool]:
    return or_(*(func.lower(Event.title).contains(word, autoescape=True) for word in celebration.words))


def _local_day(moment: datetime) -> date:
    return local(moment).date()


@lru_cache(maxsize=64)
def _planned_statement(keys: tuple[str, ...]) -> Select[tuple[str, datetime]]:
    """The titles and starts of events that may be for these celebrations, built once per set of celebrations
    (a handful a year); the window is a bound parameter."""
    moment = Event.start_at.type
    return select(Event.title, Event.start_at).where(
        Event.status != "cancelled", Event.start_at >= bindparam("first", type_=moment),
        Event.start_at < bindparam("last", type_=moment), or_(*(_names(BY_KEY[key]) for key in keys)))


def suggestions(today: date, leave_out: tuple[str, ...] = ()) -> list[Suggestion]:
    """Return the celebrations within eight weeks for which no event is planned yet (one query): an event with
    the celebration's name in its title, not cancelled, within ten days of the day. `leave_out`: titles already
    suggested another way (a yearly event coming back)."""
    upcoming = [(celebration, day) for celebration, day in coming(today)
                if not any(word in title.lower() for title in leave_out for word in celebration.words)]
    if not upcoming:
        return []
    first = to_utc(datetime.combine(upcoming[0][1] - SAME_CELEBRATION, time()))
    last = to_utc(datetime.combine(upcoming[-1][1] + SAME_CELEBRATION, time()))
    rows = db.session.execute(_planned_statement(tuple(celebration.key for celebration, _day in upcoming)),
                              {"first": first, "last": last}).all()
    return [Suggestion(celebration, day, (day - today).days) for celebration, day in upcoming
            if not any(abs(_local_day(start) - day) <= SAME_CELEBRATION
                       and any(word in title.lower() for word in celebration.words) for title, start in rows)]


def last_year(celebration: Celebration, day: date, user: Viewer) -> Event | None:
    """Return last year's event for the celebration that `user` may see (the latest one), as a template."""
    earlier = day_in(celebration, day.year - 1) or day - timedelta(days=365)
    first = to_utc(datetime.combine(earlier - SAME_CELEBRATION, time()))
    last = to_utc(datetime.combine(earlier + SAME_CELEBRATION, time()))
    return db.session.scalar(select(Event).where(
        Event.status.in_(("published", "took_place")), Event.start_at >= first, Event.start_at < last,
        _names(celebration), event_visible(user)).order_by(Event.start_at.desc(), Event.id.desc()).limit(1))


def template_for(key: str | None, day: date | None, user: Viewer) -> tuple[Celebration, Event | None] | None:
    """Read a suggestion's link (a known celebration on its own day); None for anything else."""
    celebration = BY_KEY.get(key or "")
    if celebration is None or day is None or day_in(celebration, day.year) != day:
        return None
    return celebration, last_year(celebration, day, user)


def copy_template_shifts(template_id: int | None, event: Event, user: User) -> None:
    """Copy the shifts of the template event the form came from, when `user` may see that event."""
    source = get_visible(template_id, user) if template_id else None
    if source is not None and source.id != event.id:
        copy_shifts(source.id, event, user)
