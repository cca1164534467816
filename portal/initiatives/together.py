"""Working together ("samen met ..."): invite another initiative to your board or a task, and answer invitations."""

from flask import abort, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms import SelectField, StringField
from wtforms.validators import Optional

from portal.core.registry import initiative_section, page_section
from portal.forms import BaseForm, EmptyForm, max_length, required
from portal.htmx import action_response, is_htmx, render
from portal.initiatives import bp, collaboration
from portal.initiatives import services as initiatives
from portal.initiatives.choices import InitiativeField
from portal.initiatives.models import Collaboration, Initiative
from portal.messages import flash_at
from portal.params import parse_id
from portal.permissions import get_or_404_for
from portal.web import local_path

STATUS_LABELS = {"open": _l("Waiting for an answer"), "accepted": _l("Working together"), "declined": _l("Not now")}


@bp.app_template_global()
def together_status(status: str) -> str:
    """Return the words for the status of an invitation to work together."""
    return str(STATUS_LABELS.get(status, status))


class InviteForm(BaseForm):
    partner = InitiativeField(_l("Which initiative do you invite?"), validators=[required()])
    subject = SelectField(_l("To what?"), choices=[], validators=[required()])
    note = StringField(_l("A short word for them (optional)"), description=_l(
        "For example: \"Can your group bring tables on Saturday?\""), validators=[Optional(), max_length(300)])


def _form(initiative_id: int) -> InviteForm:
    """Return the invitation form with what this initiative may share and whom the person may invite."""
    form = InviteForm()
    form.partner.fill(current_user, [(0, _("Choose an initiative"))], exclude=initiative_id)
    # "A task: Bring chairs", "An event: Street party"; the whole board names itself.
    form.subject.choices = [("", _("Choose what you share"))] + [
        (f"{kind.kind}:{subject_id}", title if kind.kind == "board" else f"{kind.label}: {title}")
        for kind in collaboration.shared_kinds() for subject_id, title in kind.choices(initiative_id)]
    return form


def _load(initiative_id: int) -> Initiative:
    """The initiative, when this person may see it (the initiatives' one rule); else a 404."""
    return get_or_404_for(Initiative, initiative_id, load=lambda ident: initiatives.get_visible(ident, current_user))


@bp.route("/netwerk/samen/<int:initiative_id>", methods=["GET", "POST"])
@login_required
def collaborate(initiative_id: int):
    """Show an initiative's shared work and invitations; its members invite another initiative."""
    initiative = _load(initiative_id)
    may_invite = collaboration.can_invite(initiative_id, current_user)
    open_for_work = initiatives.takes_new_work(initiative)
    if request.method == "POST" and may_invite and not open_for_work:
        # A hand-made request (the page shows no form): the note on the page says why; nothing is stored.
        flash_at("invite", _("This initiative has stopped. It cannot invite others to work together."), "error")
        return redirect(url_for("initiatives.collaborate", initiative_id=initiative_id, _anchor="invite"), 303)
    form = _form(initiative_id) if may_invite and open_for_work else None
    if form is not None and request.method == "POST" and form.validate_on_submit():
        kind, _sep, subject_id = form.subject.data.partition(":")
        try:
            collaboration.invite(initiative_id, form.partner.data, kind, int(subject_id), current_user,
                                 form.note.data or "")
        except collaboration.AlreadyInvited:
            form.partner.errors = [_("This initiative was invited to this already.")]
        except collaboration.Stopped:
            form.partner.errors = [_("This initiative has stopped. Choose another initiative.")]
        except collaboration.Unseen:
            form.partner.errors = [_("Only your members see your initiative, and none of them carries this one: "
                                     "nobody there could see your invitation. Ask one of its carriers to join "
                                     "yours first, or ask a coordinator.")]
        else:
            flash_at("invite", _("Invitation sent. Their carrier answers it."))
            return redirect(url_for("initiatives.collaborate", initiative_id=initiative_id, _anchor="invite"), 303)
    elif request.method == "POST" and form is None:
        abort(403)
    work = collaboration.shared_work([initiative_id], current_user, ("open", "accepted", "declined"))
    items = work.get(initiative_id, [])
    return render("initiatives/together.html", initiative=initiative, form=form, work=items,
                  may_invite=may_invite, can_answer=collaboration.can_answer(initiative_id, current_user),
                  withdrawable=collaboration.withdrawable_ids(initiative_id, items, current_user))


@bp.post("/netwerk/samen/uitnodiging/<int:collaboration_id>")
@login_required
def answer_collaboration(collaboration_id: int):
    """Say yes or no to an invitation to work together (the invited initiative's carrier or a coordinator)."""
    found = get_or_404_for(Collaboration, collaboration_id,
                           load=lambda ident: collaboration.load_visible(ident, current_user))
    if not collaboration.can_answer(found.partner_id, current_user):
        abort(403)
    result = collaboration.answer(collaboration_id, current_user, request.form.get("answer") == "yes")
    message = {"accepted": _("You work together now. It shows on both pages."),
               "declined": _("You said no. They see your answer."),
               "gone": _("This invitation was answered already."),
               "stopped": _("One of the two initiatives has stopped, so you cannot work together on this. You can "
                            "still say no.")}[result]
    back = local_path(request.form.get("next"), url_for("initiatives.collaborate", initiative_id=found.partner_id))
    return action_response("initiatives/_invitation.html", f"{back.split('#')[0]}#{found.dom_id}", message,
                           {"gone": "info", "stopped": "error"}.get(result, "ok"), anchor=found.dom_id,
                           item=collaboration.shared_one(collaboration_id, found.partner_id, current_user),
                           can_answer=True, next_url=request.form.get("next", ""))


def _withdrawable(collaboration_id: int) -> Collaboration:
    """Load a collaboration this person may end: 404 for everyone else, so nobody learns what they may not touch."""
    return get_or_404_for(Collaboration, collaboration_id,
                          load=lambda ident: collaboration.load_visible(ident, current_user),
                          visible=collaboration.can_withdraw)


@bp.route("/netwerk/samen/uitnodiging/<int:collaboration_id>/stoppen", methods=["GET", "POST"])
@login_required
def withdraw_collaboration(collaboration_id: int):
    """Ask first, then end working together (either side's carrier or a coordinator); the other side is told."""
    if request.method == "POST" and is_htmx() and parse_id(collaboration_id) \
            and collaboration.load_visible(collaboration_id, current_user) is None and EmptyForm().validate_on_submit():
        # Ended meanwhile (in a second tab, by the other side): htmx would put a whole 404 page inside the card;
        # say so in the card instead. The same for one this person may not see, so the answer never tells a hidden
        # collaboration from one that is gone.
        side = parse_id(request.values.get("side"))
        back = url_for("initiatives.collaborate", initiative_id=side) if side else url_for(
            "initiatives.network_page")
        return action_response("initiatives/_invitation.html", f"{back}#work-title",
                               _("This collaboration was ended already."), "info", anchor="work-title", item=None)
    found = _withdrawable(collaboration_id)
    side = parse_id(request.values.get("side"))
    if side not in (found.initiative_id, found.partner_id):
        side = found.initiative_id
    back = url_for("initiatives.collaborate", initiative_id=side)
    if request.method == "POST" and EmptyForm().validate_on_submit():
        ended = collaboration.withdraw(found.id, current_user)
        message = _("You no longer work together. We told the other initiative.") if ended else _(
            "This collaboration was ended already.")
        return action_response("initiatives/_invitation.html", f"{back}#work-title", message,
                               "ok" if ended else "info", anchor="work-title", item=None)
    return render("initiatives/withdraw.html", "initiatives/_withdraw.html", collaboration_id=found.id, back=back,
                  side=side, item=collaboration.shared_one(found.id, side, current_user))


@page_section("home", order=3)
def invitations_at_home():
    """Show carriers the invitations to work together that wait for their answer."""
    if not current_user.is_authenticated:
        return None
    waiting = collaboration.waiting_for(current_user)
    if not waiting:
        return None
    return "initiatives/_invitations.html", {"waiting": waiting}


@initiative_section(order=30)
def shared_work_on_initiative_page(initiative, viewer):
    """Show the work an initiative shares with others on its page (both sides see it), and the way to invite.

    One query (and one per kind of shared thing, when there is any): the link to invite is shown to everyone
    logged in, and the page it leads to decides whether they may."""
    work = collaboration.shared_work([initiative.id], viewer).get(initiative.id, [])
    logged_in = getattr(viewer, "is_authenticated", False)
    may_invite = logged_in and initiatives.takes_new_work(initiative)
    if not work and not may_invite:
        return None
    return "initiatives/_together_section.html", {"initiative": initiative, "work": work, "may_invite": may_invite}
