"""Forms of the ideas box: propose (resident, visitor, walk-in), react, comment, status and "turn into"."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Optional, Regexp, ValidationError

from portal.core.registry import idea_targets
from portal.forms import BaseForm, SubmitTokenField, max_length, required, visible_name
from portal.ideas.models import (
    COMMENT_MAX,
    KIND_LABELS,
    REACTIONS,
    REASON_MAX,
    STATUS_LABELS,
    STATUSES,
    TEXT_MAX,
    TITLE_MAX,
)
from portal.initiatives import services as initiatives
from portal.initiatives.choices import InitiativeField

PHONE = Regexp(r"^\+?[0-9][0-9 ()-]{5,38}$",
               message=_l("Write a phone number in digits, like 06 12345678 (spaces and dashes are fine)."))




class IdeaForm(BaseForm):
    """A resident with an account proposes an idea or a talk."""

    kind = RadioField(_l("What do you have?"), choices=list(KIND_LABELS.items()), default="idea",
                      validators=[InputRequired(message=_l("Choose one, please."))])
    title = StringField(_l("In a few words"), description=_l("For example: a repair café in the buurthuis, or: "
                                                             "how to sleep better."),
                        validators=[required(), max_length(TITLE_MAX)])
    text = TextAreaField(_l("Tell a bit more (optional)"), validators=[Optional(), max_length(TEXT_MAX)])
    initiative = InitiativeField(_l("For an initiative (optional)"))
    submit_token = SubmitTokenField()

    def __init__(self, *args, viewer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.initiative.fill(viewer, [(0, _l("No initiative: for the whole neighbourhood"))])



class VisitorIdeaForm(IdeaForm):
    """Someone without an account proposes: a name and a phone number, so a coordinator can call back."""

    visitor_name = StringField(_l("Your name"), validators=[required(), max_length(80), visible_name()])
    visitor_phone = StringField(_l("Your phone number"), description=_l(
        "Only coordinators see it, to call you back. We delete it a few weeks after your idea is done or put "
        "aside."), validators=[required(), PHONE])
    show_visitor_name = BooleanField(_l("You may show my name with the idea"), default=False)


class WalkinIdeaForm(VisitorIdeaForm):
    """A librarian at the kiosk writes down the idea of a resident who walked in."""

    visitor_name = StringField(_l("Name of the resident"), validators=[required(), max_length(80), visible_name()])
    visitor_phone = StringField(_l("Their phone number"), description=_l(
        "Only coordinators see it, to call back. Deleted a few weeks after the idea is done or put aside."),
        validators=[required(), PHONE])
    show_visitor_name = BooleanField(_l("They agree that their name is shown with the idea"), default=False)


class ReactForm(BaseForm):
    kind = HiddenField(validators=[AnyOf(REACTIONS)])
    on = HiddenField(validators=[AnyOf(("1", "0"))])


class CommentForm(BaseForm):
    text = TextAreaField(_l("Your reaction"), description=_l("Short and kind, please: at most 500 characters."),
                         validators=[required(), max_length(COMMENT_MAX)], render_kw={"rows": 3})
    submit_token = SubmitTokenField()


class StatusForm(BaseForm):
    status = SelectField(_l("Status"), choices=list(STATUS_LABELS.items()),
                         validators=[AnyOf(STATUSES, message=_l("Choose a status from the list."))])
    reason = StringField(_l("Why not now?"), description=_l("Needed for \"not now\"; everyone sees it."),
                         validators=[max_length(REASON_MAX)])

    def validate_reason(self, field):
        if self.status.data == "not_now" and not (field.data or "").strip():
            raise ValidationError(_l("Say why not now: everyone sees the reason."))


class RealiseForm(BaseForm):
    """Turn an idea into a task on a board, an initiative, or what else features offer."""

    target = RadioField(_l("This idea becomes"), validators=[InputRequired(message=_l("Choose one, please."))])
    title = StringField(_l("Name"), validators=[required(), max_length(TITLE_MAX)])
    initiative = InitiativeField(_l("On the board of"),
                                 description=_l("For a task or a talk: the initiative that takes it on."))

    def __init__(self, *args, viewer=None, only_initiative: tuple[int, str] | None = None, **kwargs):
        """`only_initiative`: a carrier (not a coordinator) puts the idea only on their own initiative's board."""
        super().__init__(*args, **kwargs)
        self.targets = {target.kind: target for target in idea_targets()
                        if only_initiative is None or target.needs_initiative}
        self.target.choices = [(kind, target.label) for kind, target in self.targets.items()]
        # A carrier's own initiative that has stopped takes nothing new (initiatives.takes_new_work): refused at
        # the field, as the coordinator's list leaves it out.
        self.only_stopped = bool(only_initiative) and not initiatives.takes_new_work_by_id(only_initiative[0])
        if only_initiative:
            self.initiative.choices = [only_initiative]
        else:
            self.initiative.fill(viewer, [(0, _l("Choose an initiative"))])

    def validate_target(self, field):
        if field.data not in self.targets:
            raise ValidationError(_l("Choose one, please."))

    def validate_initiative(self, field):
        target = self.targets.get(self.target.data)
        if target is None or not target.needs_initiative:
            return
        if not field.data:
            raise ValidationError(_l("Choose the initiative that takes it on."))
        if self.only_stopped:
            raise ValidationError(_l("This initiative has stopped, so nothing new comes to it. A coordinator can "
                                     "give this idea to another initiative."))

    def validate_title(self, field):
        if self.target.data == "initiative" and initiatives.name_taken(field.data or ""):
            raise ValidationError(_l("An initiative with this name exists already. Choose another name."))
