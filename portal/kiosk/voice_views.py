"""At the buurthuis desk: a librarian writes down the answer of a resident without an account (one voice)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.kiosk import bp
from portal.permissions import get_or_404_for, role_required
from portal.voice import services as voice
from portal.voice.forms import WalkinResponseForm
from portal.voice.models import Position


@bp.get("/kiosk/voice")
@role_required("librarian", "coordinator")
def voice_questions():
    """Show the open questions, large, to choose the one a walk-in resident answers."""
    positions = voice.open_for_home(current_user, limit=voice.OPEN_LIMIT)
    ids = [position.id for position in positions]
    return render_template("kiosk/voice.html", positions=positions, counts=voice.counts_for(ids),
                           last_day=voice.last_day)


@bp.route("/kiosk/voice/<int:position_id>", methods=["GET", "POST"])
@role_required("librarian", "coordinator")
def record_voice(position_id: int):
    """Write down a walk-in resident's answer; the same name and house number or phone again changes it."""
    position = get_or_404_for(Position, position_id, load=lambda ident: voice.load_position(ident, current_user))
    form = WalkinResponseForm()
    closed = not position.is_open()
    if not closed and form.validate_on_submit():
        try:
            outcome = voice.record_walkin(position.id, form.walkin_name.data, form.walkin_detail.data,
                                          form.stance.data, form.argument.data or "", form.walkin_named.data,
                                          current_user)
        except voice.Closed:
            closed = True
        else:
            flash(_("Written down: %(name)s's answer counts.", name=form.walkin_name.data) if outcome == "new" else
                  _("%(name)s had answered before: the answer is changed, not counted twice.",
                    name=form.walkin_name.data), "ok")
            return redirect(url_for("kiosk.record_voice", position_id=position.id), 303)
    status = 409 if closed and form.is_submitted() else 422 if form.errors else 200
    return render_template("kiosk/voice_record.html", position=position, form=form, closed=closed,
                           counts=voice.counts_for([position.id])[position.id],
                           last_day=voice.last_day(position)), status
