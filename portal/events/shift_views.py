"""The desk on an event's page: a librarian writes a resident without an account (a name, a phone or not) down for
one of its shifts, as on a task card of "where can I help", and prints their slip."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.boards.forms import WalkinClaimForm
from portal.events import bp, services
from portal.events.models import Shift
from portal.events.views import event_page, load_event
from portal.messages import flash_at
from portal.permissions import get_or_404_for, role_required

REFUSED = {"full": lambda: _("Just taken: this shift has all the people it needs."),
           "done": lambda: _("This shift is over: nobody can sign up for it any more."),
           "stopped": lambda: _("This initiative has stopped. Nobody can sign up for its tasks any more.")}


@bp.post("/agenda/<int:event_id>/shifts/<int:task_id>/walk-in")
@role_required("librarian", "coordinator")
def shift_walkin(event_id: int, task_id: int):
    """At the buurthuis desk: put a resident without an account on one of the event's shifts, then print the slip.
    Refused input: the event's page again, with what was typed and the message at that shift's fields."""
    event = load_event(event_id)
    shift = get_or_404_for(Shift, task_id, load=lambda ident: services.shift_by_task(event, ident))
    form = WalkinClaimForm()
    if not form.validate_on_submit():
        return event_page(event, status=422, shift_walkin=(task_id, form))
    try:
        claim_id = services.walkin_on_shift(event, shift, form.walkin_name.data, form.walkin_phone.data,
                                            current_user)
    except services.ClaimRefused as refused:
        flash_at(f"task-{task_id}", REFUSED.get(refused.reason, REFUSED["done"])(), "error")
        return redirect(url_for("events.show_event", event_id=event.id, _anchor=f"task-{task_id}"), 303)
    title = services.shift_task_titles([task_id], current_user).get(task_id, event.title)
    flash(_("Recorded: %(name)s is on %(title)s.", name=form.walkin_name.data, title=title), "ok")
    return redirect(url_for("boards.claim_slip", claim_id=claim_id), 303)  # the slip, ready to print
