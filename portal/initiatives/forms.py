"""Forms for initiatives: start or edit one (every field), send its contact person a message, hand out a role."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional, ValidationError

from portal.forms import BaseForm, max_length, required
from portal.initiatives.models import MEETS_MAX, NAME_MAX, PURPOSE_MAX
from portal.initiatives.services import JOIN_LABELS, STATUS_LABELS, THEME_LABELS

STORY_MAX = 4000
MESSAGE_MAX = 2000


def one_sentence(form, field) -> None:
    """Refuse a purpose of more than one sentence (a full stop, then more words)."""
    text = (field.data or "").strip().rstrip(".!?")
    if any(mark + " " in text for mark in ".!?") and len(text.split()) > 3:
        raise ValidationError(_l("Say it in one sentence; the story below has room for more."))


class InitiativeForm(BaseForm):
    name = StringField(_l("Name"), description=_l("For example: Koningsdag 2027, Groen in de buurt."),
                       validators=[required(), max_length(NAME_MAX)])
    purpose = StringField(_l("What do you do, in one sentence?"),
                          description=_l("For example: We keep the gardens behind block C green, together."),
                          validators=[required(), max_length(PURPOSE_MAX), one_sentence])
    story = TextAreaField(_l("Your story (optional)"), description=_l(
        "How it started, what you did so far, what you dream of. Empty lines start a new paragraph."),
        validators=[Optional(), max_length(STORY_MAX)])
    theme = SelectField(_l("Theme"), choices=list(THEME_LABELS.items()), default="living")
    status = SelectField(_l("How is it going?"), choices=list(STATUS_LABELS.items()), default="starting")
    meets_when = StringField(_l("When do you meet? (optional)"), description=_l(
        "For example: every Tuesday 10:00-12:00."), validators=[Optional(), max_length(MEETS_MAX)])
    meets_where = StringField(_l("Where do you meet? (optional)"), description=_l(
        "For example: Buurthuis Gein, the big room."), validators=[Optional(), max_length(MEETS_MAX)])
    how_to_join = RadioField(_l("How do newcomers join?"), choices=list(JOIN_LABELS.items()), default="visit")
    be_contact = BooleanField(_l("Show me as the contact person (others see my name and can send me a message; "
                                 "my e-mail address stays hidden)"))
    photo = FileField(_l("Photo or logo (optional)"), description=_l("JPEG, PNG or WebP, at most 10 MB. "
                                                                     "We remove location data from it."))
    remove_photo = BooleanField(_l("Remove the photo"))
    visibility = SelectField(_l("Who sees the initiative?"), choices=[
        ("public", _l("Everyone")), ("members", _l("Only members and coordinators"))])

    def __init__(self, *args, has_contact: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_contact = has_contact

    def validate_how_to_join(self, field) -> None:
        """"Send a message" needs someone to send it to."""
        if field.data == "message" and not self.has_contact and not self.be_contact.data:
            raise ValidationError(_l("\"Send a message\" needs a contact person. Tick \"Show me as the contact "
                                     "person\", or choose another way to join."))


class MessageForm(BaseForm):
    text = TextAreaField(_l("Your message"), description=_l(
        "Say who you are and what you would like. We pass on your e-mail address, so they can answer you."),
        validators=[required(), max_length(MESSAGE_MAX)])


class RoleForm(BaseForm):
    role = SelectField(_l("Role"), choices=[("member", _l("Member")), ("carrier", _l("Carrier"))])
