"""The form for adding a partner feed."""

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import StringField, URLField
from wtforms.validators import ValidationError

from portal.feeds.fetch import FetchError, check_url
from portal.forms import BaseForm, max_length, required, visible_name
from portal.initiatives.choices import InitiativeField


class FeedForm(BaseForm):
    url = URLField(_l("Address of the feed"), description=_l(
        "The web address of a public calendar (iCalendar, often ending in .ics) or news feed (Atom or RSS), "
        "starting with https://"), validators=[required(), max_length(1000)])
    origin = StringField(_l("Who publishes it?"), description=_l(
        "Shown with every item, for example: OBA Reigersbos, Stadsdeel Zuidoost."),
        validators=[required(), max_length(120), visible_name()])
    initiative = InitiativeField(_l("Initiative (optional)"), description=_l(
        "A feed of a members-only initiative is seen only by its members."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initiative.fill(current_user, [(0, _l("No initiative"))])

    def validate_url(self, field):
        try:
            check_url((field.data or "").strip())
        except FetchError:
            raise ValidationError(_l("Use a full web address that starts with http:// or https://.")) from None

