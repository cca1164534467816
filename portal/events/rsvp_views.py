""""Ik kom" and "Ik kom niet meer", for residents with an account and for guests without one; the organisers'
list of who is coming, and its printed sign-in sheet."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.events import bp, rsvp, services
from portal.events.forms import GuestRsvpForm, RsvpForm, WalkinRsvpForm
from portal.events.models import Rsvp
from portal.events.views import event_page, kept_shifts, load_event, shift_rows
from portal.htmx import action_response, render
from portal.params import clean_line
from portal.permissions import get_or_404_for, has_role, role_required

REFUSED = {"closed": lambda: _("You cannot say you are coming any more: this event is cancelled, over or not "
                               "published yet."),
           "already": lambda: _("You said you are coming already."),
           "guest-already": lambda: _("Someone with this name and phone or e-mail is on the list already. Use the "
                                      "link you got then, or ask the organisers."),
           "too-many": lambda: _("That is more people than the event has places.")}

# A refused sign-up at the desk: the field of the desk's form it is about, and what to tell the librarian.
WALKIN_REFUSED = {"guest-already": ("name", lambda: _("This person is on the list already.")),
                  "too-many": ("people", REFUSED["too-many"])}


def _answer(event_id: int, message: str, category: str = "ok", kept: list | None = None):
    """Show the result beside the RSVP box: htmx gets the box again, a plain form goes back to the event.
    `kept`: the viewer's shifts they may give back, named in the box (a plain form's page finds them itself)."""
    event = load_event(event_id)
    return action_response("events/_rsvp.html", url_for("events.show_event", event_id=event_id, _anchor="rsvp"),
                           message, category, anchor="rsvp", event=event, counts=rsvp.counts(event_id),
                           mine=rsvp.mine(event_id, current_user),
                           form=RsvpForm() if current_user.is_authenticated else GuestRsvpForm(),
                           open=event.is_open_for_rsvp(services.utcnow()), kept_shifts=kept or [])


@bp.post("/agenda/<int:event_id>/rsvp")
def rsvp_event(event_id: int):
    """Say "I'm coming" with how many adults and children: a place, or the waiting list when it is full."""
    event = load_event(event_id)
    guest = not current_user.is_authenticated
    form = GuestRsvpForm() if guest else RsvpForm()
    if not form.validate_on_submit():
        return render("events/rsvp_form.html", "events/_rsvp.html", 422, event=event, form=form,
                      counts=rsvp.counts(event.id), mine=None, open=True)
    try:
        row = rsvp.rsvp(event.id, None if guest else current_user, form.people.data, form.children.data or 0,
                        form.name.data if guest else None, form.contact.data if guest else None)
    except rsvp.RsvpRefused as refused:
        return _answer(event.id, REFUSED[refused.reason](), "error")
    if guest:  # no account to come back with: the link to cancel is theirs to keep
        return redirect(url_for("events.guest_rsvp", event_id=event.id, token=row.guest_token), 303)
    if row.status == "waiting":
        if _behind_others(event, row):
            return _answer(event.id, _("Others were waiting for a place before you, so you wait behind them. You "
                                       "get an e-mail when a place comes free."), "info")
        return _answer(event.id, _("The event is full. You are on the waiting list; you get an e-mail when a "
                                   "place comes free."), "info")
    return _answer(event.id, _("See you there! You are on the list."))


def _behind_others(event, row) -> bool:
    """Tell whether `row` waits although its places are free: others waited first (a waiting list is first come,
    first served), so "the event is full" would not be true."""
    return event.places_left is not None and event.places_left >= row.places


@bp.post("/agenda/<int:event_id>/rsvp/walk-in")
@role_required("librarian", "coordinator")
def rsvp_walkin(event_id: int):
    """At the buurthuis desk: say "Ik kom" for a resident without an account, then print their slip."""
    event = load_event(event_id)
    form = WalkinRsvpForm()
    if not form.validate_on_submit():
        # The page again with the message at the field and what was typed; the form's address ends in
        # #walk-in, so the browser shows the form, not the top of a long page.
        return event_page(event, walkin_form=form, status=422)
    try:
        row = rsvp.rsvp(event.id, None, form.people.data, form.children.data or 0, form.name.data,
                        form.contact.data, recorded_by=current_user)
    except rsvp.RsvpRefused as refused:
        if refused.reason not in WALKIN_REFUSED:
            return _answer(event.id, REFUSED[refused.reason](), "error")
        # At the desk's form, in words for the librarian (the walk-in has no link of their own), what was typed kept.
        field, message = WALKIN_REFUSED[refused.reason]
        getattr(form, field).errors = [message()]
        return event_page(event, walkin_form=form, status=409)
    if row.status == "confirmed":
        said = _("Signed up: %(name)s is coming to %(title)s.", name=row.guest_name, title=event.title)
    elif _behind_others(event, row):
        said = _("Others were waiting first: %(name)s is on the waiting list for %(title)s.", name=row.guest_name,
                 title=event.title)
    else:
        said = _("The event is full: %(name)s is on the waiting list for %(title)s.", name=row.guest_name,
                 title=event.title)
    flash(said, "ok")
    # The slip's own address, not the guest's secret link: the kiosk's history then holds nothing another
    # person could open after "Done" or the idle log-out.
    # With its own anchor: the form's "#walk-in" would otherwise stay on the slip's address.
    return redirect(url_for("events.rsvp_slip", event_id=event.id, rsvp_id=row.id, _anchor="main"), 303)


@bp.get("/agenda/<int:event_id>/rsvp/<int:rsvp_id>/slip")
def rsvp_slip(event_id: int, rsvp_id: int):
    """Show a walk-in's ticket slip, ready to print: the event, their places, and the address to cancel. Only the
    desk worker who wrote it down sees it; anyone else (the next person at the kiosk) gets a 404."""
    event = load_event(event_id)
    row = get_or_404_for(Rsvp, rsvp_id, load=lambda ident: rsvp.walkin_row(event.id, ident),
                         visible=lambda found, user: found.can_see_slip(user))
    return render_template("events/rsvp_slip.html", event=event, row=row,
                           places_where=services.places_for([event]).where(event))


@bp.post("/agenda/<int:event_id>/rsvp/cancel")
@login_required
def cancel_rsvp(event_id: int):
    """Say "I'm not coming after all": the place goes to the first on the waiting list."""
    event = load_event(event_id)
    if not rsvp.cancel(event.id, user=current_user):
        return _answer(event.id, _("You were not on the list."), "error")
    kept = kept_shifts(shift_rows(event, services.shift_lines(event), can_claim=False))
    return _answer(event.id, _("Thank you for telling us. Your place is free for someone else."), kept=kept)


@bp.route("/agenda/<int:event_id>/guest/<token>", methods=["GET", "POST"])
def guest_rsvp(event_id: int, token: str):
    """A guest's own page: their RSVP, and the button to cancel it (the secret link is their key)."""
    event = load_event(event_id)
    row = get_or_404_for(Rsvp, event.id, load=lambda ident: rsvp.by_token(ident, clean_line(token) or ""))
    if request.method == "POST":
        rsvp.cancel(event.id, token=row.guest_token)
        flash(_("Thank you for telling us. Your place is free for someone else."), "ok")
        return redirect(url_for("events.show_event", event_id=event.id), 303)
    return render_template("events/guest.html", event=event, row=row,
                           places_where=services.places_for([event]).where(event))


def _list_for(event_id: int):
    event = load_event(event_id)
    if not (services.can_manage(event, current_user) or has_role(current_user, "librarian")):
        abort(403)
    return event


@bp.get("/agenda/<int:event_id>/people")
@login_required
def guest_list(event_id: int):
    """Show the organisers (and the buurthuis desk) who is coming, and who waits."""
    event = _list_for(event_id)
    return render_template("events/people.html", event=event, rows=rsvp.guest_list(event.id),
                           counts=rsvp.counts(event.id))


@bp.get("/agenda/<int:event_id>/sign-in")
@login_required
def sign_in_sheet(event_id: int):
    """Print who is coming as a sign-in sheet for the door (A4, black and white)."""
    event = _list_for(event_id)
    rows = [(row, person) for row, person in rsvp.guest_list(event.id) if row.status == "confirmed"]
    return render_template("events/sign_in.html", event=event, rows=rows, counts=rsvp.counts(event.id),
                           places=services.places_for([event]))
