"""Kiosk forms."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, StringField
from wtforms.validators import InputRequired, NumberRange

from portal.forms import BaseForm, max_length, required


class DeviceForm(BaseForm):
    name = StringField(_l("Name of this computer"), description=_l("For example: Computer at the desk."),
                       validators=[required(), max_length(80)])


class DeskCodeForm(BaseForm):
    checked = BooleanField(_l("I checked who this is (an ID card, or I know this person)"),
                           validators=[InputRequired(message=_l("Check who this is first, then tick this box."))])


class FreePhoneForm(BaseForm):
    owner_checked = BooleanField(
        _l("I checked that this number belongs to the person in front of me, not to this account (for example: "
           "I called the number and their phone rang)"),
        validators=[InputRequired(message=_l("Check whose number it is first, then tick this box."))])
    close = BooleanField(_l("This account has no e-mail address. I understand that it is closed: nobody can log "
                            "in to it any more."))


class ScreenForm(BaseForm):
    """What the screen of one kiosk shows in turn (the wall, the agenda, tasks) and how long each stays."""

    show_applause = BooleanField(_l("Applause wall"))
    show_agenda = BooleanField(_l("This week's agenda"))
    show_help = BooleanField(_l("Tasks that need people"))
    seconds = IntegerField(_l("Seconds per page"), description=_l("Between 10 and 600."), validators=[
        InputRequired(message=_l("Please fill this in.")),
        NumberRange(min=10, max=600, message=_l("Use a number from %(min)s to %(max)s."))])

    def pages(self) -> list[str]:
        """Return the ticked pages, in the screen's order."""
        return [name for name in ("applause", "agenda", "help") if self[f"show_{name}"].data]

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if not self.pages():
            self.show_applause.errors = [*self.show_applause.errors, _l("Tick at least one page.")]
            return False
        return ok
