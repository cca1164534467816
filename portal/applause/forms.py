"""Forms for shout-outs and moderation."""

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileField
from wtforms import EmailField, StringField, TextAreaField
from wtforms.validators import Email, Optional

from portal.applause.models import TEXT_MAX
from portal.forms import BaseForm, max_length, required, visible_name
from portal.initiatives.choices import InitiativeField


class ShoutForm(BaseForm):
    thanked_name = StringField(_l("Who do you thank?"), description=_l("A name, or leave it empty and choose an "
                                                                       "initiative."),
                               validators=[Optional(), max_length(80), visible_name()])
    thanked_email = EmailField(_l("Their e-mail address on Buurtbouw (if you know it)"),
                               description=_l("Then they see your thanks on their account page. "
                                              "We never show the address."),
                               validators=[Optional(), max_length(254),
                                           Email(message=_l("This is not an e-mail address."),
                                                 check_deliverability=False)])
    initiative = InitiativeField(_l("Initiative"))
    text = TextAreaField(_l("What for?"), description=_l("For example: for opening the buurthuis every Saturday."),
                         validators=[required(), max_length(TEXT_MAX)])
    photo = FileField(_l("Photo (optional)"), description=_l("JPEG, PNG or WebP, at most 10 MB. "
                                                             "We remove location data from it."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initiative.fill(current_user, [(0, _l("No initiative"))])


    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.initiative.searching:
            return False
        if not (self.thanked_name.data or "").strip() and not self.initiative.data:
            self.thanked_name.errors = [*self.thanked_name.errors, _l("Say who you thank: a name or an initiative.")]
            valid = False
        return valid

