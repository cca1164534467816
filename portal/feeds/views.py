"""Feed pages: the coordinators' list of partner feeds, "use our information", and the embeddable agenda."""

from flask import abort, current_app, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import escape

from portal.core import time as clock
from portal.core.registry import page_sections
from portal.core.urls import public_url_for
from portal.feeds import bp, services
from portal.feeds.forms import FeedForm
from portal.feeds.hooks import reason
from portal.feeds.models import PartnerFeed
from portal.forms import EmptyForm
from portal.messages import flash_at
from portal.pagecache import cacheable
from portal.permissions import get_or_404_for, role_required
from portal.web import frameable


@bp.route("/partner-feeds", methods=["GET", "POST"])
@role_required("coordinator")
def manage_feeds():
    """List the partner feeds with their last import, and add one (coordinators)."""
    form = FeedForm()
    if form.validate_on_submit():
        if services.find_by_url(form.url.data) is not None:
            form.url.errors = [_("This feed is in the list already.")]
        else:
            feed = services.add_feed(form.url.data, form.origin.data, form.initiative.data or None, current_user.id)
            if feed is None:
                form.url.errors = [_("This feed is in the list already.")]
            else:
                flash_at("feeds", _("Feed added. Its items appear after the next import (every hour)."), "ok")
                return redirect(url_for("feeds.manage_feeds", _anchor="feeds"), 303)
    return render_template("feeds/manage.html", form=form, feeds=services.all_feeds(), reason=reason,
                           remove_form=EmptyForm())


@bp.post("/partner-feeds/<int:feed_id>/remove")
@role_required("coordinator")
def remove_feed(feed_id: int):
    """Remove a partner feed and the items imported from it (coordinators)."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.remove_feed(get_or_404_for(PartnerFeed, feed_id).id)
    flash_at("feeds", _("Feed removed, with its items."), "ok")
    return redirect(url_for("feeds.manage_feeds", _anchor="feeds"), 303)


@bp.get("/gebruik-onze-informatie")
@bp.get("/use-our-information")
@cacheable
def our_information():
    """Explain, in plain words, which of our feeds others may use, and how to put the agenda on a website."""
    title = _("This week in %(name)s", name=current_app.config["NEIGHBOURHOOD_NAME"])
    snippet = (f'<iframe src="{escape(public_url_for("feeds.embed_agenda"))}" title="{escape(title)}" '
               'width="100%" height="480" loading="lazy"></iframe>')
    return render_template("feeds/our_information.html", sections=page_sections("open-data"), snippet=snippet)


@bp.get("/embed/agenda")
@cacheable
@frameable
def embed_agenda():
    """Show the coming week's public agenda, small, for other websites to show in a frame (no JavaScript)."""
    return render_template("feeds/embed_agenda.html", sections=page_sections("embed"), today=clock.today())
