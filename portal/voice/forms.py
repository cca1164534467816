"""Forms for positions, responses, walk-in responses at the kiosk and the follow-up log."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.validators import Optional, Regexp, ValidationError

from portal.core.time import today
from portal.forms import BaseForm, date_problem, max_length, required, visible_name
from portal.initiatives.choices import InitiativeField
from portal.params import parse_date
from portal.voice.models import ARGUMENT_MAX, TITLE_MAX


def stance_choices() -> list[tuple[str, str]]:
    return [("support", _l("I support it")), ("oppose", _l("I am against it")),
            ("neutral", _l("Neutral, or a comment"))]


class DateText(StringField):
    """A date typed or picked (`type="date"`), read as ISO; `parsed` holds it once valid."""

    parsed = None


def date_between(earliest_days: int, latest_days: int, message):
    """A check that the field holds a real date (else `message`) within the window around today (Amsterdam); a
    date outside it is told what is wrong with it (passed, in the future, too far ahead or back)."""

    def check(form, field):
        day = today()
        parsed = parse_date(field.data)
        if parsed is None:
            raise ValidationError(message)
        problem = date_problem(parsed, day + timedelta(days=earliest_days), day + timedelta(days=latest_days), day)
        if problem:
            raise ValidationError(problem)
        field.parsed = parsed

    return check


def web_address():
    """A check that a link is an ordinary web address (http or https), never a script or a file."""

    def check(form, field):
        parts = urlsplit(field.data or "")
        if parts.scheme not in ("http", "https") or not parts.netloc or " " in field.data:
            raise ValidationError(_l("Write a web address that starts with https://"))

    return check


class PositionForm(BaseForm):
    title = StringField(_l("Question or position"), description=_l(
        "For example: What do we think of the plan for the Nellesteinplein?"),
        validators=[required(), max_length(TITLE_MAX)])
    text = TextAreaField(_l("Explain it"), description=_l("What is it about, and what will happen with the answers?"),
                         validators=[required(), max_length(4000)])
    background_url = StringField(_l("Link to background (optional)"), description=_l(
        "For example the plan on the website of the stadsdeel."),
        validators=[Optional(), max_length(500), web_address()])
    last_day = DateText(_l("Open until and including"), render_kw={"type": "date"},
                        validators=[required(), date_between(0, 366, _l("Choose a day from today up to a year "
                                                                        "ahead."))])
    initiative = InitiativeField(_l("On behalf of"), description=_l(
        "A position of a members-only initiative is seen by its members only."))

    def __init__(self, *args, kept: int | None = None, **kwargs):
        """`kept`: the initiative of the position being changed (it stays a choice when it has stopped since)."""
        super().__init__(*args, **kwargs)
        self.initiative.fill(current_user, [(0, _l("The whole neighbourhood"))], kept=kept)



class ResponseForm(BaseForm):
    stance = RadioField(_l("What do you think?"), validate_choice=False)
    argument = TextAreaField(_l("Why? In your own words (optional)"), description=_l(
        "Short and friendly, at most %(max)d characters. Others can read it with your name.", max=ARGUMENT_MAX),
        validators=[Optional(), max_length(ARGUMENT_MAX)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stance.choices = stance_choices()

    def validate_stance(self, field):
        if field.data not in {value for value, _ in stance_choices()}:
            raise ValidationError(_l("Choose one of the three answers."))


class WalkinResponseForm(ResponseForm):
    argument = TextAreaField(_l("Why? In the resident's own words (optional)"), description=_l(
        "Short, at most %(max)d characters. Shown as \"a neighbour\" unless the resident agrees below.",
        max=ARGUMENT_MAX), validators=[Optional(), max_length(ARGUMENT_MAX)])
    walkin_name = StringField(_l("Name of the resident"), validators=[required(), max_length(80), visible_name()])
    walkin_detail = StringField(_l("House number or phone"), description=_l(
        "So that nobody is counted twice. Deleted when the question closes."),
        validators=[required(), max_length(40), Regexp(r"^[\w +()-]{1,40}$", message=_l(
            "Write a house number like 12-H, or a phone number like 06 12345678."))])
    walkin_named = BooleanField(_l("The resident agrees that their name is shown with their words"))


class FollowUpForm(BaseForm):
    happened_on = DateText(_l("When"), render_kw={"type": "date"},
                           validators=[required(), date_between(-3 * 366, 0, _l("Choose a real day, at most "
                                                                                "three years back."))])
    carried_by = StringField(_l("Who brought it"), description=_l("A group or a role, for example: the residents' "
                                                                  "committee."),
                             validators=[required(), max_length(120)])
    carried_to = StringField(_l("To whom"), description=_l("For example: the stadsdeelcommissie, the housing "
                                                           "corporation."), validators=[required(), max_length(120)])
    what = TextAreaField(_l("What happened"), validators=[Optional(), max_length(2000)])
    answer = TextAreaField(_l("What came back (optional)"), validators=[Optional(), max_length(2000)])
