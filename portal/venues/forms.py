"""Forms for booking, deciding, and managing venues, rooms, opening hours and closed days."""

import re
from datetime import date, datetime, time, timedelta

from babel import dates
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from wtforms import BooleanField, FieldList, FormField, IntegerField, RadioField, StringField, TextAreaField
from wtforms.validators import NumberRange, Optional, ValidationError

from portal.core.time import to_utc, today
from portal.db import utcnow
from portal.forms import BaseForm, date_problem, max_length, required, visible_name
from portal.i18n import format_date
from portal.params import date_window, parse_date
from portal.venues.models import MESSAGE_LENGTH
from portal.venues.services import MAX_LENGTH, MAX_SERIES, MAX_SERIES_WEEKS, RequestLimits

# Month names people type, in Dutch and English, written out or short ("3 december 2026", "3 mrt. 2027").
MONTHS = {name.lower().rstrip("."): number for language in ("nl", "en") for width in ("wide", "abbreviated")
          for number, name in dates.get_month_names(width, locale=language).items()}
WRITTEN = re.compile(r"(\d{1,2})[\s./-]+([^\W\d_]+\.?|\d{1,2})[\s./-]+(\d{4})(?:[\s,T]+(\d{1,2})[:.](\d{2}))?")


def _written(value: str) -> tuple[date, time | None] | None:
    """Read a date as people write it: "3 december 2026, 14:00", "3-12-2026 14:00", "31 maart 2027"."""
    match = WRITTEN.fullmatch(value.strip().lower())
    if not match:
        return None
    day, month, year, hour, minute = match.groups()
    number = int(month) if month.isdigit() else MONTHS.get(month.rstrip("."))
    try:
        moment = time(int(hour), int(minute)) if hour is not None else None
        return date(int(year), number or 0, int(day)), moment
    except ValueError:
        return None


def parse_local_datetime(value: str) -> datetime | None:
    """Read a datetime-local value ("2026-12-03T14:00", a space works too) or a written one ("3 december 2026,
    14:00", for browsers without a date picker); None when it is not one."""
    for fmt in ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime((value or "").strip(), fmt)
        except ValueError:
            continue
    written = _written(value or "")
    return datetime.combine(written[0], written[1]) if written and written[1] else None


def read_date(value: str) -> date | None:
    """Read an ISO date ("2027-03-31") or a written one ("31 maart 2027"); None when it is not one."""
    written = _written(value or "")
    return parse_date(value) or (written[0] if written and written[1] is None else None)


def example_moment(with_time: bool = True) -> str:
    """Return an example date (and time) in the reader's language, as the hints show it: "3 december 2026, 14:00"."""
    return format_date(utcnow().date() + timedelta(days=5), "d MMMM y") + (", 14:00" if with_time else "")


class BookingForm(BaseForm):
    title = StringField(_l("What is it for?"), description=_l("For example: Taalcafé, birthday, meeting."),
                        validators=[required(), max_length(120)])
    visibility = RadioField(_l("Who sees the title?"), default="private", choices=[
        ("public", _l("Everyone: it is open to the neighbourhood")),
        ("private", _l("Only the buurthuis: others see \"taken\""))])
    description = TextAreaField(_l("Short description (optional)"),
                                description=_l("For a public booking, the neighbourhood reads this in the agenda."),
                                validators=[Optional(), max_length(300)])
    attendees = IntegerField(_l("How many people do you expect? (optional)"), validators=[
        Optional(), NumberRange(min=1, max=2000, message=_l("Use a number from %(min)s to %(max)s."))],
        render_kw={"inputmode": "numeric"})
    start = StringField(_l("Start"), validators=[required()], render_kw={"type": "datetime-local"})
    end = StringField(_l("End"), validators=[required()], render_kw={"type": "datetime-local"})
    repeat_weekly_until = StringField(_l("Repeat every week until (optional)"),
                                      description=_l("Leave empty for one time. At most one year."),
                                      validators=[Optional()], render_kw={"type": "date"})
    note = TextAreaField(_l("Note for the buurthuis (optional)"), validators=[Optional(), max_length(500)])
    walkin_name = StringField(_l("Name of the resident (walk-in, no account)"),
                              validators=[Optional(), max_length(80), visible_name()])
    walkin_contact = StringField(_l("Phone or e-mail of the resident"),
                                 description=_l("Deleted automatically when the booking is over."),
                                 validators=[Optional(), max_length(120)])
    override_hours = BooleanField(_l("Book outside opening hours or on a closed day (coordinators)"))
    book_rest = BooleanField(_l("Book the other dates, without the ones that are taken"))

    start_at = end_at = None
    until = None
    capacity: int | None = None  # the room's; the view sets it
    series_weeks = MAX_SERIES_WEEKS  # the person's limit; set_limits() sets it

    def set_limits(self, limits: RequestLimits) -> None:
        """Apply the person's limits (series length, requests waiting) and say them in the hint."""
        self.series_weeks = limits.series_weeks
        if limits.pending is not None:
            self.repeat_weekly_until.description = _l(
                "Leave empty for one time. At most %(weeks)s weeks. At most %(pending)s dates can wait for an "
                "answer at the same time.", weeks=limits.series_weeks, pending=limits.pending)

    def validate_attendees(self, field):
        if field.data and self.capacity and field.data > self.capacity:
            raise ValidationError(ngettext("%(num)s person fits in this room. Choose a bigger room or fewer people.",
                                           "%(num)s people fit in this room. Choose a bigger room or fewer people.",
                                           self.capacity))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        start = parse_local_datetime(self.start.data) if self.start.data else None
        end = parse_local_datetime(self.end.data) if self.end.data else None
        day = today()
        earliest, latest = date_window(day, years_back=0)
        in_window = True
        for field, value in ((self.start, start), (self.end, end)):
            if field.data and value is None:
                field.errors = [*field.errors, _("Fill in a date and time, like %(example)s.",
                                                 example=example_moment())]
                valid = False
            elif value is not None and (problem := date_problem(value.date(), earliest, latest, day)):
                field.errors = [*field.errors, problem]
                in_window = valid = False
        if start and end and not in_window:
            if end <= start:  # said too when a date is wrong as well: every mistake at once, not one per try
                self.end.errors = [*self.end.errors, _l("The end must be after the start.")]
            start = end = None  # year 1 or 9999: no time zone arithmetic on it (it would overflow)
        if start and end:
            self.start_at, self.end_at = to_utc(start), to_utc(end)
            if self.end_at <= self.start_at:
                self.end.errors = [*self.end.errors, _l("The end must be after the start.")]
                valid = False
            elif self.end_at - self.start_at > MAX_LENGTH:
                self.end.errors = [*self.end.errors, _l("One booking lasts at most 24 hours. "
                                                        "Use \"repeat every week\" for more.")]
                valid = False
            if self.start_at < utcnow() - timedelta(minutes=5):
                self.start.errors = [*self.start.errors, _l("This time has passed. Choose a time in the future.")]
                valid = False
        if self.repeat_weekly_until.data:
            self.until = read_date(self.repeat_weekly_until.data)
            if self.until is None:
                self.repeat_weekly_until.errors = [_("Fill in a date, like %(example)s.",
                                                     example=example_moment(with_time=False))]
                valid = False
            elif start and self.until < start.date():
                self.repeat_weekly_until.errors = [_l("This date is before the first booking.")]
                valid = False
            elif start and self.until - start.date() > MAX_SERIES:
                self.repeat_weekly_until.errors = [_l("A series lasts at most one year.")]
                valid = False
            elif start and (self.until - start.date()).days // 7 + 1 > self.series_weeks:
                self.repeat_weekly_until.errors = [_l(
                    "You can ask for at most %(weeks)s weeks at once. The buurthuis can book a longer series "
                    "for you.", weeks=self.series_weeks)]
                valid = False
        return valid


class DeclineForm(BaseForm):
    reason = StringField(_l("Why not? The requester reads this."), validators=[required(), max_length(300)])


class MessageForm(BaseForm):
    """One message in a booking request's thread: plain text, tabs and line ends kept, other control characters gone."""

    text = TextAreaField(_l("Your message"), validators=[required(), max_length(MESSAGE_LENGTH)])


class VenueForm(BaseForm):
    name = StringField(_l("Name"), validators=[required(), max_length(120)])
    address = StringField(_l("Address"), validators=[Optional(), max_length(200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), max_length(2000)])
    accessibility = TextAreaField(_l("Accessibility"), description=_l("Entrance, lift, toilet, parking."),
                                  validators=[Optional(), max_length(2000)])


class RoomForm(BaseForm):
    name = StringField(_l("Name of the room"), validators=[required(), max_length(120)])
    capacity = IntegerField(_l("How many people fit?"), validators=[
        required(), NumberRange(min=1, max=2000, message=_l("Use a number from %(min)s to %(max)s."))])
    wheelchair = BooleanField(_l("Wheelchair accessible"))
    hearing_loop = BooleanField(_l("Hearing loop"))
    amenities = StringField(_l("What is in the room?"), description=_l("For example: kitchen, beamer, 30 chairs."),
                            validators=[Optional(), max_length(300)])


class DayHoursForm(BaseForm):
    class Meta:
        csrf = False

    opens = StringField(_l("Opens"), validators=[Optional()], render_kw={"type": "time"})
    closes = StringField(_l("Closes"), validators=[Optional()], render_kw={"type": "time"})


class HoursForm(BaseForm):
    days = FieldList(FormField(DayHoursForm), min_entries=7, max_entries=7)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        self.parsed = {}
        for weekday, entry in enumerate(self.days):
            opens, closes = entry.form.opens, entry.form.closes
            if not opens.data and not closes.data:
                continue
            try:
                start = datetime.strptime(opens.data or "", "%H:%M").time()
                stop = datetime.strptime(closes.data or "", "%H:%M").time()
            except ValueError:
                closes.errors = [*closes.errors, _l("Fill in both times, like 09:00 and 22:00, or neither.")]
                valid = False
                continue
            if stop <= start:
                closes.errors = [*closes.errors, _l("Closing must be after opening.")]
                valid = False
            self.parsed[weekday] = (start, stop)
        return valid


class ClosedDayForm(BaseForm):
    day = StringField(_l("Closed on"), validators=[required()], render_kw={"type": "date"})
    reason = StringField(_l("Why (optional)"), description=_l("For example: Christmas."),
                         validators=[Optional(), max_length(120)])

    def validate_day(self, field):
        self.parsed_day = read_date(field.data)
        if self.parsed_day is None:
            raise ValidationError(_("Fill in a date, like %(example)s.", example=example_moment(with_time=False)))
