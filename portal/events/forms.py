"""Forms for events, RSVPs and shifts."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import NumberRange, Optional, ValidationError

from portal.core.time import to_utc, today
from portal.db import utcnow
from portal.events.models import SHIFT_KINDS
from portal.events.services import MAX_LENGTH, SHIFT_LABELS
from portal.forms import BaseForm, date_problem, filled, max_length, required, visible_name
from portal.initiatives.choices import InitiativeField
from portal.params import date_window

FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M")


def read_moment(value: str | None) -> datetime | None:
    """Read a local date and time as a browser's date picker sends it ("2026-07-01T14:00"), or "1-7-2026 14:00"."""
    for fmt in FORMATS:
        try:
            return datetime.strptime((value or "").strip(), fmt)
        except ValueError:
            continue
    return None


def number(label, low: int, high: int, required_value: bool = False, **kwargs) -> IntegerField:
    """An integer field with bounds and a message that names them."""
    message = _l("Use a number from %(min)s to %(max)s.")
    checks = [filled() if required_value else Optional(),
              NumberRange(min=low, max=high, message=message)]
    return IntegerField(label, validators=checks, render_kw={"inputmode": "numeric"}, **kwargs)


class EventForm(BaseForm):
    title = StringField(_l("Name of the event"), description=_l("For example: Keti Koti, Taalcafé, Buurtbarbecue."),
                        validators=[required(), max_length(120)])
    initiative = InitiativeField(_l("Who organises it?"))
    description = TextAreaField(_l("What happens? (optional)"), validators=[Optional(), max_length(3000)])
    start = StringField(_l("Start"), validators=[required()], render_kw={"type": "datetime-local"})
    end = StringField(_l("End"), validators=[required()], render_kw={"type": "datetime-local"})
    where = RadioField(_l("Where?"), default="room", choices=[("room", _l("In a room of the buurthuis")),
                                                               ("address", _l("Somewhere else"))])
    room = SelectField(_l("Room"), coerce=int, validate_choice=False)
    address = StringField(_l("Address"), description=_l("For example: Bijlmerpark, by the playground."),
                          validators=[Optional(), max_length(200)])
    public = RadioField(_l("Who may come?"), default="public", choices=[
        ("public", _l("Everyone in the neighbourhood")), ("members", _l("Only members of the initiative"))])
    capacity = number(_l("How many places? (optional)"), 1, 5000,
                      description=_l("Leave empty when there is no limit. Children count as a place too."))
    repeats = RadioField(_l("Does it come back?"), default="none", choices=[
        ("none", _l("No, once")), ("weekly", _l("Every week")), ("monthly", _l("Every month")),
        ("yearly", _l("Every year"))])
    photo = FileField(_l("Photo (optional)"), description=_l("JPEG, PNG or WebP, at most 10 MB. We remove the "
                                                             "location and other hidden details from it."))
    remove_photo = BooleanField(_l("Remove the photo"))
    draft = BooleanField(_l("Keep it as a draft (not in the agenda yet)"))
    # The event a celebration's suggestion took as a template: its shifts come along (when the person may see it).
    template = HiddenField()

    start_at = end_at = None
    taken: int = 0  # places already taken; the view sets it when editing

    def set_choices(self, viewer, rooms: list[tuple[int, str]], kept: int | None = None) -> None:
        """List the initiatives `viewer` organises for (a member of; coordinators: all) and the rooms; `kept`: the
        organiser of the event being changed, which stays a choice when it has stopped since."""
        self.initiative.fill(viewer, members_only=True, kept=kept)
        self.room.choices = [(0, _("Choose a room"))] + rooms

    def validate_capacity(self, field):
        if field.data is not None and field.data < self.taken:
            raise ValidationError(_("%(num)s places are taken already. Choose at least %(num)s.", num=self.taken))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # The field's own message first (it says why, for example that the initiative has stopped).
        if self.initiative.data not in {value for value, _label in self.initiative.choices}:
            self.initiative.errors = list(self.initiative.errors) or [_("Choose one of your initiatives.")]
            valid = False
        if self.where.data == "room" and self.room.data not in {value for value, _l in self.room.choices if value}:
            self.room.errors = [_("Choose a room.")]
            valid = False
        if self.where.data == "address" and not (self.address.data or "").strip():
            self.address.errors = [_("Write where it is.")]
            valid = False
        return self._check_times() and valid

    def _check_times(self) -> bool:
        start, end = read_moment(self.start.data), read_moment(self.end.data)
        day = today()
        earliest, latest = date_window(day, years_back=0)
        valid = True
        for field, value in ((self.start, start), (self.end, end)):
            if field.data and value is None:
                field.errors = [*field.errors, _("Fill in a date and time, like %(example)s.",
                                                 example="01-07-2027 14:00")]
                valid = False
            elif value is not None and (problem := date_problem(value.date(), earliest, latest, day)):
                field.errors = [*field.errors, problem]
                valid = False
        if not (start and end):
            return False
        if end <= start:  # said too when a date is wrong as well: every mistake at once, not one per try
            self.end.errors = [*self.end.errors, _("The end must be after the start.")]
            return False
        if not valid:  # a date far outside the window: no time zone arithmetic on it (it could overflow)
            return False
        self.start_at, self.end_at = to_utc(start), to_utc(end)
        if self.end_at <= self.start_at:  # the hour the clocks go back
            self.end.errors = [*self.end.errors, _("The end must be after the start.")]
            valid = False
        elif self.end_at - self.start_at > MAX_LENGTH:
            self.end.errors = [*self.end.errors, _("An event lasts at most 14 days.")]
            valid = False
        if self.start_at < utcnow() - timedelta(minutes=5):
            self.start.errors = [*self.start.errors, _("This time has passed. Choose a time in the future.")]
            valid = False
        return valid


class RsvpForm(BaseForm):
    people = number(_l("How many adults?"), 1, 20, required_value=True, default=1)
    children = number(_l("How many children?"), 0, 20, default=0)


class GuestRsvpForm(RsvpForm):
    name = StringField(_l("Your name"), validators=[required(), max_length(80), visible_name()])
    contact = StringField(_l("Your phone number or e-mail"),
                          description=_l("Only the organisers see it. It is deleted a week after the event."),
                          validators=[required(), max_length(120)])


class WalkinRsvpForm(RsvpForm):
    # Own ids: the desk's form stands on the event page beside the librarian's own "I'm coming" form, and a label
    # must lead to its own field.
    people = number(_l("How many adults?"), 1, 20, required_value=True, default=1, id="walkin-people")
    children = number(_l("How many children?"), 0, 20, default=0, id="walkin-children")
    name = StringField(_l("Name of the resident (walk-in, no account)"), id="walkin-name",
                       validators=[required(), max_length(80), visible_name()])
    contact = StringField(_l("Phone or e-mail of the resident (optional)"), id="walkin-contact",
                          description=_l("Only the organisers see it. It is deleted a week after the event."),
                          validators=[Optional(), max_length(120)])


class ShiftForm(BaseForm):
    kind = SelectField(_l("What needs doing?"), choices=[(kind, SHIFT_LABELS[kind]) for kind in SHIFT_KINDS])
    offset = number(_l("Starts how many minutes after the start of the event?"), -2880, 2880, required_value=True,
                    default=0, description=_l("Use a minus for before: -60 is one hour before the start."))
    minutes = number(_l("How long does it take (minutes)?"), 15, 1440, required_value=True, default=60)
    places = number(_l("How many people?"), 1, 50, required_value=True, default=2)


class TookPlaceForm(BaseForm):
    people_came = number(_l("How many people came? (optional)"), 0, 100000)


class EventPhotoForm(BaseForm):
    photo = FileField(_l("Your photo of the event"), description=_l("JPEG, PNG or WebP, at most 10 MB. We remove the "
                                                                     "location and other hidden details from it."))
