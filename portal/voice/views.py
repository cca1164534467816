"""One-voice pages: the list, a position with its result, responding, moderation, the follow-up log and print."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.accounts.names import names_public
from portal.extensions import db
from portal.htmx import action_response, render, wants_fragment
from portal.messages import flash_at
from portal.pagecache import cacheable
from portal.params import arg_id
from portal.permissions import get_or_404_for, role_required
from portal.voice import bp, services
from portal.voice.forms import FollowUpForm, PositionForm, ResponseForm
from portal.voice.models import Position, Response
from portal.web import local_path

PRINT_ARGUMENTS = 12


@bp.app_template_global()
def stance_label(stance: str) -> str:
    """Return the words for a stance, in the reader's language."""
    return {"support": _("For"), "oppose": _("Against"), "neutral": _("Neutral or a comment")}.get(stance, stance)


@bp.app_template_global()
def stance_percentages(counts: dict[str, int]) -> dict[str, int]:
    """Return the stances' shares in whole percents that add up to 100."""
    return services.percentages(counts)


def load_position_for(position_id: int, permission: str | None = None) -> Position:
    """Load a position: 404 when missing or invisible to this person, 403 when `permission` says no."""
    return get_or_404_for(Position, position_id, permission,
                          load=lambda ident: services.load_position(ident, current_user))


def load_response_for(response_id: int) -> Response:
    """Load a response with an argument, when its position is visible to this person; else 404."""
    return get_or_404_for(Response, response_id, load=lambda ident: services.load_response(ident, current_user))


def result_context(position: Position, form: ResponseForm | None = None) -> dict:
    """Return what the result page and its fragments need: counts, my response, arguments, follow-up."""
    mine = services.my_response(position.id, current_user)
    if form is None and current_user.is_authenticated:
        form = ResponseForm(formdata=None, obj=mine)
    arguments, next_cursor = services.arguments_page(position.id, current_user, arg_id("before"))
    return {"position": position, "counts": services.counts_for([position.id])[position.id], "mine": mine,
            "form": form, "arguments": arguments, "next_cursor": next_cursor,
            "last_day": services.last_day(position), "is_open": position.is_open(),
            "public": names_public()}


@bp.get("/voice")  # the English address; url_for gives the Dutch one (added first)
@bp.get("/buurtstem")
@cacheable
def list_positions():
    """Show the open questions to the neighbourhood, and the closed ones with their result."""
    open_, closed, next_cursor = services.list_positions(current_user, arg_id("before"))
    ids = [position.id for position in open_ + closed]
    return render("voice/list.html", "voice/_closed.html", open_positions=open_, closed=closed,
                  next_cursor=next_cursor, counts=services.counts_for(ids),
                  mine=services.my_stances(current_user, ids), last_day=services.last_day)


@bp.route("/buurtstem/new", methods=["GET", "POST"])
@role_required("coordinator")
def create_position():
    """Open a question or position for the neighbourhood, with a closing day."""
    form = PositionForm()
    if form.validate_on_submit():
        position = services.create_position(form.title.data, form.text.data, form.background_url.data,
                                            form.last_day.parsed, form.initiative.data, current_user)
        db.session.commit()
        flash(_("The question is open. Share it in the neighbourhood!"), "ok")
        return redirect(url_for("voice.show_position", position_id=position.id), 303)
    return render_template("voice/form.html", form=form, position=None), 422 if form.errors else 200


@bp.route("/buurtstem/<int:position_id>/edit", methods=["GET", "POST"])
@role_required("coordinator")
def edit_position(position_id: int):
    """Change a position's words, closing day or initiative."""
    position = load_position_for(position_id, "can_manage")
    form = PositionForm(obj=position, kept=position.initiative_id, data=None if request.method == "POST" else {
        "last_day": services.last_day(position).isoformat(), "initiative": position.initiative_id or 0})
    if form.validate_on_submit():
        services.update_position(position, form.title.data, form.text.data, form.background_url.data,
                                 form.last_day.parsed, form.initiative.data)
        db.session.commit()
        flash(_("Saved."), "ok")
        return redirect(url_for("voice.show_position", position_id=position.id), 303)
    return render_template("voice/form.html", form=form, position=position), 422 if form.errors else 200


@bp.route("/buurtstem/<int:position_id>/close", methods=["GET", "POST"])
@role_required("coordinator")
def close_position(position_id: int):
    """Ask first (a page, or its fragment under the button with htmx), then close a position now: from this
    moment nobody can respond."""
    position = load_position_for(position_id, "can_manage")
    if request.method == "GET":
        if not position.is_open():
            flash(_("This question is closed: nobody can respond any more."), "info")
            return redirect(url_for("voice.show_position", position_id=position.id), 303)
        return render("voice/close.html", "voice/_close.html", position=position)
    services.close_now(position)
    db.session.commit()
    flash(_("The question is closed. Now carry the result to the city, and write it in the follow-up."), "ok")
    return redirect(url_for("voice.show_position", position_id=position.id), 303)


@bp.get("/voice/<int:position_id>")  # the English address
@bp.get("/buurtstem/<int:position_id>")
@cacheable
def show_position(position_id: int):
    """Show a position: respond, the counts, the arguments in residents' own words and the follow-up."""
    position = load_position_for(position_id)
    return render("voice/position.html", "voice/_arguments.html", follow_ups=services.follow_ups(position.id),
                  follow_up_form=FollowUpForm(formdata=None) if position.can_manage(current_user) else None,
                  **result_context(position))


@bp.post("/buurtstem/<int:position_id>/respond")
@login_required
def respond(position_id: int):
    """Give your answer, or change it, until the position closes."""
    position = load_position_for(position_id)
    form = ResponseForm()
    page = url_for("voice.show_position", position_id=position.id)
    anchor = f"respond-{position.id}"
    if not form.validate_on_submit():
        message, category = _("Check your answer below."), "error"
    else:
        try:
            outcome = services.respond(position.id, current_user, form.stance.data, form.argument.data or "")
        except services.Closed:
            message, category = _("This question is closed: nobody can respond any more."), "error"
        else:
            message = _("Thank you! Your answer counts.") if outcome == "new" else _("Your answer has been changed.")
            category = "ok"
            form = None
    if category == "error" and not wants_fragment():
        return render_template("voice/position.html", follow_ups=services.follow_ups(position.id),
                               follow_up_form=None, message=message, category=category,
                               **result_context(position, form)), 422
    return action_response("voice/_respond.html", f"{page}#{anchor}", message, category, anchor=anchor, oob=True,
                           **result_context(position, form))


@bp.post("/buurtstem/<int:position_id>/follow-up")
@role_required("coordinator")
def add_follow_up(position_id: int):
    """Write a step of the follow-up: who carried the result where, when, and what came back."""
    position = load_position_for(position_id, "can_manage")
    form = FollowUpForm()
    if form.validate_on_submit():
        services.add_follow_up(position, form.happened_on.parsed, form.carried_by.data, form.carried_to.data,
                               form.what.data or "", form.answer.data or "", current_user)
        db.session.commit()
        flash_at("follow-up", _("Written in the follow-up."), "ok")
        return redirect(url_for("voice.show_position", position_id=position.id, _anchor="follow-up"), 303)
    return render_template("voice/position.html", follow_ups=services.follow_ups(position.id),
                           follow_up_form=form, **result_context(position)), 422


@bp.post("/buurtstem/arguments/<int:response_id>/report")
@login_required
def report_argument(response_id: int):
    """Tell the coordinators that an argument is wrong."""
    response = load_response_for(response_id)
    services.report(response, current_user)
    flash_at(response.dom_id, _("Thank you. A coordinator will look at it."), "ok")
    return redirect(url_for("voice.show_position", position_id=response.position_id, _anchor=response.dom_id), 303)


@bp.post("/buurtstem/arguments/<int:response_id>/hide")
@role_required("coordinator")
def hide_argument(response_id: int):
    """Hide an argument (the answer still counts), or show it again; who and when is kept."""
    response = load_response_for(response_id)
    hide = request.form.get("hidden") != "0"
    services.set_hidden(response, current_user, hide)
    db.session.commit()
    flash_at(response.dom_id, _("The words are hidden. The answer still counts.") if hide else
             _("The words are visible again."), "ok")
    back = url_for("voice.show_position", position_id=response.position_id, _anchor=response.dom_id)
    return redirect(local_path(request.form.get("next"), back), 303)


@bp.get("/buurtstem/moderation")
@role_required("coordinator")
def moderation():
    """Show the reported arguments that wait for a coordinator."""
    reported = services.reported_arguments()
    return render_template("voice/moderation.html", reported=reported,
                           titles=services.titles_by_id({response.position_id for response in reported}))


@bp.get("/buurtstem/<int:position_id>/print")
@cacheable
def print_sheet(position_id: int):
    """Show the result as an A4 sheet: counts, arguments, follow-up and a QR code to the page."""
    position = load_position_for(position_id)
    arguments, more = services.arguments_page(position.id, services.PUBLIC, size=PRINT_ARGUMENTS)
    return render_template("voice/print.html", position=position, arguments=arguments, more=more,
                           counts=services.counts_for([position.id])[position.id],
                           follow_ups=services.follow_ups(position.id), last_day=services.last_day(position),
                           is_open=position.is_open())
