"""Forms for initiatives, tasks, meeting notes, claims and pauses."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import NumberRange, Optional, ValidationError

from portal.forms import CommaListField, LocalDecimalField, max_length, required
from portal.params import parse_date


class InitiativeForm(FlaskForm):
    name = StringField(_l("Name"), description=_l("For example: Koningsdag 2027, Groen in de buurt."),
                       validators=[required(), max_length(120)])
    description = TextAreaField(_l("What is it about?"), validators=[Optional(), max_length(2000)])
    visibility = SelectField(_l("Who sees the board?"), choices=[
        ("public", _l("Everyone")), ("members", _l("Only members and coordinators"))])


class TaskForm(FlaskForm):
    title = StringField(_l("What needs doing?"), description=_l("Short and concrete: \"Bring 20 chairs to the "
                                                                "square\"."),
                        validators=[required(), max_length(160)])
    description = TextAreaField(_l("More about it (optional)"), validators=[Optional(), max_length(2000)])
    estimate_hours = LocalDecimalField(_l("How many hours does it take?"), default=1,
                                  description=_l("For example 0.5 for half an hour. At most 100."),
                                  validators=[required(), NumberRange(
                                      min=0.25, max=100, message=_l("Use a number of hours from 0.25 to 100."))])
    due_date = StringField(_l("Done by (optional)"), validators=[Optional()], render_kw={"type": "date"})
    place = StringField(_l("Where (optional)"), validators=[Optional(), max_length(160)])
    skills = CommaListField(_l("Skills (optional)"), attribute="skill",
                            description=_l("Separate with commas: cooking, English, lifting."),
                            validators=[Optional(), max_length(300)])
    places_needed = IntegerField(_l("How many people are needed?"), default=1, validators=[
        required(), NumberRange(min=1, max=50, message=_l("Use a number from %(min)s to %(max)s."))])
    good_first = BooleanField(_l("Good first task"))
    with_buddy = BooleanField(_l("With a buddy: someone experienced joins"))

    parsed_due = None

    def validate_due_date(self, field):
        self.parsed_due = parse_date(field.data)
        if self.parsed_due is None:
            raise ValidationError(_l("Fill in a date, like 2027-03-31."))
        from portal.core.time import today
        if self.parsed_due < today():
            raise ValidationError(_l("This date has passed. Choose today or later."))

    def skill_list(self) -> list[str]:
        return self.skills.words(limit=40)


class MeetingForm(FlaskForm):
    lines = TextAreaField(_l("Action points, one per line"),
                          description=_l("Paste them from the meeting notes. Each line becomes an open task."),
                          validators=[required(), max_length(10000)])


class WalkinClaimForm(FlaskForm):
    walkin_name = StringField(_l("Name of the resident who will do it"), validators=[required(), max_length(80)])


class PauseForm(FlaskForm):
    paused_until = StringField(_l("On a break until"), description=_l("Leave empty to be back."),
                               validators=[Optional()], render_kw={"type": "date"})

    parsed = None

    def validate_paused_until(self, field):
        self.parsed = parse_date(field.data)
        if self.parsed is None:
            raise ValidationError(_l("Fill in a date, like 2027-03-31."))
