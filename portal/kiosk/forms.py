"""Kiosk forms."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField

from portal.forms import BaseForm, max_length, required


class DeviceForm(BaseForm):
    name = StringField(_l("Name of this computer"), description=_l("For example: Computer at the desk."),
                       validators=[required(), max_length(80)])
