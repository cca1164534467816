"""Kiosk forms."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField
from wtforms.validators import InputRequired

from portal.forms import BaseForm, max_length, required


class DeviceForm(BaseForm):
    name = StringField(_l("Name of this computer"), description=_l("For example: Computer at the desk."),
                       validators=[required(), max_length(80)])


class DeskCodeForm(BaseForm):
    checked = BooleanField(_l("I checked who this is (an ID card, or I know this person)"),
                           validators=[InputRequired(message=_l("Check who this is first, then tick this box."))])
