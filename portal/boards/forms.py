"""Forms for initiatives, tasks, meeting notes, claims and pauses."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, FieldList, FormField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, NumberRange, Optional, Regexp, ValidationError

from portal.boards.notes import BULLET, parse_day, read_line
from portal.core.time import today
from portal.forms import (
    BaseForm,
    CommaListField,
    LocalDecimalField,
    date_problem,
    filled,
    max_length,
    required,
    visible_name,
)
from portal.params import date_window, parse_date


def read_day(value: str | None):
    """Read a date from a form: what a date field sends (2026-12-03), or as people type it (3 december 2026)."""
    _earliest, latest = date_window(today())
    day = parse_date(value) or parse_day(value, today())
    return day if day and day <= latest else None  # a past date is read, so the message can say it has passed


class TaskForm(BaseForm):
    title = StringField(_l("What needs doing?"), description=_l("Short and concrete: \"Bring 20 chairs to the "
                                                                "square\"."),
                        validators=[required(), max_length(160)])
    description = TextAreaField(_l("More about it (optional)"), validators=[Optional(), max_length(2000)])
    estimate_hours = LocalDecimalField(_l("How many hours does it take?"), default=1,
                                  description=_l("For example 0.5 for half an hour. At most 100."),
                                  validators=[filled(), NumberRange(
                                      min=0.25, max=100, message=_l("Use a number of hours from 0.25 to 100."))])
    due_date = StringField(_l("Done by (optional)"), validators=[Optional()], render_kw={"type": "date"})
    place = StringField(_l("Where (optional)"), validators=[Optional(), max_length(160)])
    skills = CommaListField(_l("Skills (optional)"), attribute="skill",
                            description=_l("Separate with commas: cooking, English, lifting."),
                            validators=[Optional(), max_length(300)])
    places_needed = IntegerField(_l("How many people are needed?"), default=1, validators=[
        filled(), NumberRange(min=1, max=50, message=_l("Use a number from %(min)s to %(max)s."))])
    good_first = BooleanField(_l("Good first task"))
    with_buddy = BooleanField(_l("With a buddy: someone experienced joins"))

    parsed_due = None

    def validate_due_date(self, field):
        self.parsed_due = read_day(field.data)
        if self.parsed_due is None:
            raise ValidationError(_l("Fill in a date, like 3 December 2026."))
        if self.parsed_due < today():
            raise ValidationError(_l("This date has passed. Choose today or later."))

    def skill_list(self) -> list[str]:
        return self.skills.words(limit=40)


class MeetingForm(BaseForm):
    lines = TextAreaField(_l("Action points, one per line"), description=_l(
        "Paste them from the meeting notes. We read people, hours and dates, like \"4 people, 2 hours, Sat 5 Dec\", "
        "and show you the tasks before saving."),
                          validators=[required(), max_length(10000)])


class MeetingRowForm(BaseForm):
    """One task in the preview of meeting notes, to correct before saving."""

    class Meta:
        csrf = False  # a row inside the preview form, which carries the token

    keep = BooleanField(_l("Make this task"), default=True)
    title = StringField(_l("What needs doing?"), validators=[required(), max_length(160)])
    hours = LocalDecimalField(_l("Hours"), default=1, validators=[filled(), NumberRange(
        min=0.25, max=100, message=_l("Use a number of hours from 0.25 to 100."))])
    places = IntegerField(_l("People"), default=1, validators=[
        filled(), NumberRange(min=1, max=50, message=_l("Use a number from %(min)s to %(max)s."))])
    due = StringField(_l("Done by (optional)"), validators=[Optional()], render_kw={"type": "date"})

    parsed_due = None

    def validate(self, extra_validators=None) -> bool:
        """A row that will not become a task needs no checks (untick a line to leave it out)."""
        return super().validate(extra_validators) if self.keep.data else True

    def validate_due(self, field):
        self.parsed_due = read_day(field.data)
        if self.parsed_due is None:
            raise ValidationError(_l("Fill in a date, like 3 December 2026."))
        if self.parsed_due < today():
            raise ValidationError(_l("This date has passed. Choose today or later."))


class MeetingPreviewForm(BaseForm):
    rows = FieldList(FormField(MeetingRowForm), min_entries=0, max_entries=100)

    @classmethod
    def from_lines(cls, text: str) -> MeetingPreviewForm:
        """Read each line of the notes into a row to correct (nothing is saved yet)."""
        rows = []
        for line in text.splitlines():
            line = BULLET.sub("", line).strip()
            if line:
                read = read_line(line, today())
                rows.append({"keep": True, "title": read.title, "hours": read.hours or 1,
                             "places": read.places or 1, "due": read.due.isoformat() if read.due else ""})
        form = cls(formdata=None, data={"rows": rows[:100]})
        for entry in form.rows:  # a point longer than a title may be: its row says so now, with all of it shown
            if len(entry.title.data or "") > 160:
                entry.title.validate(entry.form)
        return form


class WalkinClaimForm(BaseForm):
    """The desk writes a resident without an account down for a task (on its card, or a shift on an event's page)."""

    walkin_name = StringField(_l("Name of the resident who will do it"),
                              validators=[DataRequired(message=_l("Write the name of the resident.")),
                                          max_length(80), visible_name()])
    walkin_phone = StringField(_l("Phone (optional)"), description=_l("Deleted automatically when the task is done."),
                               validators=[Optional(), Regexp(r"^\+?[0-9][0-9 ()-]{5,38}$", message=_l(
                                   "Write a phone number in digits, like 06 12345678 (spaces and dashes are fine)."))])


class PauseForm(BaseForm):
    paused_until = StringField(_l("On a break until"), description=_l("Leave empty to be back."),
                               validators=[Optional()], render_kw={"type": "date"})

    parsed = None

    def validate_paused_until(self, field):
        self.parsed = read_day(field.data)
        if self.parsed is None:
            raise ValidationError(_l("Fill in a date, like 3 December 2026."))
        problem = date_problem(self.parsed, today(), today() + timedelta(days=365), today())
        if problem:  # a break ends today or later, within a year
            self.parsed = None
            raise ValidationError(problem)
