"""What the applause machine adds to other pages: navigation, home page, account data."""

from textwrap import shorten

from flask import has_request_context, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from portal.accounts import services as account_services
from portal.accounts.names import names_public
from portal.applause import services
from portal.core.registry import (
    Fact,
    LogLine,
    ModerationSource,
    SheetItem,
    SheetSection,
    Waiting,
    initiative_activity,
    initiative_facts,
    initiative_section,
    moderation_page,
    moderation_source,
    nav_item,
    page_section,
    sheet_section,
    waiting_count,
)
from portal.core.signals import event_took_place, idea_realised, task_finished
from portal.core.urls import id_url, public_url_for
from portal.permissions import has_role

nav_item("applause.list_shouts", _l("Applause"), order=10)
account_services.ACCOUNT_DELETERS.append(services.forget_person)
account_services.DATA_EXPORTERS["applause"] = services.export_person
initiative_activity(services.last_thanks_at)
moderation_page("applause.moderation")  # the one moderation queue: other features' reported words show there too


def _moderation_section(limit: int) -> tuple[str, dict]:
    """Return the reported and hidden shout-outs, with their actions, for the moderation queue."""
    return "applause/_moderation.html", services.moderation_queue(current_user, limit)


def _moderation_log(limit: int) -> list[LogLine]:
    """Return the newest lines of the shout-outs' log, for the queue's one log."""
    return [LogLine(entry.at, entry.actor, entry.action, _("shout-out %(id)s", id=entry.shout_id),
                    url_for("applause.show_shout", shout_id=entry.shout_id), entry.reason)
            for entry in services.log_entries(limit)]


moderation_source(ModerationSource("applause", _l("Shout-outs"), _moderation_section, _moderation_log, order=10))


@task_finished.connect
def thank_for_task(_sender, task_id: int, initiative_id: int, doer_ids: list[int], walkin_count: int,
                   members_only: bool = False, **_extra) -> str | None:
    """A task is done: thank the people who did it with an automatic shout-out (in the same transaction). It keeps
    the task's id, never its title: the board names the task when shown, as the reader may see it; a task the
    initiative keeps for its members is thanked for its members only.

    Answers with the link to the shout-out, so the task's card can point to its applause.
    """
    shout = services.post_automatic_shout("task", task_id, doer_ids, walkin_count, initiative_id=initiative_id,
                                          members_only=members_only)
    return url_for("applause.show_shout", shout_id=shout.id) if has_request_context() else None


@event_took_place.connect
def thank_for_event(_sender, event_id: int, initiative_id: int, helper_ids: list[int], walkin_count: int,
                    people_came: int | None = None, members_only: bool = False, **_extra) -> str | None:
    """An event took place: thank the people who had a shift with an automatic shout-out that says how many came
    (same transaction). It belongs to the initiative and, for a members-only event, is kept for its members, so the
    one visibility rule decides who sees it; the event is named when shown, as the reader may see it."""
    if not helper_ids and not walkin_count:
        return None
    shout = services.post_automatic_shout("event", event_id, helper_ids, walkin_count, initiative_id=initiative_id,
                                          people_count=people_came, members_only=members_only)
    return url_for("applause.show_shout", shout_id=shout.id) if has_request_context() else None


@idea_realised.connect
def thank_for_idea(_sender, idea_id: int, kind: str, proposer_id: int | None, initiative_id: int | None,
                   **_extra) -> str | None:
    """An idea became a task or an initiative: thank whoever proposed it (a resident without an account as "a
    neighbour") with an automatic shout-out, in the same transaction. Answers with the link to it.

    The thanks belong to where the idea became something (`initiative_id`), and are seen by whoever may see that; the
    idea is another matter: it may be a members-only initiative's while what it became is public. So the thanks keep
    the idea's id, and the ideas box names it when shown only to those who may see the idea; the others read that
    someone is thanked for an idea (registry.thanks_subject)."""
    if initiative_id is None:
        return None  # the thanks needs a place to be seen; an idea always becomes something of an initiative now
    shout = services.post_automatic_shout("idea", idea_id, [proposer_id] if proposer_id else [],
                                          0 if proposer_id else 1, initiative_id=initiative_id)
    return url_for("applause.show_shout", shout_id=shout.id) if has_request_context() else None


@page_section("home", order=10)
def newest_applause():
    """Show the three newest shout-outs on the home page."""
    shouts, _cursor = services.feed_page(current_user, size=3)
    return "applause/_home.html", {"shouts": shouts, "clapped": services.clapped_ids(current_user, shouts),
                                   "public": names_public()}


@page_section("open-data", order=20)
def applause_feed():
    """Offer the applause Atom feed on the "use our information" page."""
    return "applause/_open_data.html", {}


@page_section("account", order=10)
def thanks_to_me():
    """Show a person the shout-outs that thank them, on their account page."""
    shouts = services.thanks_for(current_user)
    return "applause/_account.html", {"shouts": shouts, "clapped": services.clapped_ids(current_user, shouts),
                                      "by_email": bool(current_user.email)}


@waiting_count(order=20)
def reports_waiting(user) -> Waiting | None:
    """Tell coordinators how many reported shout-outs wait for a look."""
    if not has_role(user, "coordinator"):
        return None
    count = services.count_open_reports()
    return Waiting(count, ngettext("%(num)s reported thank-you waits for a look",
                                   "%(num)s reported thank-yous wait for a look", count), "applause.moderation")


@initiative_facts(order=20)
def last_applause(initiative_ids: list[int], viewer) -> dict[int, Fact]:
    """Tell per initiative its newest shout-out (shortened), with a link to it."""
    shouts = services.last_shouts(initiative_ids, viewer)
    if not shouts:
        return {}
    # The words and the link once, not per card (gettext and url_for cost more than the rest of a fact).
    words = _("Last thank-you: %(text)s")
    link = id_url("applause.show_shout", "shout_id")
    return {initiative_id: Fact("applause", words % {"text": _short(shout.message, 80)}, link(shout.id),
                                when=shout.created_at)
            for initiative_id, shout in shouts.items()}



def _short(text: str, width: int) -> str:
    """Return textwrap.shorten(text, width), without its word wrapper for a text that fits already (most do)."""
    collapsed = " ".join(text.split())  # what shorten does first
    return collapsed if len(collapsed) <= width else shorten(collapsed, width)


@initiative_section(order=20)
def applause_on_initiative_page(initiative, viewer):
    """Show the newest shout-outs for the initiative, and the way to thank it."""
    shouts, _cursor = services.feed_page(viewer, initiative_id=initiative.id, size=3)
    return "applause/_initiative.html", {"initiative": initiative, "shouts": shouts,
                                         "clapped": services.clapped_ids(viewer, shouts),
                                         "public": names_public(viewer)}


@sheet_section(order=20)
def applause_on_paper(week_start):
    """Put three to five of the newest public shout-outs on the weekly sheet, names as their people chose."""
    shouts = services.for_paper(week_start, limit=5)
    if not shouts:
        return None
    items = tuple(SheetItem(_("Thank you, %(name)s!", name=shout.thanked_label(True)), shorten(shout.message, 140,
                                                                                               placeholder="…"),
                            public_url_for("applause.show_shout", shout_id=shout.id)) for shout in shouts)
    return SheetSection("applause", _("Applause"), items, stamp=",".join(str(shout.id) for shout in shouts))
