"""The form for a distribution point, and the button that makes this week's distribution tasks."""

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import BooleanField, IntegerField, StringField
from wtforms.validators import NumberRange, ValidationError

from portal.forms import BaseForm, max_length, required, visible_name
from portal.initiatives.choices import InitiativeField
from portal.paper import points
from portal.paper.models import COPIES_MAX


class PointForm(BaseForm):
    name = StringField(_l("Name of the place"), description=_l("For example: Albert Heijn Ganzenhoef, OBA Reigersbos."),
                       validators=[required(), max_length(120), visible_name()])
    address = StringField(_l("Address"), description=_l("Street and number, so a volunteer finds it."),
                          validators=[required(), max_length(200)])
    opening_times = StringField(_l("Opening times (optional)"), description=_l("For example: Mon-Sat 08:00-21:00."),
                                validators=[max_length(200)])
    brought_by = StringField(_l("Who brings the paper? (optional)"), description=_l(
        "A person or a group, for example: the buurtteam. The task goes on the board you choose below."),
        validators=[max_length(120)])
    copies = IntegerField(_l("How many sheets?"), default=20, validators=[required(), NumberRange(
        min=1, max=COPIES_MAX, message=_l("Choose a number from %(min)s to %(max)s."))])
    initiative = InitiativeField(_l("Board for the weekly task"))
    active = BooleanField(_l("Paper goes here every week"), default=True)

    def __init__(self, *args, leave_out: int | None = None, kept: int | None = None, **kwargs):
        """`leave_out`, `kept`: the point being changed and its board (which stays a choice when it has stopped)."""
        super().__init__(*args, **kwargs)
        self.leave_out = leave_out
        self.initiative.fill(current_user, [(0, _l("No board: no task"))], kept=kept)

    def validate_name(self, field):
        if field.data and points.name_taken(field.data, self.leave_out):
            raise ValidationError(_l("There is a place with this name already."))


    def values(self) -> dict:
        """Return what was typed as the point's fields."""
        return {"name": self.name.data, "address": self.address.data, "opening_times": self.opening_times.data or "",
                "brought_by": self.brought_by.data or "", "copies": self.copies.data,
                "initiative_id": self.initiative.data or None, "active": bool(self.active.data)}
