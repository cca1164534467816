"""Read meeting notes the way people write them: people, hours and a date in each line, Dutch or English.

"Kramen opzetten, 4 mensen, 2 uur, za 5 dec" becomes the title "Kramen opzetten", 4 people, 2 hours and the
next 5 December. Whatever is not understood stays in the title, so nothing typed is lost; the coordinator sees a
preview and corrects it before anything is saved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

MONTHS = {
    "jan": 1, "januari": 1, "january": 1, "feb": 2, "februari": 2, "february": 2, "mrt": 3, "mar": 3,
    "maart": 3, "march": 3, "apr": 4, "april": 4, "mei": 5, "may": 5, "jun": 6, "juni": 6, "june": 6, "jul": 7,
    "juli": 7, "july": 7, "aug": 8, "augustus": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "okt": 10,
    "oct": 10, "oktober": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
WEEKDAYS = {
    "ma": 0, "maandag": 0, "mon": 0, "monday": 0, "di": 1, "dinsdag": 1, "tue": 1, "tues": 1, "tuesday": 1,
    "wo": 2, "woensdag": 2, "wed": 2, "wednesday": 2, "do": 3, "donderdag": 3, "thu": 3, "thur": 3, "thurs": 3,
    "thursday": 3, "vr": 4, "vrijdag": 4, "fri": 4, "friday": 4, "za": 5, "zaterdag": 5, "sat": 5, "saturday": 5,
    "zo": 6, "zondag": 6, "sun": 6, "sunday": 6,
}
BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)]|\[[ x]?\])?\s*")
RELATIVE = {"vandaag": 0, "today": 0, "morgen": 1, "tomorrow": 1, "overmorgen": 2}

_month = "|".join(sorted(MONTHS, key=len, reverse=True))
_weekday = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
PEOPLE = re.compile(r"\b(\d{1,3})\s*(?:mensen|personen|persoon|man|vrijwilligers?|people|persons?|volunteers?)\b",
                    re.I)
HOURS = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,]\d{1,2})?)\s*(?:uur|uren|u|hours?|hrs?|h)\b", re.I)
MINUTES = re.compile(r"(?<![\d.,])(\d{1,4})\s*(?:minuten|min|minutes?|mins)\b", re.I)
DATES = [
    re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"),
    re.compile(rf"\b(?:(?:{_weekday})\.?,?\s+)?(\d{{1,2}})\s+({_month})\.?(?:\s+(\d{{4}}))?\b", re.I),
    re.compile(rf"\b(?:(?:{_weekday})\.?,?\s+)?({_month})\.?\s+(\d{{1,2}})(?:,?\s+(\d{{4}}))?\b", re.I),
    re.compile(r"\b(\d{1,2})[-/](\d{1,2})(?:[-/](\d{4}))?\b"),
    re.compile(rf"\b(?:volgende\s+week|next\s+week)\s+(?:op\s+)?({_weekday})\b", re.I),
    re.compile(rf"\b(?:volgende|aanstaande|next|this|deze)\s+({_weekday})\b", re.I),
    re.compile(r"\b(vandaag|today|overmorgen|morgen|tomorrow)\b", re.I),
    re.compile(rf"\b(?:op\s+|on\s+)?({_weekday})\b", re.I),
]
# Little words that lead up to a date and go with it: "op 12-12", "before Friday".
LEAD = re.compile(r"\s+(?:op|on|by|voor|before|uiterlijk|om|at|deadline)\s*$", re.I)


@dataclass
class Line:
    """One action point: the title left after reading, and what was read from it (None when not said)."""

    title: str
    places: int | None = None
    hours: Decimal | None = None
    due: date | None = None


def _this_year_or_next(today: date, month: int, day: int, year: int | None) -> date | None:
    try:
        if year:
            return date(year, month, day)
        found = date(today.year, month, day)
        return found if found >= today else date(today.year + 1, month, day)
    except ValueError:
        return None


def _next_weekday(today: date, weekday: int, next_week: bool = False) -> date:
    if next_week:  # "volgende week dinsdag": the Tuesday of the week after this one
        monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
        return monday + timedelta(days=weekday)
    ahead = (weekday - today.weekday()) % 7
    return today + timedelta(days=ahead or 7)


def _date_from(index: int, match: re.Match, today: date) -> date | None:
    groups = match.groups()
    if index == 0:
        try:
            return date(int(groups[0]), int(groups[1]), int(groups[2]))
        except ValueError:
            return None
    if index == 1:
        return _this_year_or_next(today, MONTHS[groups[1].lower()], int(groups[0]), int(groups[2] or 0) or None)
    if index == 2:
        return _this_year_or_next(today, MONTHS[groups[0].lower()], int(groups[1]), int(groups[2] or 0) or None)
    if index == 3:
        return _this_year_or_next(today, int(groups[1]), int(groups[0]), int(groups[2] or 0) or None)
    if index == 4:
        return _next_weekday(today, WEEKDAYS[groups[0].lower()], next_week=True)
    if index == 5:
        return _next_weekday(today, WEEKDAYS[groups[0].lower()])
    if index == 6:
        return today + timedelta(days=RELATIVE[groups[0].lower()])
    return _next_weekday(today, WEEKDAYS[groups[0].lower()])


def find_date(text: str, today: date) -> tuple[date | None, tuple[int, int] | None]:
    """Return the first date written in `text` (and where it stands), trying the surest forms first."""
    for index, pattern in enumerate(DATES):
        for match in pattern.finditer(text):
            if index == len(DATES) - 1 and len(match.group(1)) <= 4 and not match.group(0).lower().startswith(
                    ("op", "on")) and not re.search(r"[,;(]\s*$", text[:match.start()]):
                continue  # a bare "do", "sat" or "sun" in a sentence is a word, not a day
            found = _date_from(index, match, today)
            if found:
                return found, match.span()
    return None, None


def parse_day(value: str | None, today: date) -> date | None:
    """Read a date as typed in a form: 2026-12-03, 3-12-2026, 3 december 2026, Sat 5 Dec, morgen."""
    text = (value or "").strip()
    if not text or len(text) > 40:
        return None
    found, span = find_date(text, today)
    if found is None or text[:span[0]].strip(" ,") or text[span[1]:].strip(" ,."):
        return None
    return found


def _cut(text: str, span: tuple[int, int]) -> str:
    return f"{LEAD.sub('', text[:span[0]])} {text[span[1]:]}"


def read_line(line: str, today: date) -> Line:
    """Read people, hours and a date from one action point, and take them out of its title."""
    text, result = line, Line(title="")
    if match := PEOPLE.search(text):
        result.places, text = int(match.group(1)), _cut(text, match.span())
    if match := HOURS.search(text):
        result.hours, text = Decimal(match.group(1).replace(",", ".")), _cut(text, match.span())
    elif match := MINUTES.search(text):
        result.hours, text = (Decimal(match.group(1)) / 60).quantize(Decimal("0.01")), _cut(text, match.span())
    due, span = find_date(text, today)
    if due is not None:
        result.due, text = due, _cut(text, span)
    title = re.sub(r"\(\s*[,;]*\s*\)", " ", text)
    title = re.sub(r"\s*([,;])(\s*[,;])+", r"\1", title)
    # Not cut: a point longer than a title may be shows whole in the review, where its row says it is too long
    result.title = re.sub(r"\s+", " ", title).strip(" ,;:-–—(").strip() or line.strip()
    return result
