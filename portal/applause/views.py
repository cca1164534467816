"""Applause pages: the feed, a shout-out, posting, clapping, moderation, photos, wall, print and Atom."""


from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal import photos, share
from portal.accounts.names import names_public
from portal.accounts.services import find_user_by_email
from portal.applause import bp, services
from portal.applause.forms import ShoutForm
from portal.applause.models import Shout
from portal.core.registry import moderation_log, moderation_sources
from portal.core.urls import public_url_for
from portal.extensions import db
from portal.forms import HideForm
from portal.htmx import action_response, render
from portal.initiatives import services as initiatives
from portal.initiatives.models import Initiative
from portal.pagecache import cacheable
from portal.params import arg_id
from portal.permissions import get_or_404_for, role_required
from portal.web import back_to, local_path

WALL_SIZE = 10


def load_shout_for(shout_id: int, permission: str | None = None) -> Shout:
    """Load a shout-out: 404 when missing or hidden from this person, 403 when `permission` says no."""
    return get_or_404_for(Shout, shout_id, permission, load=lambda ident: services.load_shout(ident, current_user),
                          visible=Shout.can_see)


def _back(shout: Shout) -> str:
    """Return where a form on this shout-out goes back to: its page, or the list it was in, at the shout-out."""
    return back_to(url_for("applause.show_shout", shout_id=shout.id), shout.dom_id)


@bp.get("/applause")
@cacheable
def list_shouts():
    """Show the shout-outs, newest first, a page at a time (services.PAGE_SIZE), optionally for one initiative."""
    initiative = None
    if "initiative" in request.args:
        initiative = get_or_404_for(Initiative, arg_id("initiative"),
                                    load=lambda ident: initiatives.get_visible(ident, current_user))
    shouts, next_cursor = services.feed_page(current_user, arg_id("before"),
                                             initiative.id if initiative else None)
    return render("applause/feed.html", "applause/_page.html", shouts=shouts, next_cursor=next_cursor,
                  initiative=initiative, clapped=services.clapped_ids(current_user, shouts),
                  public=names_public(), can_share=services.anyone_may_see)


@bp.get("/applause/<int:shout_id>")
@cacheable
def show_shout(shout_id: int):
    """Show one shout-out at its own stable address, with links to share it."""
    shout = load_shout_for(shout_id)
    return render_template("applause/shout.html", shout=shout, clapped=services.clapped_ids(current_user, [shout]),
                           public=names_public(), share=shout_share(shout),
                           hide_form=HideForm() if shout.can_hide(current_user) else None)


def shout_share(shout: Shout) -> share.Share | None:
    """Return WhatsApp, Telegram and e-mail links with the thanks, the message and the public address; the names
    as public views show them. None when not everyone may see it (hidden, or of a members-only group)."""
    if not services.anyone_may_see(shout):
        return None
    thanks = _("Thank you, %(name)s!", name=shout.thanked_label(True))
    url = public_url_for("applause.show_shout", shout_id=shout.id)
    # The text goes to anyone: what it thanks for named as a visitor reads it (a member may read a members-only
    # idea's title on the page, never in the text they share).
    return share.links(share.message([thanks, services.public_message(shout)], url), url, thanks)


@bp.route("/applause/new", methods=["GET", "POST"])
@login_required
def create_shout():
    """Thank someone: a person, an initiative, or both, with an optional photo."""
    form = ShoutForm()
    if form.validate_on_submit():
        photo = None
        upload = form.photo.data
        if upload and upload.filename:
            try:
                photo = photos.store_upload(upload, current_user.id)
            except photos.PhotoError as error:
                form.photo.errors = [str(error)]
        if not form.photo.errors:
            thanked_user = find_user_by_email(form.thanked_email.data) if form.thanked_email.data else None
            shout = services.post_shout(current_user, form.text.data, form.thanked_name.data, thanked_user,
                                        form.initiative.data, photo)
            db.session.commit()
            flash(_("Thank you for your applause! It is on the wall now."), "ok")
            return redirect(url_for("applause.show_shout", shout_id=shout.id), 303)
    return render_template("applause/new.html", form=form), 422 if form.errors else 200


@bp.post("/applause/<int:shout_id>/clap")
@login_required
def clap(shout_id: int):
    """Clap for a shout-out, or take the clap back."""
    shout = load_shout_for(shout_id, "can_clap")
    clapped, count = services.toggle_clap(shout.id, current_user.id)
    shout.clap_count = count
    return action_response("applause/_clap.html", _back(shout), shout=shout,
                           clapped={shout.id} if clapped else set(), next_url=request.form.get("next", ""),
                           just_clapped=clapped)


@bp.post("/applause/<int:shout_id>/report")
@login_required
def report_shout(shout_id: int):
    """Tell the coordinators that a shout-out is wrong."""
    shout = load_shout_for(shout_id)
    services.report(shout, current_user)
    flash(_("Thank you. A coordinator will look at it."), "ok")
    return redirect(_back(shout), 303)


@bp.post("/applause/<int:shout_id>/hide")
@role_required("coordinator")
def hide_shout(shout_id: int):
    """Hide a shout-out from every view; the moderation log keeps who and when."""
    shout = load_shout_for(shout_id, "can_hide")
    form = HideForm()
    if form.validate_on_submit():
        services.set_hidden(shout, current_user, True, form.reason.data or "")
        db.session.commit()
        flash(_("The shout-out is hidden."), "ok")
    return redirect(local_path(request.form.get("next"), url_for("applause.moderation")), 303)


@bp.post("/applause/<int:shout_id>/unhide")
@role_required("coordinator")
def unhide_shout(shout_id: int):
    """Show a hidden shout-out again; the moderation log keeps who and when."""
    shout = load_shout_for(shout_id, "can_hide")
    services.set_hidden(shout, current_user, False)
    db.session.commit()
    flash(_("The shout-out is visible again."), "ok")
    return redirect(url_for("applause.moderation"), 303)


@bp.route("/applause/<int:shout_id>/delete", methods=["GET", "POST"])
@login_required
def delete_shout(shout_id: int):
    """Ask first, then delete a shout-out you wrote yourself."""
    shout = load_shout_for(shout_id, "can_delete")
    if request.method == "GET":
        return render_template("applause/confirm_delete.html", shout=shout)
    if shout.photo:
        photos.delete_photo(shout.photo)
    db.session.delete(shout)
    db.session.commit()
    flash(_("Your shout-out is deleted."), "ok")
    return redirect(url_for("applause.list_shouts"), 303)


@bp.post("/applause/<int:shout_id>/remove-name")
@login_required
def remove_name(shout_id: int):
    """Take your own name off a shout-out that thanks you."""
    shout = load_shout_for(shout_id, "can_remove_name")
    services.remove_name(shout, current_user)
    db.session.commit()
    flash(_("Your name is taken off. The shout-out now says \"a neighbour\"."), "ok")
    return redirect(_back(shout), 303)


@bp.post("/applause/<int:shout_id>/dismiss")
@role_required("coordinator")
def dismiss_reports(shout_id: int):
    """Close the reports on a shout-out without hiding it (its words are fine); the log keeps who and when."""
    shout = load_shout_for(shout_id, "can_hide")
    form = HideForm()
    if form.validate_on_submit():
        dismissed = services.dismiss_reports(shout, current_user, form.reason.data or "")
        db.session.commit()
        flash(_("The report is dismissed. The shout-out stays.") if dismissed else
              _("This report was handled already."), "ok" if dismissed else "info")
    return redirect(local_path(request.form.get("next"), url_for("applause.moderation")), 303)


@bp.get("/applause/moderation")
@role_required("coordinator")
def moderation():
    """Show the one moderation queue: what is reported and hidden, of shout-outs and of every other kind of
    words a feature registered (reactions on ideas), and one log of who did what."""
    return render_template("applause/moderation.html", log=moderation_log(),
                           sections=[(source, *source.section(50)) for source in moderation_sources()])


@bp.get("/applause/photos/<name>.jpg")
def photo(name: str):
    """Serve a cleaned photo of a shout-out this person may see, sandboxed, cached for a long time (its name never
    changes); a members-only group's photo is never kept by a shared cache."""
    shout = services.shout_with_photo(name.removesuffix("-s"), current_user)
    if shout is None:
        abort(404)  # not a loader: a photo is found by its name; none on a shout-out this person may see
    response = photos.send_photo(name)
    if shout.members_only or (shout.initiative_id is not None and not initiatives.is_public(shout.initiative_id)):
        response.cache_control.public = False
        response.cache_control.private = True
    return response


@bp.get("/applause/feed.atom")
@cacheable
def atom_feed():
    """Offer the newest shout-outs as an Atom feed for other neighbourhood sites."""
    shouts, _cursor = services.feed_page(services.PUBLIC, size=30)
    xml = render_template("applause/feed.atom", shouts=shouts)
    return Response(xml, mimetype="application/atom+xml")


@bp.get("/applause/print")
@cacheable
def print_sheet():
    """Show this week's shout-outs as an A4 sheet for the notice board."""
    return render_template("applause/print.html", shouts=services.this_week())



@bp.get("/kiosk/applause")
@cacheable
def wall():
    """Show the newest shout-outs one by one, large, for the buurthuis screen; it refreshes itself."""
    shouts, _cursor = services.feed_page(services.PUBLIC, size=WALL_SIZE)
    index = request.args.get("i", 0, type=int) % max(len(shouts), 1)
    return render("applause/wall.html", "applause/_wall_slide.html", shouts=shouts, index=index,
                  shout=shouts[index] if shouts else None, next_index=(index + 1) % max(len(shouts), 1))
